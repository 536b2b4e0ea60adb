"""The daily e-mail of new vacancies for saved searches (`portal.services.search.saved`)."""

from __future__ import annotations

from huey import crontab

from portal.queue import huey
from portal.services.search.saved import send_alerts
from portal.worker import app_context


@huey.periodic_task(crontab(minute="0", hour="6"))  # daily, 06:00 UTC: in the morning in both profiles
def send_search_alerts() -> None:
    with app_context():
        send_alerts()
