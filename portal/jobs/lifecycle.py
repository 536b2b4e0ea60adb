"""The nightly register checks (`portal.services.lifecycle`): the tax check at 01:30 UTC, the
population check and the social assistance report after it, and "run now" from the back office."""

from __future__ import annotations

import logging

from huey import crontab

from portal.queue import huey
from portal.services.lifecycle import nightly, tax_check
from portal.worker import app_context

log = logging.getLogger(__name__)


@huey.task(name=tax_check.RUN_TASK)
def run_tax_check(staff_id: int | None = None) -> None:
    """Start or resume tonight's tax check (a supervisor's "run now" names them)."""
    with app_context():
        tax_check.run(staff_id=staff_id)


@huey.task(name=nightly.RUN_TASK)
def run_register_checks(kind: str, staff_id: int | None = None) -> None:
    with app_context():
        nightly.run(kind, staff_id=staff_id)


@huey.periodic_task(crontab(minute="30", hour="1"))  # daily, 01:30 UTC: the registers' quiet hours
def nightly_tax_check() -> None:
    with app_context():
        result = tax_check.run()
    log.info("Nightly tax check run %s: %s", result.run_id, result.state.value)


@huey.periodic_task(crontab(minute="0", hour="3"))  # daily, 03:00 UTC, after the tax check
def nightly_register_checks() -> None:
    with app_context():
        nightly.run_all()
