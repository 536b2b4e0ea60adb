"""Background jobs (huey). The consumer runs `huey_consumer portal.jobs.huey -w 2 -k thread`.

- `portal.jobs.notifications`: `send_notification(notification_id)`, and every 10 minutes
  `retry_unaccepted_notifications()`.
- `portal.jobs.outbox`: `send_outbox()` when kicked after a commit, and every minute
  `send_due_outbox()` (inbox notices; see `portal.services.outbox`).
- `portal.jobs.registers`: `refetch_failed_sections(draft_id=None, registration_id=None)`.
- `portal.jobs.drafts`: daily `expire_drafts()` (reminders, then deletion).
- `portal.jobs.deadlines`: daily `remind_counsellors()` (counts of cases overdue or due soon).

Importing this package registers every task, which the consumer needs to run them.
"""

# Importing the task modules registers their tasks with `huey`.
from portal.jobs import deadlines, drafts, notifications, outbox, registers
from portal.jobs.queue import app_context, huey

__all__ = ["app_context", "deadlines", "drafts", "huey", "notifications", "outbox", "registers"]
