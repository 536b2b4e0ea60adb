"""The day-before reminder of a meeting, sent once per meeting."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from portal.extensions import db
from portal.models import Meeting
from portal.models.base import utcnow
from portal.models.meeting import OPEN_STATES
from portal.profiles import CountryProfile
from portal.services import inbox
from portal.services.meetings.rules import MEETING_REMINDER


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
            sent.append(inbox.deliver(session, person_id=person_id, kind=MEETING_REMINDER).id)
    inbox.notify_after_commit(sent)
    return len(sent)
