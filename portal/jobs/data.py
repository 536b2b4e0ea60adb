"""Background work for the person's data: "my data" exports, and the daily retention run.

The logic lives in `portal.services.data_export` and `portal.services.retention`."""

from __future__ import annotations

import logging

from huey import crontab

from portal.profiles import current_profile
from portal.queue import huey
from portal.services import data_export, retention
from portal.worker import app_context

log = logging.getLogger(__name__)


@huey.task(retries=3, retry_delay=60, name=data_export.PREPARE_TASK)
def prepare_data_export(export_id: int) -> None:
    with app_context():
        data_export.prepare(export_id)


@huey.periodic_task(crontab(minute="45", hour="2"))  # daily, 02:45 UTC, after the drafts' expiry
def apply_retention() -> None:
    with app_context():
        result = retention.run(current_profile())
    log.info("Retention: %d exports deleted, %d people anonymised", result.exports_deleted, result.anonymised)
