"""The transactional outbox: what to send after a change is committed WITH the change.

A service that causes a notice calls `add(session, topic=..., payload=...)` inside its own
transaction, so the row saying "send this" exists exactly when the change does: a process that dies
right after the commit loses nothing. After the commit it may call `kick()` to have it sent at once;
the periodic job (`portal.jobs.outbox`, every minute) sends whatever is due anyway.

Sending (`send_due`) claims each due row for a lease (`LEASE`), hands the rows of one topic and key
to the topic's handler, and then marks them sent. A sender that dies mid-way leaves its claim to
expire and the row is tried again; a handler that raises gets the row back with an exponential
backoff, and after `MAX_ATTEMPTS` the row is given up (`failed_at`) and logged. Handlers must be
idempotent (a crash between their side effect and the "sent" mark repeats them): the inbox handler
records `notified_at` and skips messages already told about, so only a crash in the middle of the
one mail-server call can repeat a notice.

Register a handler with `@handler("topic")`; it receives the payloads of the claimed rows.
Payloads carry ids, never personal data.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from portal import queue
from portal.extensions import db
from portal.models import OutboxMessage
from portal.models.base import utcnow

log = logging.getLogger(__name__)

Handler = Callable[[list[dict[str, Any]]], None]

LEASE = dt.timedelta(minutes=5)  # longer than any handler's own timeouts (SMTP: 15 s)
RETRY_FIRST_SECONDS = 60  # doubles with every further attempt
RETRY_MAX_SECONDS = 3600
MAX_ATTEMPTS = 20  # about 17 hours of tries
BATCH = 200
SEND_TASK = "send_outbox"  # `portal.jobs.outbox`, queued by name

_handlers: dict[str, Handler] = {}


def handler(topic: str) -> Callable[[Handler], Handler]:
    """Register the function that sends rows of `topic` (raise to have them retried)."""

    def register(function: Handler) -> Handler:
        _handlers[topic] = function
        return function

    return register


def add(
    session: Session,
    *,
    topic: str,
    payload: dict[str, Any],
    key: str | None = None,
    due_at: dt.datetime | None = None,
) -> OutboxMessage:
    """Add a row inside the caller's transaction (flushed, so its id is known). Rows with the same
    `topic` and `key` that are due together go to the handler in one call."""
    row = OutboxMessage(topic=topic, key=key, payload=payload, due_at=due_at or utcnow(), attempts=0)
    session.add(row)
    session.flush()
    return row


def kick() -> None:
    """After the commit: send what is due now rather than at the next periodic run."""
    queue.enqueue(SEND_TASK)


@dataclass
class SendReport:
    sent: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(RETRY_FIRST_SECONDS * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS))


def _free(now: dt.datetime) -> Any:
    return (
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.failed_at.is_(None),
        or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until <= now),
    )


def send_due(now: dt.datetime | None = None) -> SendReport:
    """Send every due row not claimed by another sender. Safe to run concurrently and repeatedly."""
    now = now or utcnow()
    report = SendReport()
    rows = db.session.execute(
        select(OutboxMessage.id, OutboxMessage.topic, OutboxMessage.key)
        .where(OutboxMessage.due_at <= now, *_free(now))
        .order_by(OutboxMessage.id)
        .limit(BATCH)
    ).all()
    if db.session().in_transaction():
        db.session.commit()  # nothing stays open while handlers talk to the outside
    groups: dict[tuple[str, str], list[int]] = {}
    for row_id, topic, key in rows:
        groups.setdefault((topic, key if key is not None else f"#{row_id}"), []).append(row_id)
    for (topic, _key), ids in groups.items():
        claimed = _claim(ids, now)
        if not claimed:
            continue  # another sender has them
        send = _handlers.get(topic)
        try:
            if send is None:
                raise LookupError(f"no outbox handler for {topic}")
            send(list(claimed.values()))
        except Exception as exc:
            _give_back(list(claimed), now, exc, report)
        else:
            _mark_sent(list(claimed), report)
    return report


def _claim(ids: list[int], now: dt.datetime) -> dict[int, dict[str, Any]]:
    """Take the lease on each row still free; returns the payloads of the rows taken."""

    def work(session: Session) -> dict[int, dict[str, Any]]:
        taken: dict[int, dict[str, Any]] = {}
        for row_id in ids:
            result = session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row_id, *_free(now))
                .values(claimed_until=now + LEASE, attempts=OutboxMessage.attempts + 1)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount == 1:  # type: ignore[attr-defined]
                taken[row_id] = {}
        if taken:
            for row_id, payload in session.execute(
                select(OutboxMessage.id, OutboxMessage.payload).where(OutboxMessage.id.in_(taken))
            ):
                taken[row_id] = payload
        return taken

    return db.transaction(work)  # two senders racing for rows: the loser of a deadlock tries again


def _mark_sent(ids: list[int], report: SendReport) -> None:
    sent_at = utcnow()
    db.transaction(
        lambda session: session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.sent_at.is_(None))
            .values(sent_at=sent_at, claimed_until=None, last_error=None)
            .execution_options(synchronize_session=False)
        )
    )
    report.sent.extend(ids)


def _give_back(ids: list[int], now: dt.datetime, exc: Exception, report: SendReport) -> None:
    error = type(exc).__name__
    with db.write() as session:
        for row in session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))):
            row.claimed_until = None
            row.last_error = error[:300]
            if row.attempts >= MAX_ATTEMPTS:
                row.failed_at = now
                report.failed.append(row.id)
                log.error(
                    "Outbox %s row %s given up after %d attempts (%s)", row.topic, row.id, row.attempts, error
                )
            else:
                row.due_at = now + retry_delay(row.attempts)
                report.retried.append(row.id)
                log.warning("Outbox %s row %s not sent (%s); will retry", row.topic, row.id, error)
