"""Sending the transactional outbox (`portal.services.outbox`): every minute, and at once when kicked."""

from __future__ import annotations

from huey import crontab

# Importing the services that own handlers registers them with the outbox.
from portal.queue import huey
from portal.services import inbox, outbox
from portal.services.decisions import delivery
from portal.services.offers import sas_report
from portal.services.vacancies import messages as vacancy_messages
from portal.worker import app_context

__all__ = ["delivery", "inbox", "sas_report", "send_due_outbox", "send_outbox", "vacancy_messages"]


@huey.task(name=outbox.SEND_TASK)
def send_outbox() -> None:
    """Send what is due now (queued by `outbox.kick()` after a commit)."""
    with app_context():
        outbox.send_due()


@huey.periodic_task(crontab(minute="*"))
def send_due_outbox() -> None:
    """The safety net that makes the outbox reliable: whatever a crash or a lost task left is sent."""
    with app_context():
        outbox.send_due()
