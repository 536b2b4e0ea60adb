"""Appeals against decisions and answers to "ask a person to review": deadlines, filing, outcomes.

A decision may be appealed for `profile.decisions.appeal_days` days after the day it was issued
(that day counted in the country's time zone; the last day is included). An appeal is answered by
a supervisor within `appeal_answer_days`; a review request by a counsellor within
`review_answer_days`. Either answer is a new decision that `responds_to` the original; when it
changes the outcome it also `supersedes` it, and the original's state becomes CHANGED (else UPHELD).

Attachments: `portal/services/attachments.py`; figures about deadlines: `decision_figures.py`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased

from portal.extensions import db
from portal.models import (
    Appeal,
    AppealState,
    AuditTag,
    Decision,
    DecisionKind,
    DecisionState,
    StaffMember,
    StaffRole,
)
from portal.profiles import CountryProfile
from portal.services import audit, decisions, inbox
from portal.services.attachments import Upload, check_attachments
from portal.services.registration import decide

REASON_MAX = 4000
APPEALABLE_STATES = (DecisionState.ISSUED, DecisionState.UPHELD)
SUPERVISOR_ROLES = (StaffRole.SUPERVISOR, StaffRole.ADMINISTRATOR)
STAFF_ROLES = (StaffRole.COUNSELLOR, StaffRole.SUPERVISOR, StaffRole.ADMINISTRATOR)


class AppealError(Exception):
    pass


class AppealWindowClosed(AppealError):
    def __init__(self, deadline: dt.date):
        super().__init__(f"the appeal period ended on {deadline.isoformat()}")
        self.deadline = deadline


class NotAppealable(AppealError):
    """Not this person's decision, already appealed, or replaced by another decision."""


class AlreadyAnswered(AppealError):
    pass


class NotPermitted(AppealError):
    """The staff member's role may not give this answer."""


RegistrationConflict = decide.RegistrationConflict


# --- deadlines ---------------------------------------------------------------------------------


def appeal_deadline(decision: Decision, profile: CountryProfile) -> dt.date:
    """The last day (inclusive) on which the decision may be appealed."""
    return profile.local_date(decision.issued_at) + dt.timedelta(days=profile.decisions.appeal_days)


# A decision's own page reads these on every view: built once, the decision bound at each execution
# (building and keying an ORM SELECT cost more CPU than running it for a row or two).
_DECISION_ID = bindparam("decision_id")
_PENDING_APPEAL = select(Appeal).where(
    Appeal.decision_id == _DECISION_ID, Appeal.state == AppealState.PENDING
)
_SUPERSEDING = (
    select(Decision).where(Decision.supersedes_id == _DECISION_ID).order_by(Decision.id.desc()).limit(1)
)
_ANSWERS = select(Decision).where(Decision.responds_to_id == _DECISION_ID).order_by(Decision.id)


def pending_appeal(decision_id: int) -> Appeal | None:
    return db.session.scalar(_PENDING_APPEAL, {"decision_id": decision_id})


def latest_appeal(decision_id: int) -> Appeal | None:
    return db.session.scalar(
        select(Appeal).where(Appeal.decision_id == decision_id).order_by(Appeal.id.desc()).limit(1)
    )


def is_appealable_kind(decision: Decision) -> bool:
    """An appeal's own outcome is contested in the administrative court, not by another appeal."""
    return decision.kind is not DecisionKind.APPEAL_OUTCOME and decision.appealable


_NOT_READ = object()


def can_appeal(
    decision: Decision,
    profile: CountryProfile,
    today: dt.date,
    *,
    person_id: int | None = None,
    pending: Appeal | object | None = _NOT_READ,
) -> bool:
    """Whether the person (when `person_id` is given: only the decision's own person) may appeal.
    `pending`: the decision's pending appeal when the caller has read it already (None: none)."""
    if person_id is not None and decision.person_id != person_id:
        return False
    return (
        is_appealable_kind(decision)
        and decision.state in APPEALABLE_STATES
        and today <= appeal_deadline(decision, profile)
        and (pending_appeal(decision.id) if pending is _NOT_READ else pending) is None
    )


def review_due_on(decision: Decision, profile: CountryProfile) -> dt.date | None:
    if decision.review_requested_at is None:
        return None
    return profile.local_date(decision.review_requested_at) + dt.timedelta(
        days=profile.decisions.review_answer_days
    )


def superseding_decision(decision_id: int) -> Decision | None:
    return db.session.scalar(_SUPERSEDING, {"decision_id": decision_id})


def answers_to(decision_id: int) -> list[Decision]:
    """The review and appeal outcomes that answer `decision_id`, oldest first."""
    return list(db.session.scalars(_ANSWERS, {"decision_id": decision_id}))


def review_outcome(decision_id: int) -> Decision | None:
    return db.session.scalar(
        select(Decision)
        .where(Decision.responds_to_id == decision_id, Decision.kind == DecisionKind.REVIEW_OUTCOME)
        .limit(1)
    )


def review_pending(decision: Decision) -> bool:
    """A review was asked for, no counsellor has answered, and no appeal took it over."""
    return (
        decision.review_requested_at is not None
        and decision.state is DecisionState.ISSUED
        and review_outcome(decision.id) is None
    )


_OUTCOME = aliased(Decision, name="outcome")  # made once: an alias per call cost ~0.4 ms of CPU


def pending_review_filter():
    """In SQL what `review_pending` says of one decision: asked, still issued, not answered."""
    outcome = _OUTCOME
    answered = (
        select(outcome.id)
        .where(outcome.responds_to_id == Decision.id, outcome.kind == DecisionKind.REVIEW_OUTCOME)
        .exists()
    )
    return Decision.review_requested_at.is_not(None) & (Decision.state == DecisionState.ISSUED) & ~answered


def pending_reviews() -> list[Decision]:
    return list(
        db.session.scalars(
            select(Decision)
            .where(pending_review_filter())
            .order_by(Decision.review_requested_at, Decision.id)
        )
    )


# The back-office home's counts, built once (building and keying a statement cost more than running it).
PENDING_REVIEW_COUNT = select(func.count()).select_from(Decision).where(pending_review_filter())
PENDING_APPEAL_COUNT = select(func.count()).select_from(Appeal).where(Appeal.state == AppealState.PENDING)


def pending_review_count() -> int:
    return db.session.scalar(PENDING_REVIEW_COUNT) or 0


def pending_appeal_count() -> int:
    return db.session.scalar(PENDING_APPEAL_COUNT) or 0


# --- filing an appeal --------------------------------------------------------------------------


def file_appeal(
    decision_id: int, person_id: int, reason: str, attachments: list[Upload], profile: CountryProfile
) -> Appeal:
    """The person appeals their own decision. Raises `LookupError` for a decision that is not
    theirs, `AppealWindowClosed`, `NotAppealable`, `TooManyAttachments`, `AttachmentRefused`."""
    today = profile.today()
    checked = check_attachments(attachments)  # before any write: a refused file changes nothing
    with db.write() as session:
        decision = session.get(Decision, decision_id, populate_existing=True, with_for_update=True)
        if decision is None or decision.person_id != person_id:
            raise LookupError(decision_id)
        deadline = appeal_deadline(decision, profile)
        if today > deadline:
            raise AppealWindowClosed(deadline)
        if not can_appeal(decision, profile, today, person_id=person_id):
            raise NotAppealable(decision_id)
        appeal = Appeal(
            decision_id=decision.id,
            person_id=person_id,
            reason=reason.strip(),
            due_on=today + dt.timedelta(days=profile.decisions.appeal_answer_days),
            state=AppealState.PENDING,
            attachments=checked,
        )
        session.add(appeal)
        decision.state = DecisionState.APPEALED
        session.flush()
        audit.record(
            session,
            AuditTag.APPEAL_FILE,
            actor_role="jobseeker",
            purpose="appeal against a decision filed",
            actor_person_id=person_id,
            subject_person_id=person_id,
            details={
                "event": "appeal:file",
                "appeal": appeal.id,
                "decision": decision.id,
                "attachments": [
                    {"media_type": a.media_type, "size": a.size, "sha256": a.sha256} for a in checked
                ],
            },
        )
        message = inbox.deliver(session, person_id=person_id, kind="appeal_received", decision_id=decision.id)
    inbox.notify_after_commit([message.id])
    return appeal


def pending_appeals() -> list[Appeal]:
    """Appeals waiting for a supervisor, the nearest deadline first."""
    return list(
        db.session.scalars(
            select(Appeal)
            .where(Appeal.state == AppealState.PENDING)
            .order_by(Appeal.due_on, Appeal.filed_at, Appeal.id)
        )
    )


# --- answers: appeal outcomes and review outcomes ----------------------------------------------


def decide_appeal(
    appeal_id: int, *, staff: StaffMember, upheld: bool, reasoning: str, profile: CountryProfile
) -> Decision:
    """A supervisor's answer to an appeal. `upheld=True`: the original decision stands (UPHELD);
    `upheld=False`: it is changed (CHANGED), the new decision supersedes it, and the registration
    becomes what the new decision says (`registration.decide.change_effect`). Raises
    `NotPermitted` (role), `decisions.OwnCase`, `decisions.OwnDecision`, `AlreadyAnswered`,
    `RegistrationConflict`."""
    if staff.role not in SUPERVISOR_ROLES:
        raise NotPermitted(staff.role.value)
    today = profile.today()
    with decisions.issuing() as batch:
        appeal = batch.session.get(Appeal, appeal_id, populate_existing=True, with_for_update=True)
        if appeal is None:
            raise LookupError(appeal_id)
        if appeal.state is not AppealState.PENDING:
            raise AlreadyAnswered(appeal_id)
        original = batch.session.get(
            Decision, appeal.decision_id, populate_existing=True, with_for_update=True
        )
        outcome = _answer(
            batch,
            original,
            DecisionKind.APPEAL_OUTCOME,
            staff,
            upheld,
            reasoning,
            appeal.due_on,
            profile,
            today,
        )
        appeal.state = AppealState.DECIDED
        appeal.outcome_decision_id = outcome.id
        appeal.handled_by_staff_id = staff.id
        audit.record(
            batch.session,
            AuditTag.APPEAL_DECIDE,
            actor_role=staff.role.value,
            purpose=f"appeal answered: decision {'upheld' if upheld else 'changed'}",
            actor_person_id=staff.person_id,
            subject_person_id=original.person_id,
            details={"event": "appeal:decide", "appeal": appeal.id, "decision": outcome.id},
        )
    return outcome


def answer_review(
    decision_id: int, *, staff: StaffMember, upheld: bool, reasoning: str, profile: CountryProfile
) -> Decision:
    """A counsellor's (or supervisor's) answer to "ask a person to review" an automated decision."""
    if staff.role not in STAFF_ROLES:
        raise NotPermitted(staff.role.value)
    today = profile.today()
    with decisions.issuing() as batch:
        original = batch.session.get(Decision, decision_id, populate_existing=True, with_for_update=True)
        if original is None or original.review_requested_at is None:
            raise LookupError(decision_id)
        if original.state is not DecisionState.ISSUED or review_outcome(original.id) is not None:
            raise AlreadyAnswered(decision_id)  # answered, or an appeal took the review over
        due_on = review_due_on(original, profile)
        outcome = _answer(
            batch, original, DecisionKind.REVIEW_OUTCOME, staff, upheld, reasoning, due_on, profile, today
        )
        audit.record(
            batch.session,
            AuditTag.DECISION_REVIEW_ANSWER,
            actor_role=staff.role.value,
            purpose=f"review answered: decision {'upheld' if upheld else 'changed'}",
            actor_person_id=staff.person_id,
            subject_person_id=original.person_id,
            details={"event": "review:answer", "reviewed": original.id, "decision": outcome.id},
        )
    return outcome


# Decisions about something other than the registration: changing one on review or appeal issues
# the answer but leaves the registration as it is (a training request's answer is redone by hand).
# Changing these on review or appeal must not run the registration's change: a training answer is
# about the training; a refused-offer breach changed on appeal leaves its consequence to a counsellor.
NOT_ABOUT_REGISTRATION = (
    DecisionKind.TRAINING_APPROVED,
    DecisionKind.TRAINING_REJECTED,
    DecisionKind.REFUSAL_BREACH,
)


def changes_registration(decision: Decision) -> bool:
    """Whether changing `decision` on review or appeal changes the person's registration."""
    return decision.kind not in NOT_ABOUT_REGISTRATION


def _answer(
    batch: decisions.Issuing,
    original: Decision,
    kind: DecisionKind,
    staff: StaffMember,
    upheld: bool,
    reasoning: str,
    due_on: dt.date | None,
    profile: CountryProfile,
    today: dt.date,
) -> Decision:
    """The answering decision; a change also changes the registration."""
    outcome = batch.answer(
        original, kind=kind, staff=staff, upheld=upheld, reasoning=reasoning, due_on=due_on
    )
    if not upheld and changes_registration(original):
        decide.apply_change(batch, original.registration, profile, today)
    return outcome
