"""The daily expiry of vacancies past their application deadline (`portal.services.vacancies`)."""

from __future__ import annotations

from huey import crontab

from portal.queue import huey
from portal.services.vacancies.workflow import expire_past_deadline
from portal.worker import app_context


@huey.periodic_task(
    crontab(minute="30", hour="0")
)  # daily, 00:30 UTC: the deadline day has ended in EE and XK
def expire_vacancies() -> None:
    with app_context():
        expire_past_deadline()
