"""Submit a draft, and decide: automatically when register data alone satisfy every rule, else by
a counsellor within the statutory deadline.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from portal.extensions import db
from portal.models import (
    AuditTag,
    Certificate,
    Decision,
    DecisionKind,
    DecisionState,
    Registration,
    RegistrationDraft,
    RegistrationKind,
    RegistrationState,
    StaffMember,
)
from portal.profiles import CountryProfile
from portal.services import audit, inbox, jobseeker_profile
from portal.services.registration.drafts import (
    Applicant,
    DraftConflict,
    NoDraft,
    active_registration,
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

AUTOMATED_RULE = "registration-from-register-data"  # its reasons, translated: portal/decision_texts.py
# Crockford's base32 without I, L, O, U: codes people read aloud or type from paper.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


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
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(length))


def review_reasons(draft: RegistrationDraft, doubts: tuple[str, ...]) -> list[str]:
    """Why a person, not the rule, must decide: corrections, manual entries, doubtful eligibility."""
    reasons = [f"correction:{key}" for key in sorted(draft.answers.get("corrections", {}))]
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
    message_ids: list[int] = []
    try:
        with db.write() as session:
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
                message_ids = _register(
                    session, registration, profile, today, staff=None, reasoning=_automatic_reasoning(kind)
                )
    except (IntegrityError, StaleDataError, _SubmittedMeanwhile):
        # Another request submitted the same draft first; the database's one-active-registration
        # rule catches the races the checks above cannot see.
        db.session.rollback()
        existing = active_registration(applicant.person_id)
        if existing is None:
            raise
        return Submitted(existing, created=False)
    _after_registration(registration, message_ids)
    return Submitted(registration, created=True)


def _automatic_reasoning(kind: RegistrationKind) -> str:
    what = "unemployed" if kind is RegistrationKind.UNEMPLOYED else "a jobseeker"
    return (
        f"The person is registered as {what}. The population register shows a living resident of "
        "working age; the tax register shows no active employment"
        + ("" if kind is RegistrationKind.UNEMPLOYED else " ended (the person is employed or under notice)")
        + ". Every condition was met by register data, so the decision was made automatically; "
        "the person may ask for a review by a counsellor."
    )


def _register(
    session: Session,
    registration: Registration,
    profile: CountryProfile,
    today: dt.date,
    *,
    staff: StaffMember | None,
    reasoning: str,
) -> list[int]:
    """Register: the decision, the certificate for the unemployed, the notifications to other
    institutions and the person's inbox messages. Returns the messages' ids for
    `_after_registration` (to be told about after the commit)."""
    registration.state = RegistrationState.REGISTERED
    registration.registered_on = today
    decision = Decision(
        registration=registration,
        person_id=registration.person_id,
        kind=DecisionKind.REGISTRATION,
        legal_basis=profile.registration.legal_basis,
        reasoning=reasoning,
        automated_rule=None if staff else AUTOMATED_RULE,
        issued_by_staff_id=staff.id if staff else None,
        facts=_facts(registration),
        decision_due_on=registration.decision_due_on,
    )
    session.add(decision)
    certificate = None
    if registration.kind is RegistrationKind.UNEMPLOYED:
        certificate = Certificate(
            number=f"{profile.code}-{today:%Y}-{_code(8)}",
            verification_code=_code(16),
            registration=registration,
            person_id=registration.person_id,
            issued_on=today,
            valid_until=today + dt.timedelta(days=profile.registration.certificate_days),
        )
        session.add(certificate)
    session.flush()
    from portal.services.notifications import enqueue_registration_notifications

    enqueue_registration_notifications(session, registration)
    messages = [
        inbox.deliver(session, person_id=registration.person_id, kind=inbox.DECISION, decision_id=decision.id)
    ]
    if certificate is not None:
        messages.append(
            inbox.deliver(
                session,
                person_id=registration.person_id,
                kind=inbox.CERTIFICATE,
                certificate_id=certificate.id,
            )
        )
    return [message.id for message in messages]


def _facts(registration: Registration) -> dict[str, object]:
    """The register answers behind the decision, each with the X-Road message that brought it, so
    the person (and a court) can see which data were used and find the calls in the query log."""
    return {
        name: {
            "status": section.status.value,
            "read_at": section.read_at.isoformat() if section.read_at else None,
            "xroad_id": section.xroad_id,
        }
        for name, section in registration.snapshot.sections().items()
    }


def _after_registration(registration: Registration, message_ids: Sequence[int] = ()) -> None:
    """Outside the transaction: hand notifications, the inbox messages (`message_ids`, a refusal's
    too) and re-reading of failed registers to the queue."""
    if registration.snapshot.failed():
        schedule_refetch(registration_id=registration.id)
    inbox.notify_after_commit(message_ids)
    if registration.state is not RegistrationState.REGISTERED:
        return
    from portal.services.notifications import schedule_notifications

    schedule_notifications([notification.id for notification in registration.notifications])


# --- counsellor decisions -------------------------------------------------------------------


class AlreadyDecided(Exception):
    pass


class OwnCase(Exception):
    """Staff are also citizens: nobody decides their own case."""


def pending_queue() -> list[Registration]:
    """Registrations waiting for a counsellor, the nearest deadline first."""
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.state == RegistrationState.PENDING)
            .order_by(Registration.decision_due_on, Registration.submitted_at)
        )
    )


def decide(
    registration_id: int, *, approve: bool, reason: str, staff: StaffMember, profile: CountryProfile
) -> Registration:
    """A counsellor's decision on a pending registration, with the reason the person will read."""
    today = profile.today()
    with db.write() as session:
        # What is stored now, locked: not the copy the page loaded before another counsellor decided.
        registration = session.get(
            Registration, registration_id, populate_existing=True, with_for_update=True
        )
        if registration is None:
            raise LookupError(registration_id)
        if registration.person_id == staff.person_id:
            raise OwnCase
        if registration.state is not RegistrationState.PENDING:
            raise AlreadyDecided
        if approve:
            message_ids = _register(session, registration, profile, today, staff=staff, reasoning=reason)
        else:
            registration.state = RegistrationState.REJECTED
            refusal = Decision(
                registration=registration,
                person_id=registration.person_id,
                kind=DecisionKind.REGISTRATION_REJECTED,
                legal_basis=profile.registration.legal_basis,
                reasoning=reason,
                issued_by_staff_id=staff.id,
                facts=_facts(registration),
                decision_due_on=registration.decision_due_on,
            )
            session.add(refusal)
            session.flush()
            message = inbox.deliver(
                session, person_id=registration.person_id, kind=inbox.DECISION, decision_id=refusal.id
            )
            message_ids = [message.id]
        audit.record(
            session,
            AuditTag.REGISTRATION_DECIDE,
            actor_role=staff.role.value,
            purpose=f"registration {registration.reference} {'approved' if approve else 'rejected'}",
            actor_person_id=staff.person_id,
            subject_person_id=registration.person_id,
        )
    _after_registration(registration, message_ids)
    return registration


def request_review(decision_id: int, person_id: int, reason: str) -> Decision:
    """The person asks a counsellor to look at an automated decision (once)."""
    with db.write() as session:
        decision = session.get(Decision, decision_id, populate_existing=True, with_for_update=True)
        if decision is None or decision.person_id != person_id:
            raise LookupError(decision_id)
        # Once only, and not after an appeal took the decision over.
        if decision.review_requested_at is None and decision.state is DecisionState.ISSUED:
            decision.review_requested_at = dt.datetime.now(dt.UTC)
            decision.review_reason = reason
            audit.record(
                session,
                AuditTag.DECISION_REVIEW_REQUEST,
                actor_role="jobseeker",
                purpose="review of an automated decision requested",
                actor_person_id=person_id,
                subject_person_id=person_id,
            )
    return decision


def review_requests() -> list[Decision]:
    return list(
        db.session.scalars(
            select(Decision)
            .where(Decision.review_requested_at.is_not(None))
            .order_by(Decision.review_requested_at)
        )
    )
