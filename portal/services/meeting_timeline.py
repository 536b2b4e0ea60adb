"""The case timeline's meetings: booked (or moved), the person's request for another time,
cancelled, attended or missed, and the follow-up of a missed one."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import bindparam

from portal import labels, meeting_texts
from portal.catalog import gettext
from portal.models import JobseekerCase, Meeting, MeetingKind, MeetingState, Person
from portal.models.person import full_name
from portal.services.request_memo import shelf
from portal.services.timeline import PartRow, TimelineEntry, branch, part

MEETING_ROWS = "meeting_rows_of"  # the request's shelf: a person's meetings as `MeetingRow`s


class MeetingRow(NamedTuple):
    """What the case view shows of a meeting (its timeline entries and the upcoming-meetings
    panel): read as columns of the timeline's one statement, not as an ORM `Meeting`.
    `meeting_texts.when` and `where` and `meetings.split` read the same attributes."""

    id: int
    kind: MeetingKind
    address: str | None
    phone: str | None
    starts_at: dt.datetime
    duration_minutes: int
    state: MeetingState


# A branch of the timeline's one statement (`timeline.part`), not a statement of its own: the
# meeting with its case's id (the entries' link) and the names of who booked and who ended it.
_PERSON = bindparam("person_id")
_MEETING, _CASE = Meeting.__table__, JobseekerCase.__table__
_BOOKER, _ENDER = Person.__table__.alias("booker"), Person.__table__.alias("ender")
_MEETINGS = branch(
    Meeting.person_id == _PERSON,
    from_=_MEETING.join(_CASE, _CASE.c.person_id == _MEETING.c.person_id)
    .outerjoin(_BOOKER, _BOOKER.c.id == _MEETING.c.booked_by_person_id)
    .outerjoin(_ENDER, _ENDER.c.id == _MEETING.c.ended_by_person_id),
    at=Meeting.booked_at,
    at2=Meeting.reschedule_requested_at,
    at3=Meeting.ended_at,
    at4=Meeting.followed_up_at,
    at5=Meeting.starts_at,
    id=Meeting.id,
    id2=_CASE.c.id,
    id3=Meeting.duration_minutes,
    id4=Meeting.replaces_id,
    s1=Meeting.kind,
    s2=Meeting.address,
    s3=Meeting.phone,
    s4=Meeting.state,
    s5=Meeting.reschedule_reason,
    s6=Meeting.cancel_reason,
    s7=Meeting.follow_up,
    s8=_BOOKER.c.given_name,
    s9=_BOOKER.c.family_name,
    s10=_ENDER.c.given_name,
    s11=_ENDER.c.family_name,
)


def _name(given: str | None, family: str | None) -> str | None:
    """`Person.full_name` of a joined person, None when there is none (or it is empty)."""
    return (full_name(given, family) or None) if given is not None else None


@part("meeting", _MEETINGS)
def _meetings(person_id: int, rows: list[PartRow]):
    meetings = [
        MeetingRow(row.id, MeetingKind(row.s1), row.s2, row.s3, row.at5, row.id3, MeetingState(row.s4))
        for row in rows
    ]
    # Every meeting of the person's (a person has one case: the join neither drops nor repeats
    # one), newest time first as `meetings.meetings_of` gives them: the case view's
    # upcoming-meetings panel takes them instead of reading them again.
    shelf(MEETING_ROWS)[person_id] = sorted(meetings, key=lambda m: (m.starts_at, m.id), reverse=True)
    for row, meeting in zip(rows, meetings, strict=True):
        link = ("backoffice.case_meeting", {"case_id": row.id2, "meeting_id": meeting.id})
        when = meeting_texts.when(meeting)
        yield TimelineEntry(
            at=row.at,
            kind="meeting",
            title=gettext("Meeting moved to %(when)s", when=when)
            if row.id4
            else gettext("Meeting booked for %(when)s", when=when),
            detail=meeting_texts.where(meeting),
            link=link,
            actor=_name(row.s8, row.s9),
        )
        if row.at2 is not None:
            yield TimelineEntry(
                at=row.at2,
                kind="meeting",
                title=gettext("The person asked to move the meeting of %(when)s", when=when),
                detail=row.s5,
                link=link,
            )
        if row.at3 is not None and meeting.state is not MeetingState.RESCHEDULED:
            yield TimelineEntry(
                at=row.at3,
                kind="meeting",
                title=gettext(
                    "Meeting of %(when)s: %(state)s",
                    when=when,
                    state=labels.MEETING_STATES_FOR_STAFF[meeting.state],
                ),
                detail=row.s6,
                link=link,
                actor=_name(row.s10, row.s11),
            )
        if row.at4 is not None:
            yield TimelineEntry(
                at=row.at4,
                kind="meeting",
                title=gettext("Missed meeting of %(when)s followed up", when=when),
                detail=row.s7,
                link=link,
            )
