"""Appeals against decisions and answers to "ask a person to review": deadlines, filing, outcomes.

A decision may be appealed for `profile.decisions.appeal_days` days after the day it was issued
(that day counted in the country's time zone; the last day is included). An appeal is answered by
a supervisor within `appeal_answer_days`; a review request by a counsellor within
`review_answer_days`. Either answer is a new decision that `responds_to` the original; when it
changes the outcome it also `supersedes` it, and the original's state becomes CHANGED (else UPHELD).

Attachments are checked from their content, never from their name or the browser's media type.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import (
    Appeal,
    AppealAttachment,
    AppealState,
    AuditTag,
    Decision,
    DecisionKind,
    DecisionState,
    Registration,
    RegistrationState,
    StaffMember,
    StaffRole,
)
from portal.profiles import CountryProfile
from portal.services import audit, inbox
from portal.services.registration import submit

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
REASON_MAX = 4000
FILENAME_MAX = 150
# The content signatures we accept, and the extension a stored name gets for each.
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}
APPEALABLE_STATES = (DecisionState.ISSUED, DecisionState.UPHELD)
SUPERVISOR_ROLES = (StaffRole.SUPERVISOR, StaffRole.ADMINISTRATOR)
STAFF_ROLES = (StaffRole.COUNSELLOR, StaffRole.SUPERVISOR, StaffRole.ADMINISTRATOR)


@dataclass(frozen=True)
class Upload:
    """A file as the person sent it: the name is only a label, the content is what counts."""

    filename: str
    content: bytes


class AppealError(Exception):
    pass


class AppealWindowClosed(AppealError):
    def __init__(self, deadline: dt.date):
        super().__init__(f"the appeal period ended on {deadline.isoformat()}")
        self.deadline = deadline


class NotAppealable(AppealError):
    """Not this person's decision, already appealed, or replaced by another decision."""


class AttachmentRefused(AppealError):
    """`code` is one of "type", "size", "empty"; `reason` says it in English for logs."""

    REASONS = {
        "type": "not a PDF, JPEG or PNG file",
        "size": "larger than 10 MB",
        "empty": "the file is empty",
    }

    def __init__(self, filename: str, reason: str, code: str = "type", index: int = 0):
        super().__init__(f"{filename}: {reason}")
        self.filename = filename
        self.reason = reason
        self.code = code
        self.index = index  # position among the uploads, from 0


class TooManyAttachments(AppealError):
    def __init__(self, count: int):
        super().__init__(f"{count} attachments; at most {MAX_ATTACHMENTS}")
        self.count = count


class AlreadyAnswered(AppealError):
    pass


class NotPermitted(AppealError):
    """The staff member's role may not give this answer."""


class RegistrationConflict(AppealError):
    """The person has another active registration, so a refusal cannot turn into a registration."""


# --- deadlines ---------------------------------------------------------------------------------


def appeal_deadline(decision: Decision, profile: CountryProfile) -> dt.date:
    """The last day (inclusive) on which the decision may be appealed."""
    return profile.local_date(decision.issued_at) + dt.timedelta(days=profile.decisions.appeal_days)


def pending_appeal(decision_id: int) -> Appeal | None:
    return db.session.scalar(
        select(Appeal).where(Appeal.decision_id == decision_id, Appeal.state == AppealState.PENDING)
    )


def latest_appeal(decision_id: int) -> Appeal | None:
    return db.session.scalar(
        select(Appeal).where(Appeal.decision_id == decision_id).order_by(Appeal.id.desc()).limit(1)
    )


def is_appealable_kind(decision: Decision) -> bool:
    """An appeal's own outcome is contested in the administrative court, not by another appeal."""
    return decision.kind is not DecisionKind.APPEAL_OUTCOME


def can_appeal(
    decision: Decision, profile: CountryProfile, today: dt.date, *, person_id: int | None = None
) -> bool:
    """Whether the person (when `person_id` is given: only the decision's own person) may appeal."""
    if person_id is not None and decision.person_id != person_id:
        return False
    return (
        is_appealable_kind(decision)
        and decision.state in APPEALABLE_STATES
        and today <= appeal_deadline(decision, profile)
        and pending_appeal(decision.id) is None
    )


def review_due_on(decision: Decision, profile: CountryProfile) -> dt.date | None:
    if decision.review_requested_at is None:
        return None
    return profile.local_date(decision.review_requested_at) + dt.timedelta(
        days=profile.decisions.review_answer_days
    )


def superseding_decision(decision_id: int) -> Decision | None:
    return db.session.scalar(
        select(Decision).where(Decision.supersedes_id == decision_id).order_by(Decision.id.desc()).limit(1)
    )


def answers_to(decision_id: int) -> list[Decision]:
    """The review and appeal outcomes that answer `decision_id`, oldest first."""
    return list(
        db.session.scalars(
            select(Decision).where(Decision.responds_to_id == decision_id).order_by(Decision.id)
        )
    )


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


def pending_reviews() -> list[Decision]:
    return [decision for decision in submit.review_requests() if review_pending(decision)]


# --- attachments -------------------------------------------------------------------------------


def detect_media_type(content: bytes) -> str | None:
    for signature, media_type, _extension in SIGNATURES:
        if content.startswith(signature):
            return media_type
    return None


_UNSAFE = re.compile(r"[^\w .()+-]", re.UNICODE)


def safe_filename(name: str, media_type: str, index: int = 1) -> str:
    """A name that is safe to store and to offer for download: no path, no control characters,
    at most `FILENAME_MAX` characters, and an extension that matches the detected content."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]  # browsers on Windows may send a full path
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"[\s_]+", lambda m: " " if m.group(0).isspace() else "_", name).strip(" ._")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    if f".{extension.lower()}" not in EXTENSIONS[media_type]:
        stem = name  # keep what the person wrote, and add the right extension
        extension = EXTENSIONS[media_type][0].lstrip(".")
    stem = stem.strip(" ._")[: FILENAME_MAX - len(extension) - 1] or f"attachment-{index}"
    return f"{stem}.{extension.lower()}"


def check_attachments(uploads: list[Upload]) -> list[AppealAttachment]:
    """The uploads as attachments, or `TooManyAttachments` / `AttachmentRefused` for the first bad one."""
    if len(uploads) > MAX_ATTACHMENTS:
        raise TooManyAttachments(len(uploads))
    attachments = []
    for index, upload in enumerate(uploads):
        label = upload.filename or f"attachment-{index + 1}"
        size = len(upload.content)
        if size == 0:
            raise AttachmentRefused(label, AttachmentRefused.REASONS["empty"], "empty", index)
        if size > MAX_ATTACHMENT_BYTES:
            raise AttachmentRefused(label, AttachmentRefused.REASONS["size"], "size", index)
        media_type = detect_media_type(upload.content)
        if media_type is None:
            raise AttachmentRefused(label, AttachmentRefused.REASONS["type"], "type", index)
        attachments.append(
            AppealAttachment(
                filename=safe_filename(upload.filename, media_type, index + 1),
                media_type=media_type,
                size=size,
                sha256=hashlib.sha256(upload.content).hexdigest(),
                content=upload.content,
            )
        )
    return attachments


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
        message_ids = [message.id]
    inbox.notify_after_commit(message_ids)
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
    `upheld=False`: it is changed (CHANGED) and the new decision supersedes it. A refused
    registration whose refusal is changed becomes a registration, as a counsellor's approval would."""
    if staff.role not in SUPERVISOR_ROLES:
        raise NotPermitted(staff.role.value)
    today = profile.today()
    with db.write() as session:
        appeal = session.get(Appeal, appeal_id, populate_existing=True, with_for_update=True)
        if appeal is None:
            raise LookupError(appeal_id)
        if appeal.state is not AppealState.PENDING:
            raise AlreadyAnswered(appeal_id)
        original = session.get(Decision, appeal.decision_id, populate_existing=True, with_for_update=True)
        if staff.id is not None and original.issued_by_staff_id == staff.id:
            raise NotPermitted("own decision")  # an appeal is answered by someone else
        if original.person_id == staff.person_id:
            raise NotPermitted("own case")  # staff are citizens too: nobody decides their own case
        outcome, message_ids, registered_now = _answer(
            session,
            original,
            kind=DecisionKind.APPEAL_OUTCOME,
            staff=staff,
            upheld=upheld,
            reasoning=reasoning,
            due_on=appeal.due_on,
            profile=profile,
            today=today,
        )
        appeal.state = AppealState.DECIDED
        appeal.outcome_decision_id = outcome.id
        appeal.handled_by_staff_id = staff.id
        audit.record(
            session,
            AuditTag.APPEAL_DECIDE,
            actor_role=staff.role.value,
            purpose=f"appeal answered: decision {'upheld' if upheld else 'changed'}",
            actor_person_id=staff.person_id,
            subject_person_id=original.person_id,
            details={"event": "appeal:decide", "appeal": appeal.id, "decision": outcome.id},
        )
        registration = original.registration
    _after(registration, message_ids, registered_now)
    return outcome


def answer_review(
    decision_id: int, *, staff: StaffMember, upheld: bool, reasoning: str, profile: CountryProfile
) -> Decision:
    """A counsellor's (or supervisor's) answer to "ask a person to review" an automated decision."""
    if staff.role not in STAFF_ROLES:
        raise NotPermitted(staff.role.value)
    today = profile.today()
    with db.write() as session:
        original = session.get(Decision, decision_id, populate_existing=True, with_for_update=True)
        if original is None or original.review_requested_at is None:
            raise LookupError(decision_id)
        if original.state is not DecisionState.ISSUED or review_outcome(original.id) is not None:
            raise AlreadyAnswered(decision_id)  # answered, or an appeal took the review over
        if original.person_id == staff.person_id:
            raise NotPermitted("own case")  # staff are citizens too: nobody decides their own case
        outcome, message_ids, registered_now = _answer(
            session,
            original,
            kind=DecisionKind.REVIEW_OUTCOME,
            staff=staff,
            upheld=upheld,
            reasoning=reasoning,
            due_on=review_due_on(original, profile),
            profile=profile,
            today=today,
        )
        audit.record(
            session,
            AuditTag.DECISION_REVIEW_ANSWER,
            actor_role=staff.role.value,
            purpose=f"review answered: decision {'upheld' if upheld else 'changed'}",
            actor_person_id=staff.person_id,
            subject_person_id=original.person_id,
            details={"event": "review:answer", "reviewed": original.id, "decision": outcome.id},
        )
        registration = original.registration
    _after(registration, message_ids, registered_now)
    return outcome


def _answer(
    session: Session,
    original: Decision,
    *,
    kind: DecisionKind,
    staff: StaffMember,
    upheld: bool,
    reasoning: str,
    due_on: dt.date | None,
    profile: CountryProfile,
    today: dt.date,
) -> tuple[Decision, list[int], bool]:
    """The answering decision, the inbox message ids, and whether the answer registered the person."""
    registration = original.registration
    registers = (
        not upheld
        and original.kind is DecisionKind.REGISTRATION_REJECTED
        and registration.state is RegistrationState.REJECTED
    )
    message_ids: list[int] = []
    if registers:
        other = session.scalar(
            select(Registration).where(
                Registration.person_id == registration.person_id,
                Registration.id != registration.id,
                Registration.state.in_((RegistrationState.PENDING, RegistrationState.REGISTERED)),
            )
        )
        if other is not None:
            raise RegistrationConflict(other.reference)
        # The same path as a counsellor's approval: state, certificate, notifications. It adds a
        # registration decision, which becomes the answer itself: one act, one decision.
        message_ids = list(
            submit._register(session, registration, profile, today, staff=staff, reasoning=reasoning) or []
        )
        outcome = session.scalar(
            select(Decision)
            .where(Decision.registration_id == registration.id)
            .order_by(Decision.id.desc())
            .limit(1)
        )
        outcome.kind = kind
    else:
        outcome = Decision(
            registration=registration,
            person_id=original.person_id,
            kind=kind,
            reasoning=reasoning,
            issued_by_staff_id=staff.id,
            facts=dict(original.facts or {}),
        )
        session.add(outcome)
    outcome.legal_basis = original.legal_basis
    outcome.automated_rule = None
    outcome.responds_to_id = original.id
    outcome.supersedes_id = None if upheld else original.id
    outcome.decision_due_on = due_on
    original.state = DecisionState.UPHELD if upheld else DecisionState.CHANGED
    session.flush()
    # The registration path above delivered this decision already: `deliver` returns that message.
    message = inbox.deliver(
        session, person_id=original.person_id, kind=inbox.DECISION, decision_id=outcome.id
    )
    return outcome, list(dict.fromkeys([*message_ids, message.id])), registers


def _after(registration: Registration, message_ids: list[int], registered_now: bool) -> None:
    """After the commit: tell the person; when the answer registered them, also the notifications
    to other institutions, as after any registration."""
    if registered_now:
        submit._after_registration(registration, message_ids)
    else:
        inbox.notify_after_commit(message_ids)


# --- figures -----------------------------------------------------------------------------------


def decisions_on_time(
    since: dt.date | dt.datetime | None = None, profile: CountryProfile | None = None
) -> tuple[int, int]:
    """(decisions issued on or before their due date, decisions that had a due date), counting the
    issue day in the country's time zone. `since` limits it to decisions issued from then on."""
    profile = profile or current_app.extensions["profile"]
    query = select(Decision.issued_at, Decision.decision_due_on).where(Decision.decision_due_on.is_not(None))
    if since is not None:
        if not isinstance(since, dt.datetime):
            since = dt.datetime.combine(since, dt.time(), tzinfo=profile.tz)
        query = query.where(Decision.issued_at >= since.astimezone(dt.UTC))
    on_time = total = 0
    for issued_at, due_on in db.session.execute(query):
        total += 1
        if profile.local_date(issued_at) <= due_on:
            on_time += 1
    return on_time, total


@dataclass(frozen=True)
class DeadlineCounts:
    """Cases overdue or due within `soon_days`: counts only, for the office reminder."""

    registrations_overdue: int
    registrations_due_soon: int
    appeals_overdue: int
    appeals_due_soon: int
    reviews_overdue: int
    reviews_due_soon: int

    @property
    def total(self) -> int:
        return (
            self.registrations_overdue
            + self.registrations_due_soon
            + self.appeals_overdue
            + self.appeals_due_soon
            + self.reviews_overdue
            + self.reviews_due_soon
        )


def deadline_counts(profile: CountryProfile, today: dt.date, soon_days: int = 2) -> DeadlineCounts:
    soon = today + dt.timedelta(days=soon_days)

    def split(dates: list[dt.date]) -> tuple[int, int]:
        return sum(d < today for d in dates), sum(today <= d <= soon for d in dates)

    registrations = split(
        list(
            db.session.scalars(
                select(Registration.decision_due_on).where(Registration.state == RegistrationState.PENDING)
            )
        )
    )
    appeals = split(
        list(db.session.scalars(select(Appeal.due_on).where(Appeal.state == AppealState.PENDING)))
    )
    reviews = split([review_due_on(decision, profile) for decision in pending_reviews()])
    return DeadlineCounts(*registrations, *appeals, *reviews)
