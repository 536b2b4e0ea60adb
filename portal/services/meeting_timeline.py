"""The case timeline's meetings: booked (or moved), the person's request for another time,
cancelled, attended or missed, and the follow-up of a missed one."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import aliased

from portal import labels, meeting_texts
from portal.catalog import gettext
from portal.extensions import db
from portal.models import JobseekerCase, Meeting, MeetingState, Person
from portal.services.request_memo import shelf
from portal.services.timeline import TimelineEntry, source


def _name(person: Person | None) -> str | None:
    return (person.full_name or None) if person is not None else None


# Made once: an alias is a mapped class of its own, and building two on every call cost about
# a millisecond of CPU per case view, more than the statement itself.
_BOOKER, _ENDER = aliased(Person, name="booker"), aliased(Person, name="ender")


# The statement too, built once.
_MEETINGS = (
    select(Meeting, JobseekerCase.id, _BOOKER, _ENDER)
    .join(JobseekerCase, JobseekerCase.person_id == Meeting.person_id)
    .outerjoin(_BOOKER, _BOOKER.id == Meeting.booked_by_person_id)
    .outerjoin(_ENDER, _ENDER.id == Meeting.ended_by_person_id)
    .where(Meeting.person_id == bindparam("person_id"))
)


@source("meeting")
def _meetings(person_id: int):
    rows = db.session.execute(_MEETINGS, {"person_id": person_id}).all()
    # Every meeting of the person's (a person has one case: the join neither drops nor repeats
    # one); the case view's upcoming-meetings panel takes them instead of reading them again.
    shelf("meetings_of")[person_id] = list({row[0].id: row[0] for row in rows}.values())
    for meeting, case_id, booked_by, ended_by in rows:
        link = ("backoffice.case_meeting", {"case_id": case_id, "meeting_id": meeting.id})
        when = meeting_texts.when(meeting)
        yield TimelineEntry(
            at=meeting.booked_at,
            kind="meeting",
            title=gettext("Meeting moved to %(when)s", when=when)
            if meeting.replaces_id
            else gettext("Meeting booked for %(when)s", when=when),
            detail=meeting_texts.where(meeting),
            link=link,
            actor=_name(booked_by),
        )
        if meeting.reschedule_requested_at is not None:
            yield TimelineEntry(
                at=meeting.reschedule_requested_at,
                kind="meeting",
                title=gettext("The person asked to move the meeting of %(when)s", when=when),
                detail=meeting.reschedule_reason,
                link=link,
            )
        if meeting.ended_at is not None and meeting.state is not MeetingState.RESCHEDULED:
            yield TimelineEntry(
                at=meeting.ended_at,
                kind="meeting",
                title=gettext(
                    "Meeting of %(when)s: %(state)s",
                    when=when,
                    state=labels.MEETING_STATES_FOR_STAFF[meeting.state],
                ),
                detail=meeting.cancel_reason,
                link=link,
                actor=_name(ended_by),
            )
        if meeting.followed_up_at is not None:
            yield TimelineEntry(
                at=meeting.followed_up_at,
                kind="meeting",
                title=gettext("Missed meeting of %(when)s followed up", when=when),
                detail=meeting.follow_up,
                link=link,
            )
