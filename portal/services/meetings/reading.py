"""Reading meetings: a person's, and the office's queue of requests and missed meetings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, case, func, select
from sqlalchemy.orm import join

from portal.extensions import db
from portal.models import JobseekerCase, JobseekerProfile, Meeting, MeetingState, Person, StaffMember
from portal.models.base import utcnow
from portal.models.meeting import OPEN_STATES

# Built once: the jobseeker's home reads it on every view.
_MEETINGS_OF = (
    select(Meeting)
    .where(Meeting.person_id == bindparam("person_id"))
    .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
)


# The meetings `split` may count as still to come, in `meetings_of`'s order: a person's home shows
# the next three, and reading every meeting of theirs as an object for that cost more than the page.
_OPEN_OF = _MEETINGS_OF.where(Meeting.state.in_(OPEN_STATES))


def open_meetings_of(person_id: int) -> list[Meeting]:
    """The person's booked meetings and those they asked to move, newest time first: what
    `split(meetings_of(person_id))[0]` reads, as `split(open_meetings_of(person_id))[0]`."""
    return list(db.session.scalars(_OPEN_OF, {"person_id": person_id}))


def meetings_of(person_id: int) -> list[Meeting]:
    """Every meeting of the person's, newest time first (moved ones included: the history)."""
    return list(db.session.scalars(_MEETINGS_OF, {"person_id": person_id}))


# A case's meetings page: `meetings_of`'s rows with the phone number the person last gave (the
# booking form calls them on it), in one statement where the phone was a second. From the person's
# row, so that a person without meetings still gives a row (with no meeting); the profile's
# `person_id` is unique, so the phone is one value.
_PHONE = select(JobseekerProfile.phone).where(JobseekerProfile.person_id == Person.id).scalar_subquery()
_MEETINGS_WITH_PHONE = (
    select(_PHONE, Meeting)
    .select_from(Person)
    .outerjoin(Meeting, Meeting.person_id == Person.id)
    .where(Person.id == bindparam("person_id"))
    .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
)


def meetings_with_phone(person_id: int) -> tuple[list[Meeting], str | None]:
    """(`meetings_of(person_id)` as read from the database, the person's phone number or None)."""
    rows = db.session.execute(_MEETINGS_WITH_PHONE, {"person_id": person_id}).all()
    phone = rows[0][0] if rows else None
    return [meeting for _phone, meeting in rows if meeting is not None], phone or None


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


# `_QUEUE` of the office of the staff member whose person is `:staff_person_id`, with their row: the
# staff table first and the queue's meetings joined to it on its office (a LEFT JOIN: one row without
# a meeting when the queue is empty, none when the person is not staff), where their row was a
# statement of its own before the queue's (on PostgreSQL a round trip).
_STAFF_QUEUE = (
    select(StaffMember, Meeting, JobseekerCase, Person)
    .select_from(
        join(
            StaffMember,
            join(Meeting, JobseekerCase, JobseekerCase.person_id == Meeting.person_id).join(
                Person, Person.id == Meeting.person_id
            ),
            and_(JobseekerCase.office == StaffMember.office, _REQUESTED | _NOT_FOLLOWED),
            isouter=True,
        )
    )
    .where(StaffMember.person_id == bindparam("staff_person_id"))
    .order_by(Meeting.starts_at, Meeting.id)
)


def queue(office: str, *, counsellor_id: int | None = None) -> tuple[list[QueueRow], list[QueueRow]]:
    """The office's requests to reschedule (soonest meeting first) and missed meetings not yet
    followed up (oldest first); only one counsellor's when `counsellor_id` is given."""
    if counsellor_id is None:
        found = db.session.execute(_QUEUE, {"office": office})
    else:
        found = db.session.execute(_COUNSELLOR_QUEUE, {"office": office, "counsellor_id": counsellor_id})
    return _split_queue(found)


def staff_queue(staff_person_id: int) -> tuple[StaffMember, list[QueueRow], list[QueueRow]] | None:
    """The staff member whose person is `staff_person_id` and `queue` of their office, in one
    statement; None when the person is not staff."""
    found = db.session.execute(_STAFF_QUEUE, {"staff_person_id": staff_person_id}).all()
    if not found:
        return None
    requests, missed = _split_queue(row[1:] for row in found if row[1] is not None)
    return found[0][0], requests, missed


def _split_queue(found: Iterable[Any]) -> tuple[list[QueueRow], list[QueueRow]]:
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
