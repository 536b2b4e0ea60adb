"""Background sending of the notifications to other institutions (`portal.services.notifications`)."""

from __future__ import annotations

from huey import crontab

from portal.queue import huey
from portal.services import notifications
from portal.worker import app_context


@huey.task(name=notifications.SEND_TASK)
def send_notification(notification_id: int) -> None:
    """Send one notification; when the register did not answer, schedule the next try.

    The backoff lives in the row (`attempts`), not in huey's retry counter, so that the periodic
    safety net below knows when a retry is overdue and a lost task never multiplies into several
    retry chains. In immediate mode the scheduled retry stays in huey's in-memory schedule: nothing
    loops and nothing sleeps.
    """
    with app_context():
        outcome = notifications.send(notification_id)
    if outcome is not None and outcome.retry_in is not None:
        send_notification.schedule((notification_id,), delay=outcome.retry_in)


@huey.periodic_task(crontab(minute="*/10"))
def retry_unaccepted_notifications() -> None:
    """Safety net: enqueue again the unanswered notifications whose queued task seems lost."""
    with app_context():
        due = notifications.due_for_retry()
    for notification_id in due:
        send_notification(notification_id)
