"""The daily reminder to the office (`portal.services.deadline_reminders`)."""

from __future__ import annotations

from huey import crontab

from portal.queue import huey
from portal.services.deadline_reminders import send_deadline_reminder
from portal.worker import app_context


@huey.periodic_task(crontab(minute="0", hour="5"))  # daily, 05:00 UTC: before the office opens
def remind_counsellors() -> None:
    with app_context():
        send_deadline_reminder()
