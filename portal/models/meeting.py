"""Meetings between a counsellor and a jobseeker: booked in the back office, in person at an office
address, by phone or by a video link; the person is told and reminded the day before, may ask to
reschedule with a reason, and the counsellor records whether the person came.

A reschedule keeps the old row (state `rescheduled`, `replaced_by_id` naming the new one), so the
history of times stays as it was. A missed meeting waits in the counsellor's queue until they
record what they did about it (`followed_up_at`): what follows is the country's rule, applied by
a person, never automatically.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, intpk, updated_at, utcnow
from portal.models.caseload import _enum


class MeetingKind(enum.StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"


class MeetingState(enum.StrEnum):
    """Stored by value; add members, never rename them."""

    BOOKED = "booked"
    RESCHEDULE_REQUESTED = "reschedule_requested"  # the person asked for another time
    RESCHEDULED = "rescheduled"  # replaced by another meeting (`replaced_by_id`)
    ATTENDED = "attended"
    MISSED = "missed"
    CANCELLED = "cancelled"


# Meetings still to take place (the person may ask to reschedule, the counsellor may move them).
OPEN_STATES = (MeetingState.BOOKED, MeetingState.RESCHEDULE_REQUESTED)


class Meeting(Base):
    __tablename__ = "meeting"
    __table_args__ = (
        Index("ix_meeting_person_starts", "person_id", "starts_at"),
        Index("ix_meeting_state_starts", "state", "starts_at"),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    counsellor_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="SET NULL"), comment="the counsellor holding the meeting"
    )
    office: Mapped[str] = mapped_column(String(200), comment="the case's office when booked")
    kind: Mapped[MeetingKind] = mapped_column(_enum(MeetingKind))
    address: Mapped[str | None] = mapped_column(String(300), comment="in person: where")
    video_url: Mapped[str | None] = mapped_column(String(500), comment="video: the https link")
    phone: Mapped[str | None] = mapped_column(String(40), comment="phone: the number the counsellor calls")
    starts_at: Mapped[dt.datetime]
    duration_minutes: Mapped[int]
    topic: Mapped[str | None] = mapped_column(String(300), comment="what the meeting is about")
    state: Mapped[MeetingState] = mapped_column(_enum(MeetingState, 32), default=MeetingState.BOOKED)
    booked_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    booked_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), comment="the meeting this one rescheduled"
    )
    replaced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), comment="rescheduled: the new meeting"
    )
    reschedule_reason: Mapped[str | None] = mapped_column(Text, comment="the person's reason")
    reschedule_requested_at: Mapped[dt.datetime | None]
    reschedule_answer: Mapped[str | None] = mapped_column(
        Text, comment="the counsellor kept the time: why, as the person reads it"
    )
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    ended_at: Mapped[dt.datetime | None] = mapped_column(
        comment="rescheduled, cancelled, or attendance recorded"
    )
    ended_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    reminded_at: Mapped[dt.datetime | None] = mapped_column(comment="the day-before reminder went out")
    follow_up: Mapped[str | None] = mapped_column(
        Text, comment="missed: what the counsellor did under the profile's rule"
    )
    followed_up_at: Mapped[dt.datetime | None]
    followed_up_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    updated_at: Mapped[updated_at]
