"""Background jobs (huey): thin wrappers that give a service an app context, retries or a schedule.

The consumer runs `huey_consumer portal.jobs.huey -w 2 -k thread`. The queue itself is
`portal.queue` and a task's app comes from `portal.worker`; services never import this package,
they enqueue by task name (`portal.queue.enqueue`).

- `portal.jobs.notifications`: `send_notification(notification_id)`, and every 10 minutes
  `retry_unaccepted_notifications()`.
- `portal.jobs.offers`: hourly `expire_and_remind_offers()` (unanswered offers expire into the
  counsellor's queue; the day-before reminder).
- `portal.jobs.outbox`: `send_outbox()` when kicked after a commit, and every minute
  `send_due_outbox()` (inbox notices, SAS refusal reports; see `portal.services.outbox`).
- `portal.jobs.registration`: `refetch_failed_sections(draft_id=None, registration_id=None)`, and
  daily `expire_drafts()` (reminders, then deletion).
- `portal.jobs.data`: `prepare_data_export(export_id)` ("my data"), and daily `apply_retention()`
  (expired exports deleted, people past the retention period anonymised).
- `portal.jobs.meetings`: hourly `remind_meetings()` (the day-before reminder, once per meeting).
- `portal.jobs.reminders`: daily `remind_counsellors()` (counts of cases overdue or due soon).
- `portal.jobs.vacancies`: daily `expire_vacancies()` (published vacancies past their deadline are
  closed as expired and the company is told).
- `portal.jobs.search_alerts`: daily `send_search_alerts()` (new vacancies for saved searches).
- `portal.jobs.reports`: daily `refresh_report_days()` (the reports' per-day counts of decisions).
- `portal.jobs.lifecycle`: nightly `nightly_tax_check()` and `nightly_register_checks()`
  (population, social assistance), and `run_tax_check(staff_id)` / `run_register_checks(kind)` for
  a supervisor's "run now" (see `portal.services.lifecycle`).

Importing this package registers every task, which the consumer and `create_app` need.
"""

# Importing the task modules registers their tasks with `huey`.
from portal.jobs import (
    data,
    lifecycle,
    meetings,
    notifications,
    offers,
    outbox,
    plans,
    registration,
    reminders,
    reports,
    search_alerts,
    vacancies,
)
from portal.queue import huey

__all__ = [
    "data",
    "huey",
    "lifecycle",
    "meetings",
    "notifications",
    "offers",
    "outbox",
    "plans",
    "registration",
    "reminders",
    "reports",
    "search_alerts",
    "vacancies",
]
