"""Submit a draft, and decide: automatically when register data alone satisfy every rule, else by
a counsellor within the statutory deadline.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from portal.extensions import db
from portal.models import (
    AuditTag,
    Person,
    Registration,
    RegistrationDraft,
    RegistrationKind,
    RegistrationState,
)
from portal.models.registration import CODE_ALPHABET
from portal.profiles import CountryProfile
from portal.services import audit, case_assignment, decisions, jobseeker_profile, profiling
from portal.services.registration.decide import register_automatically
from portal.services.registration.drafts import (
    Applicant,
    DraftConflict,
    NoDraft,
    active_registration,
    answers_of,
    assessment,
    contact_of,
    differing_entries,
    is_complete,
    kind_of,
    occupations_of,
    preferences_of,
    schedule_refetch,
    steps,
)
from portal.services.registration.rules import Refusal


class _SubmittedMeanwhile(Exception):
    pass


class NotEligible(Exception):
    def __init__(self, refusal: Refusal):
        super().__init__(refusal.value)
        self.refusal = refusal


class Incomplete(Exception):
    def __init__(self, step: str):
        super().__init__(step)
        self.step = step


@dataclass(frozen=True)
class Submitted:
    registration: Registration
    created: bool  # False when this was a repeated submit of an already submitted draft


def _code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def review_reasons(draft: RegistrationDraft, doubts: tuple[str, ...]) -> list[str]:
    """Why a person, not the rule, must decide: corrections, manual entries, doubtful eligibility."""
    reasons = [f"correction:{key}" for key in sorted(answers_of(draft).corrections)]
    reasons += [f"register_differs:{name}" for name in differing_entries(draft)]
    return reasons + list(doubts)


def submit(applicant: Applicant, version: int, profile: CountryProfile) -> Submitted:
    """Turn the draft into a registration. A double-click or a second tab gets the same registration."""
    draft = db.session.scalar(
        select(RegistrationDraft).where(RegistrationDraft.person_id == applicant.person_id)
    )
    if draft is None:
        existing = active_registration(applicant.person_id)
        if existing is not None:
            return Submitted(existing, created=False)
        raise NoDraft
    if draft.version != version:
        raise DraftConflict
    assessed = assessment(draft, profile)
    if assessed.refusal is not None:
        raise NotEligible(assessed.refusal)
    for step in steps(draft, profile):
        if step != "review" and not is_complete(draft, step):
            raise Incomplete(step)
    kind = RegistrationKind(kind_of(draft, profile))
    today = profile.today()
    reasons = review_reasons(draft, assessed.doubts)
    try:
        with decisions.issuing() as batch:
            session = batch.session
            locked = session.get(RegistrationDraft, draft.id, populate_existing=True)
            if locked is None:  # submitted meanwhile by a double click or another tab
                raise _SubmittedMeanwhile
            if locked.version != version:
                raise DraftConflict
            registration = Registration(
                reference=f"REG-{today:%Y}-{_code(8)}",
                person_id=applicant.person_id,
                kind=kind,
                state=RegistrationState.PENDING,
                decision_due_on=today + dt.timedelta(days=profile.registration.decision_days),
                consent_at=locked.consent_at,
                consent_version=locked.consent_version,
                snapshot=locked.snapshot,
                answers=locked.answers,
                review_reasons=reasons,
            )
            session.add(registration)
            jobseeker_profile.write_from_registration(
                session,
                applicant.person_id,
                snapshot=locked.snapshot,
                contact=contact_of(locked),
                occupations=occupations_of(locked) or [],
                preferences=preferences_of(locked),
            )
            session.delete(locked)
            session.flush()
            case_assignment.open_case(
                session, session.get(Person, applicant.person_id), locked.snapshot, profile, today
            )
            profiling.assess_in(session, applicant.person_id, profile, today, trigger="registration")
            audit.record(
                session,
                AuditTag.REGISTRATION_SUBMIT,
                actor_role="jobseeker",
                purpose=f"registration {registration.reference} submitted",
                actor_person_id=applicant.person_id,
                subject_person_id=applicant.person_id,
                details={"kind": kind.value, "review_reasons": reasons},
            )
            if not reasons:
                register_automatically(batch, registration, profile, today)
            if registration.snapshot.failed():
                batch.after_commit(lambda: schedule_refetch(registration_id=registration.id))
    except (IntegrityError, StaleDataError, _SubmittedMeanwhile):
        # Another request submitted the same draft first; the database's one-active-registration
        # rule catches the races the checks above cannot see.
        db.session.rollback()
        existing = active_registration(applicant.person_id)
        if existing is None:
            raise
        return Submitted(existing, created=False)
    return Submitted(registration, created=True)
