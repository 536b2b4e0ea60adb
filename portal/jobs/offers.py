"""Offers: the day-before reminder and the expiry of unanswered offers (`portal.services.offers`)."""

from __future__ import annotations

from huey import crontab

from portal.profiles import current_profile
from portal.queue import huey
from portal.services.offers import proposing
from portal.worker import app_context


@huey.periodic_task(crontab(minute="15", hour="*"))  # hourly: a missed run is caught up within the hour
def expire_and_remind_offers() -> None:
    """Expiry first: an offer past its day never gets a reminder. Both are idempotent (state checks
    under the row lock, `reminded_at`), so running again or on two workers changes nothing."""
    with app_context():
        profile = current_profile()
        proposing.expire_due(profile)
        proposing.remind_due(profile)
