"""What a booking must be: the limits, the errors, and the check of a counsellor's booking."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from portal.models import MeetingKind

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


def kept_place(booking: Booking) -> dict[str, str | None]:
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
