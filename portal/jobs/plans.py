"""Reminders of the individual employment plans' activities (`portal.services.plans`)."""

from __future__ import annotations

from huey import crontab

from portal.profiles import current_profile
from portal.queue import huey
from portal.services import plans
from portal.worker import app_context


@huey.periodic_task(crontab(minute="30", hour="6"))  # daily, 06:30 UTC: in the morning in both countries
def remind_plan_activities() -> None:
    with app_context():
        plans.remind_due(current_profile().today())
