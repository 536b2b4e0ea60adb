"""Every change to a meeting: one transaction with its audit event and, when the person is told, the
inbox message and its outbox row (`inbox.deliver`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import AuditTag, JobseekerCase, Meeting, MeetingState, StaffMember
from portal.models.base import utcnow
from portal.models.meeting import OPEN_STATES
from portal.services import audit, inbox
from portal.services.meetings.rules import (
    MEETING_BOOKED,
    MEETING_CANCELLED,
    MEETING_RESCHEDULED,
    MEETING_TIME_KEPT,
    Booking,
    InvalidBooking,
    TooEarly,
    TooLate,
    WrongState,
    kept_place,
    problems_of,
)


def _tell(session: Session, person_id: int, kind: str) -> int:
    return inbox.deliver(session, person_id=person_id, kind=kind).id


def _audit(
    session: Session,
    tag: AuditTag,
    meeting: Meeting,
    *,
    purpose: str,
    actor_person_id: int,
    actor_role: str,
    request_id: str | None = None,
    **details: object,
) -> None:
    audit.record(
        session,
        tag,
        actor_role=actor_role,
        purpose=purpose,
        actor_person_id=actor_person_id,
        subject_person_id=meeting.person_id,
        request_id=request_id,
        details={"meeting": meeting.id, **details},
    )


# --- the counsellor -----------------------------------------------------------------------------


def book(
    person_id: int,
    booking: Booking,
    *,
    staff: StaffMember,
    request_id: str | None = None,
    now: dt.datetime | None = None,
) -> Meeting:
    """Book a meeting for the person (whose case must exist); the person is told."""
    found = problems_of(booking, now or utcnow())
    if found:
        raise InvalidBooking(found)
    with db.write() as session:
        case = session.scalar(select(JobseekerCase).where(JobseekerCase.person_id == person_id))
        if case is None:
            raise LookupError("no case for this person")
        meeting = Meeting(
            person_id=person_id,
            counsellor_id=staff.id,
            office=case.office,
            kind=booking.kind,
            starts_at=booking.starts_at.astimezone(dt.UTC),
            duration_minutes=booking.duration_minutes,
            topic=(booking.topic or "").strip() or None,
            state=MeetingState.BOOKED,
            booked_by_person_id=staff.person_id,
            **kept_place(booking),
        )
        session.add(meeting)
        session.flush()
        message_id = _tell(session, person_id, MEETING_BOOKED)
        _audit(
            session,
            AuditTag.MEETING_BOOK,
            meeting,
            purpose="meeting booked",
            actor_person_id=staff.person_id,
            actor_role=staff.role.value,
            request_id=request_id,
            kind=booking.kind.value,
        )
    inbox.notify_after_commit([message_id])
    return meeting


def _locked(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id, with_for_update=True, populate_existing=True)
    if meeting is None:
        raise LookupError("no such meeting")
    return meeting


@dataclass
class _Change:
    """A staff member's change to one locked meeting, under way: the body sets `tell` (the inbox
    message kind) and `details` (what the audit event adds) as it decides."""

    session: Session
    meeting: Meeting
    tell: str | None = None
    details: dict[str, object] = field(default_factory=dict)


@contextmanager
def _staff_change(
    meeting_id: int,
    *,
    allowed: tuple[MeetingState, ...],
    staff: StaffMember,
    tag: AuditTag,
    purpose: str,
    request_id: str | None,
) -> Iterator[_Change]:
    """One transaction: lock the meeting, refuse a state outside `allowed`, let the body change it,
    then tell the person (if the body said so) and record the audit event; notify after the commit."""
    with db.write() as session:
        meeting = _locked(session, meeting_id)
        if meeting.state not in allowed:
            raise WrongState
        change = _Change(session, meeting)
        yield change
        message_id = _tell(session, meeting.person_id, change.tell) if change.tell else None
        _audit(
            session,
            tag,
            meeting,
            purpose=purpose,
            actor_person_id=staff.person_id,
            actor_role=staff.role.value,
            request_id=request_id,
            **change.details,
        )
    if message_id is not None:
        inbox.notify_after_commit([message_id])


def _end(meeting: Meeting, staff: StaffMember) -> None:
    meeting.ended_at, meeting.ended_by_person_id = utcnow(), staff.person_id


def reschedule(
    meeting_id: int,
    booking: Booking,
    *,
    staff: StaffMember,
    request_id: str | None = None,
    now: dt.datetime | None = None,
) -> Meeting:
    """Move a meeting still to come (or one the person asked to move) to a new time: the old one
    stays as `rescheduled`, naming the new one; the person is told."""
    found = problems_of(booking, now or utcnow())
    if found:
        raise InvalidBooking(found)
    with _staff_change(
        meeting_id,
        allowed=OPEN_STATES,
        staff=staff,
        tag=AuditTag.MEETING_RESCHEDULE,
        purpose="meeting rescheduled",
        request_id=request_id,
    ) as change:
        old = change.meeting
        new = Meeting(
            person_id=old.person_id,
            counsellor_id=staff.id,
            office=old.office,
            kind=booking.kind,
            starts_at=booking.starts_at.astimezone(dt.UTC),
            duration_minutes=booking.duration_minutes,
            topic=(booking.topic or "").strip() or old.topic,
            state=MeetingState.BOOKED,
            booked_by_person_id=staff.person_id,
            replaces_id=old.id,
            **kept_place(booking),
        )
        change.session.add(new)
        change.session.flush()
        old.state, old.replaced_by_id = MeetingState.RESCHEDULED, new.id
        _end(old, staff)
        change.tell = MEETING_RESCHEDULED
        change.details = {"new_meeting": new.id, "asked_by_person": old.reschedule_requested_at is not None}
    return new


def cancel(meeting_id: int, *, reason: str, staff: StaffMember, request_id: str | None = None) -> Meeting:
    if not reason.strip():
        raise ValueError("a cancellation needs a reason")
    with _staff_change(
        meeting_id,
        allowed=OPEN_STATES,
        staff=staff,
        tag=AuditTag.MEETING_CANCEL,
        purpose="meeting cancelled",
        request_id=request_id,
    ) as change:
        meeting = change.meeting
        meeting.state, meeting.cancel_reason = MeetingState.CANCELLED, reason.strip()
        _end(meeting, staff)
        change.tell = MEETING_CANCELLED
    return meeting


def keep_time(meeting_id: int, *, answer: str, staff: StaffMember, request_id: str | None = None) -> Meeting:
    """Answer a reschedule request by keeping the time, with the reason the person reads."""
    if not answer.strip():
        raise ValueError("keeping the time needs an answer")
    with _staff_change(
        meeting_id,
        allowed=(MeetingState.RESCHEDULE_REQUESTED,),
        staff=staff,
        tag=AuditTag.MEETING_KEEP_TIME,
        purpose="request to reschedule a meeting answered",
        request_id=request_id,
    ) as change:
        meeting = change.meeting
        meeting.state, meeting.reschedule_answer = MeetingState.BOOKED, answer.strip()
        change.tell = MEETING_TIME_KEPT
    return meeting


def record_attendance(
    meeting_id: int,
    *,
    attended: bool,
    staff: StaffMember,
    request_id: str | None = None,
    now: dt.datetime | None = None,
) -> Meeting:
    """After the start: the person came, or did not (then it waits in the queue for a follow-up)."""
    with _staff_change(
        meeting_id,
        allowed=OPEN_STATES,
        staff=staff,
        tag=AuditTag.MEETING_ATTENDANCE,
        purpose="meeting attendance recorded",
        request_id=request_id,
    ) as change:
        meeting = change.meeting
        if (now or utcnow()) < meeting.starts_at:
            raise TooEarly
        meeting.state = MeetingState.ATTENDED if attended else MeetingState.MISSED
        _end(meeting, staff)
        change.details = {"attended": attended}
    return meeting


def follow_up(meeting_id: int, *, text: str, staff: StaffMember, request_id: str | None = None) -> Meeting:
    """What the counsellor did about a missed meeting under the country's rule; off the queue."""
    if not text.strip():
        raise ValueError("a follow-up needs a text")
    with _staff_change(
        meeting_id,
        allowed=(MeetingState.MISSED,),
        staff=staff,
        tag=AuditTag.MEETING_FOLLOW_UP,
        purpose="missed meeting followed up",
        request_id=request_id,
    ) as change:
        meeting = change.meeting
        if meeting.followed_up_at is not None:
            raise WrongState
        meeting.follow_up, meeting.followed_up_at = text.strip(), utcnow()
        meeting.followed_up_by_person_id = staff.person_id
    return meeting


# --- the person ---------------------------------------------------------------------------------


def request_reschedule(
    person_id: int, meeting_id: int, *, reason: str, now: dt.datetime | None = None
) -> Meeting:
    """The person asks for another time, with a reason; the request waits in the office's queue.
    Only their own booked meeting that has not started (`LookupError` otherwise: not theirs)."""
    if not reason.strip():
        raise ValueError("a request to reschedule needs a reason")
    with db.write() as session:
        meeting = session.scalar(
            select(Meeting)
            .where(Meeting.id == meeting_id, Meeting.person_id == person_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        if meeting is None:
            raise LookupError("no such meeting of this person")
        if meeting.state is not MeetingState.BOOKED:
            raise WrongState
        if (now or utcnow()) >= meeting.starts_at:
            raise TooLate
        meeting.state = MeetingState.RESCHEDULE_REQUESTED
        meeting.reschedule_reason, meeting.reschedule_requested_at = reason.strip(), utcnow()
        meeting.reschedule_answer = None
        _audit(
            session,
            AuditTag.MEETING_RESCHEDULE_REQUEST,
            meeting,
            purpose="the person asked to reschedule a meeting",
            actor_person_id=person_id,
            actor_role="jobseeker",
        )
    return meeting
