"""A meeting's time and place in words, in the reader's language and the country's time zone
(the stored times are UTC; Flask-Babel's own filters would show them in UTC)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_time
from flask_babel import get_locale

from portal import labels
from portal.catalog import gettext, ngettext
from portal.models import Meeting, MeetingKind
from portal.profiles import current_profile


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(current_profile().tz)


def when(meeting: Meeting) -> str:
    """ "Thursday, 4 December 2026, 10:00 to 10:45" in the country's time zone."""
    locale = get_locale()
    start = local(meeting.starts_at)
    end = start + dt.timedelta(minutes=meeting.duration_minutes)
    return gettext(
        "%(date)s, %(start)s to %(end)s",
        date=format_date(start.date(), "full", locale=locale),
        start=format_time(start.time(), "HH:mm", locale=locale),
        end=format_time(end.time(), "HH:mm", locale=locale),
    )


def minutes(number: int) -> str:
    return ngettext("%(num)d minute", "%(num)d minutes", number)


def where(meeting: Meeting) -> str:
    """How and where: "In person: Pärnu mnt 1, Tallinn", "By phone", "By video"."""
    kind = str(labels.MEETING_KINDS[meeting.kind])
    if meeting.kind is MeetingKind.IN_PERSON and meeting.address:
        return f"{kind}: {meeting.address}"
    if meeting.kind is MeetingKind.PHONE and meeting.phone:
        return gettext("%(kind)s: we call %(phone)s", kind=kind, phone=meeting.phone)
    return kind
