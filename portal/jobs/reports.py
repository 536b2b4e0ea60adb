"""The reports' nightly per-day counts (`portal.services.reports.summary`)."""

from __future__ import annotations

import logging

from huey import crontab

from portal.profiles import current_profile
from portal.queue import huey
from portal.services.reports import summary
from portal.worker import app_context

log = logging.getLogger(__name__)


@huey.periodic_task(crontab(minute="15", hour="3"))  # daily, 03:15 UTC: yesterday is over in EE and XK
def refresh_report_days() -> None:
    with app_context():
        written = summary.refresh(current_profile())
    log.info("Reports: %d per-day rows recounted", written)
