"""Telling a person that something new is in their inbox (`portal.services.inbox`)."""

from __future__ import annotations

from portal.jobs.queue import app_context, huey
from portal.services import inbox

# A mail server or SMS gateway that is down: try again after 1, 2, 4 … minutes, about 17 hours.
RETRIES = 10
RETRY_DELAY = 60
RETRY_BACKOFF = 2


@huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=RETRY_BACKOFF)
def notify_person(message_id: int) -> None:
    """E-mail (and SMS where a phone is known) that there is something new, with the portal's
    address only. Safe to run again: a message already told about is skipped."""
    with app_context():
        inbox.notify(message_id)
