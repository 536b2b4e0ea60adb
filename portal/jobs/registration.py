"""Background work for registrations: registers read again, and unfinished drafts expired.

The logic lives in `portal.services.registration.refetch` and `.expiry`; these are the wrappers
that give it an app context, retries and a schedule.
"""

from __future__ import annotations

import logging

from huey import crontab

from portal.queue import huey
from portal.services.registration import drafts, expiry, refetch
from portal.worker import app_context

log = logging.getLogger(__name__)

# huey retries while sections still fail: 85 s, then doubling; the tenth and last retry comes
# about 24 hours after the first attempt, and then the job gives up.
RETRIES = 10
RETRY_DELAY = 85
RETRY_BACKOFF = 2


class SectionsStillFailing(Exception):
    """Raised so that huey retries the job; the message names sections, never a person."""


@huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=RETRY_BACKOFF, name=drafts.REFETCH_TASK)
def refetch_failed_sections(draft_id: int | None = None, registration_id: int | None = None) -> None:
    with app_context():
        failing = refetch.refetch(draft_id=draft_id, registration_id=registration_id)
    if failing:
        raise SectionsStillFailing(", ".join(failing))


@huey.periodic_task(crontab(minute="30", hour="2"))  # daily, 02:30 UTC
def expire_drafts() -> None:
    with app_context():
        result = expiry.expire_and_remind()
    log.info("Drafts: %d deleted, %d reminded", result.deleted, result.reminded)
