"""The day-before reminder of meetings with a counsellor (`portal.services.meetings`)."""

from __future__ import annotations

from huey import crontab

from portal.profiles import current_profile
from portal.queue import huey
from portal.services import meetings
from portal.worker import app_context


# Hourly, so a meeting booked during the day before is still reminded; each meeting once (its row).
@huey.periodic_task(crontab(minute="20"))
def remind_meetings() -> None:
    with app_context():
        meetings.remind_due(current_profile())
