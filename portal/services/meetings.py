"""Meetings between a counsellor and a jobseeker (issue 15).

The counsellor books a meeting (in person at an address, by phone, or by a video link) from the
case; the person is told in their inbox and reminded the day before; they may ask for another time
with a reason, which goes to the office's queue; the counsellor moves the meeting (the old row stays,
`rescheduled`, so the history keeps every time), keeps the time with an answer, or cancels it with a
reason; after the start the counsellor records whether the person came. A missed meeting waits in
the queue with the country's rule (`profile.meetings.missed_rule`) until the counsellor records what
they did: nothing follows automatically.

Every change is one transaction with its audit event and, when the person is told, the inbox
message and its outbox row (`inbox.deliver`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlalchemy import bindparam, case, func, select, update
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import (
    AuditTag,
    JobseekerCase,
    Meeting,
    MeetingKind,
    MeetingState,
    Person,
    StaffMember,
)
from portal.models.base import utcnow
from portal.models.meeting import OPEN_STATES
from portal.profiles import CountryProfile
from portal.services import audit, inbox
from portal.services.request_memo import shelf

REASON_MAX = 1000
TOPIC_MAX = 300
ADDRESS_MAX = 300
URL_MAX = 500
PHONE_MAX = 40
DURATION_MAX = 480
# Inbox message kinds.
MEETING_BOOKED = "meeting_booked"
MEETING_RESCHEDULED = "meeting_rescheduled"
MEETING_CANCELLED = "meeting_cancelled"
MEETING_REMINDER = "meeting_reminder"
MEETING_TIME_KEPT = "meeting_time_kept"


class InvalidBooking(Exception):
    """What is wrong with a booking, by field: {"starts_at": "past", "video_url": "not_https"}."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


class WrongState(Exception):
    """The meeting is not in a state that allows this (moved, cancelled or recorded meanwhile)."""


class TooEarly(Exception):
    """Attendance is recorded only once the meeting has started."""


class TooLate(Exception):
    """The meeting has started: it can no longer be moved at the person's request."""


@dataclass(frozen=True)
class Booking:
    """What the counsellor entered: when (aware, any zone), how long, how and where."""

    kind: MeetingKind
    starts_at: dt.datetime
    duration_minutes: int
    address: str | None = None
    video_url: str | None = None
    phone: str | None = None
    topic: str | None = None


def problems_of(booking: Booking, now: dt.datetime) -> dict[str, str]:
    """The booking's problems by field (empty: it may be booked). The form shows them in words."""
    found: dict[str, str] = {}
    if booking.starts_at.tzinfo is None:
        raise ValueError("naive datetime given; use an aware datetime")
    if booking.starts_at <= now:
        found["starts_at"] = "past"
    if not 0 < booking.duration_minutes <= DURATION_MAX:
        found["duration"] = "invalid"
    if booking.kind is MeetingKind.IN_PERSON and not (booking.address or "").strip():
        found["address"] = "missing"
    if booking.kind is MeetingKind.VIDEO:
        url = (booking.video_url or "").strip()
        if not url:
            found["video_url"] = "missing"
        else:
            parts = urlsplit(url)
            if parts.scheme != "https" or not parts.hostname or " " in url:
                found["video_url"] = "not_https"
    return found


def _place(booking: Booking) -> dict[str, str | None]:
    """Only the place the kind uses is kept (an address left in the form of a video meeting is not)."""
    return {
        "address": booking.address.strip()
        if booking.kind is MeetingKind.IN_PERSON and booking.address
        else None,
        "video_url": booking.video_url.strip()
        if booking.kind is MeetingKind.VIDEO and booking.video_url
        else None,
        "phone": booking.phone.strip() if booking.kind is MeetingKind.PHONE and booking.phone else None,
    }


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
            **_place(booking),
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
            **_place(booking),
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


# --- the day-before reminder --------------------------------------------------------------------


def remind_due(profile: CountryProfile, now: dt.datetime | None = None) -> int:
    """Remind each person of their meetings that start tomorrow (the country's calendar), once per
    meeting: each is claimed by a conditional update of its own row (`reminded_at IS NULL`) in the
    transaction that delivers the reminder, so two runs, or two workers at once, send it once."""
    now = now or utcnow()
    tomorrow = now.astimezone(profile.tz).date() + dt.timedelta(days=1)
    start = dt.datetime.combine(tomorrow, dt.time(), profile.tz).astimezone(dt.UTC)
    end = dt.datetime.combine(tomorrow + dt.timedelta(days=1), dt.time(), profile.tz).astimezone(dt.UTC)
    candidates = list(
        db.session.scalars(
            select(Meeting.id).where(
                Meeting.state.in_(OPEN_STATES),
                Meeting.reminded_at.is_(None),
                Meeting.starts_at >= start,
                Meeting.starts_at < end,
            )
        )
    )
    sent: list[int] = []
    for meeting_id in candidates:
        with db.write() as session:
            claimed = session.execute(
                update(Meeting)
                .where(
                    Meeting.id == meeting_id,
                    Meeting.reminded_at.is_(None),
                    Meeting.state.in_(OPEN_STATES),
                )
                .values(reminded_at=now)
                .execution_options(synchronize_session=False)
            ).rowcount
            if claimed != 1:
                continue
            person_id = session.scalar(select(Meeting.person_id).where(Meeting.id == meeting_id))
            sent.append(_tell(session, person_id, MEETING_REMINDER))
    inbox.notify_after_commit(sent)
    return len(sent)


# --- reading ------------------------------------------------------------------------------------


# Built once: the jobseeker's home reads it on every view.
_MEETINGS_OF = (
    select(Meeting)
    .where(Meeting.person_id == bindparam("person_id"))
    .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
)


def meetings_of(person_id: int) -> list[Meeting]:
    """Every meeting of the person's, newest time first (moved ones included: the history)."""
    kept = shelf("meetings_of").pop(person_id, None)  # the case timeline read them in this request
    if kept is not None:
        return sorted(kept, key=lambda meeting: (meeting.starts_at, meeting.id), reverse=True)
    return list(db.session.scalars(_MEETINGS_OF, {"person_id": person_id}))


def split(meetings: list[Meeting], now: dt.datetime | None = None) -> tuple[list[Meeting], list[Meeting]]:
    """(still to come, soonest first; the rest, newest first)."""
    now = now or utcnow()
    upcoming = [m for m in meetings if m.state in OPEN_STATES and m.starts_at + _length(m) > now]
    past = [m for m in meetings if m not in upcoming]
    return sorted(upcoming, key=lambda m: m.starts_at), past


def _length(meeting: Meeting) -> dt.timedelta:
    return dt.timedelta(minutes=meeting.duration_minutes)


def of_person(person_id: int, meeting_id: int) -> Meeting | None:
    return db.session.scalar(select(Meeting).where(Meeting.id == meeting_id, Meeting.person_id == person_id))


@dataclass(frozen=True)
class QueueRow:
    meeting: Meeting
    case: JobseekerCase
    person: Person


_OFFICE, _COUNSELLOR = bindparam("office"), bindparam("counsellor_id")
_REQUESTED = Meeting.state == MeetingState.RESCHEDULE_REQUESTED
_NOT_FOLLOWED = (Meeting.state == MeetingState.MISSED) & Meeting.followed_up_at.is_(None)
# Both lists in one statement, in the order each is shown (the meeting's start, then its id), made
# once with the office bound per execution: the two lists have the same order, so splitting the
# rows by state keeps each in order.
_QUEUE = (
    select(Meeting, JobseekerCase, Person)
    .join(JobseekerCase, JobseekerCase.person_id == Meeting.person_id)
    .join(Person, Person.id == Meeting.person_id)
    .where(JobseekerCase.office == _OFFICE, _REQUESTED | _NOT_FOLLOWED)
    .order_by(Meeting.starts_at, Meeting.id)
)
_COUNSELLOR_QUEUE = _QUEUE.where(Meeting.counsellor_id == _COUNSELLOR)


def queue(office: str, *, counsellor_id: int | None = None) -> tuple[list[QueueRow], list[QueueRow]]:
    """The office's requests to reschedule (soonest meeting first) and missed meetings not yet
    followed up (oldest first); only one counsellor's when `counsellor_id` is given."""
    if counsellor_id is None:
        found = db.session.execute(_QUEUE, {"office": office})
    else:
        found = db.session.execute(_COUNSELLOR_QUEUE, {"office": office, "counsellor_id": counsellor_id})
    requests: list[QueueRow] = []
    missed: list[QueueRow] = []
    for meeting, case_, person in found:
        (requests if meeting.state == MeetingState.RESCHEDULE_REQUESTED else missed).append(
            QueueRow(meeting, case_, person)
        )
    return requests, missed


# Built once, the office bound at execution (`:office`): the back-office home shows it on every view.
QUEUE_COUNTS = (
    select(
        func.sum(case((Meeting.state == MeetingState.RESCHEDULE_REQUESTED, 1), else_=0)).label("requested"),
        func.sum(
            case(((Meeting.state == MeetingState.MISSED) & Meeting.followed_up_at.is_(None), 1), else_=0)
        ).label("missed"),
    )
    .join(JobseekerCase, JobseekerCase.person_id == Meeting.person_id)
    .where(
        JobseekerCase.office == bindparam("office"),
        Meeting.state.in_((MeetingState.RESCHEDULE_REQUESTED, MeetingState.MISSED)),
    )
)


def queue_counts(office: str) -> tuple[int, int]:
    """(requests for another time, missed meetings not followed up) of the office: one statement."""
    row = db.session.execute(QUEUE_COUNTS, {"office": office}).one()
    return int(row[0] or 0), int(row[1] or 0)
