"""The machinery of a nightly check: a run per kind and night, cut into batches that workers claim,
send and record one at a time.

Exactly once, and resumable:
- a run is never started twice for a night: `(kind, night)` is unique, and a second start finds
  the first run and resumes it;
- planning writes every batch (with its `check_id`, generated once) in one transaction, so a run
  is planned completely or not at all;
- a worker claims a batch with a conditional update (`state` pending, or running with an expired
  lease) under a fresh claim token; on PostgreSQL the candidate row is picked with
  `FOR UPDATE SKIP LOCKED`, so concurrent workers do not queue on the same row, and on SQLite the
  write transaction (`BEGIN IMMEDIATE`) serialises claims. Two workers never hold the same batch;
- a batch's outcome (its proposals and the run's counters) is recorded in one transaction that
  also marks it done, conditional on the worker's claim still holding; a worker whose lease was
  taken over writes nothing;
- a process killed between batches leaves done batches done and the rest pending; killed during
  one, it leaves that batch running until its lease expires, and the next worker sends it again
  with the same `check_id`, which the register answers with the result it stored the first time.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import BatchState, ReconciliationBatch, ReconciliationRun, RunKind, RunState
from portal.models.base import utcnow

log = logging.getLogger(__name__)

BATCH_SIZE = 1000  # the register's limit per employment check
LEASE = dt.timedelta(minutes=5)  # a claimed batch not recorded by then is taken over


class ClaimLost(Exception):
    """Another worker took the batch over (the lease expired): this worker's outcome is dropped."""


def start(kind: RunKind, night: dt.date, *, staff_id: int | None = None) -> tuple[int, bool]:
    """The run of `kind` for `night`: (id, created). Never two for one night (unique constraint)."""
    existing = db.session.scalar(
        select(ReconciliationRun.id).where(ReconciliationRun.kind == kind, ReconciliationRun.night == night)
    )
    if existing is not None:
        return existing, False
    try:
        with db.write() as session:
            run = ReconciliationRun(
                kind=kind, night=night, state=RunState.PLANNING, started_by_staff_id=staff_id
            )
            session.add(run)
            session.flush()
            run_id = run.id
    except IntegrityError:  # another process started it a moment ago
        db.session.rollback()
        found = db.session.scalar(
            select(ReconciliationRun.id).where(
                ReconciliationRun.kind == kind, ReconciliationRun.night == night
            )
        )
        assert found is not None
        return found, False
    return run_id, True


@dataclass(frozen=True)
class Group:
    """Registrations checked together: the same `since` (their registration date)."""

    since: dt.date | None
    registration_ids: Sequence[int]


def chunks(rows: Iterable[tuple[int, dt.date | None]], size: int = BATCH_SIZE) -> Iterator[Group]:
    """Rows (registration id, since) ordered by since → groups of at most `size` with one since."""
    current: list[int] = []
    since: dt.date | None = None
    for registration_id, day in rows:
        if current and (day != since or len(current) >= size):
            yield Group(since, current)
            current = []
        since = day
        current.append(registration_id)
    if current:
        yield Group(since, current)


def plan(run_id: int, groups: Iterable[Group]) -> bool:
    """Write every batch of a run being planned, in one transaction. False when it was planned."""
    with db.write() as session:
        run = session.get(ReconciliationRun, run_id, populate_existing=True, with_for_update=True)
        assert run is not None
        if run.state is not RunState.PLANNING:
            return False
        number = 0
        pending: list[dict[str, Any]] = []
        for group in groups:
            number += 1
            pending.append(
                {
                    "run_id": run_id,
                    "number": number,
                    "check_id": str(uuid.uuid4()),
                    "since": group.since,
                    "registration_ids": list(group.registration_ids),
                    "size": len(group.registration_ids),
                    "state": BatchState.PENDING,
                    "attempts": 0,
                    "proposals": 0,
                    "outcome": {},
                }
            )
            if len(pending) >= 100:  # streamed: never the whole run's rows in memory
                session.execute(insert(ReconciliationBatch), pending)
                pending = []
        if pending:
            session.execute(insert(ReconciliationBatch), pending)
        run.batches_total = number
        run.state = RunState.RUNNING
    return True


def execute(
    run_id: int,
    process: Callable[[int, str], None],
    *,
    workers: int,
    lease: dt.timedelta = LEASE,
    stop: Callable[[int], bool] | None = None,
) -> int:
    """Work through the run's batches with at most `workers` threads, each in its own app context
    and session, claiming one batch at a time and handing it to `process(batch_id, token)`.
    `stop(batches_run)` is asked before each claim; True ends this call there, as a killed process
    would (tests, the bench). Returns how many batches this call ran."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    db.session.remove()
    lock = threading.Lock()
    done = [0]

    def work() -> None:
        with app.app_context():
            token = str(uuid.uuid4())
            while True:
                with lock:
                    if stop is not None and stop(done[0]):
                        return
                batch_id = claim(run_id, token, lease=lease)
                if batch_id is None:
                    return
                try:
                    process(batch_id, token)
                except Exception as exc:  # the database or a bug: this batch fails, the run goes on
                    log.exception("Batch %s of run %s failed", batch_id, run_id)
                    db.session.remove()
                    try:
                        record_failed(batch_id, token, error=f"{type(exc).__name__}", xroad_id=None)
                    except Exception:  # its lease expires and the next start sends it again
                        log.exception("Batch %s could not be marked failed", batch_id)
                db.session.remove()
                with lock:
                    done[0] += 1

    count = max(1, workers)
    with ThreadPoolExecutor(max_workers=count, thread_name_prefix=f"run-{run_id}") as pool:
        for future in [pool.submit(work) for _ in range(count)]:
            future.result()
    return done[0]


def retry_failed(run_id: int) -> int:
    """Failed batches go back to pending (with their check_id), and a finished run runs again."""
    with db.write() as session:
        count = session.execute(
            update(ReconciliationBatch)
            .where(ReconciliationBatch.run_id == run_id, ReconciliationBatch.state == BatchState.FAILED)
            .values(state=BatchState.PENDING, error=None)
        ).rowcount
        if count:
            session.execute(
                update(ReconciliationRun)
                .where(
                    ReconciliationRun.id == run_id, ReconciliationRun.state == RunState.FINISHED_WITH_ERRORS
                )
                .values(state=RunState.RUNNING, finished_at=None)
            )
    return count


def _claimable(now: dt.datetime, lease: dt.timedelta):
    return or_(
        ReconciliationBatch.state == BatchState.PENDING,
        and_(ReconciliationBatch.state == BatchState.RUNNING, ReconciliationBatch.claimed_at < now - lease),
    )


def claim(run_id: int, token: str, *, lease: dt.timedelta = LEASE) -> int | None:
    """The first unfinished batch of the run, claimed for `token`; None when none is left."""
    while True:
        with db.write() as session:
            now = utcnow()
            candidate = (
                select(ReconciliationBatch.id)
                .where(ReconciliationBatch.run_id == run_id, _claimable(now, lease))
                .order_by(ReconciliationBatch.number)
                .limit(1)
            )
            if session.get_bind().dialect.name == "postgresql":
                candidate = candidate.with_for_update(skip_locked=True)
            batch_id = session.scalar(candidate)
            if batch_id is None:
                return None
            claimed = session.execute(
                update(ReconciliationBatch)
                .where(ReconciliationBatch.id == batch_id, _claimable(now, lease))
                .values(
                    state=BatchState.RUNNING,
                    claim=token,
                    claimed_at=now,
                    attempts=ReconciliationBatch.attempts + 1,
                )
            ).rowcount
            if claimed == 1:
                return batch_id
        # Lost a race for that row (possible only where SKIP LOCKED is not used): try the next.


def record_done(
    session: Session,
    batch_id: int,
    token: str,
    *,
    persons: int,
    proposals: int,
    xroad_id: str | None,
    outcome: dict[str, int],
) -> None:
    """Inside the transaction that writes the batch's proposals: the batch done and the run counted.
    Raises `ClaimLost` (the caller's transaction rolls back) when the claim no longer holds."""
    done = session.execute(
        update(ReconciliationBatch)
        .where(
            ReconciliationBatch.id == batch_id,
            ReconciliationBatch.claim == token,
            ReconciliationBatch.state == BatchState.RUNNING,
        )
        .values(
            state=BatchState.DONE,
            claim=None,
            finished_at=utcnow(),
            proposals=proposals,
            xroad_id=xroad_id,
            error=None,
            outcome=outcome,
        )
        .returning(ReconciliationBatch.run_id)
    ).scalar()
    if done is None:
        raise ClaimLost(batch_id)
    session.execute(
        update(ReconciliationRun)
        .where(ReconciliationRun.id == done)
        .values(
            batches_done=ReconciliationRun.batches_done + 1,
            persons_checked=ReconciliationRun.persons_checked + persons,
            proposals_made=ReconciliationRun.proposals_made + proposals,
        )
    )


def record_failed(batch_id: int, token: str, *, error: str, xroad_id: str | None) -> None:
    with db.write() as session:
        failed = session.execute(
            update(ReconciliationBatch)
            .where(ReconciliationBatch.id == batch_id, ReconciliationBatch.claim == token)
            .values(
                state=BatchState.FAILED,
                claim=None,
                finished_at=utcnow(),
                error=error[:300],
                xroad_id=xroad_id,
            )
            .returning(ReconciliationBatch.run_id)
        ).scalar()
        if failed is not None:
            session.execute(
                update(ReconciliationRun)
                .where(ReconciliationRun.id == failed)
                .values(errors=ReconciliationRun.errors + 1)
            )


def close_if_done(run_id: int) -> RunState:
    """Finished when no batch is pending or running: with errors when some failed."""
    with db.write() as session:
        run = session.get(ReconciliationRun, run_id, populate_existing=True, with_for_update=True)
        assert run is not None
        counts = dict(
            session.execute(
                select(ReconciliationBatch.state, func.count())
                .where(ReconciliationBatch.run_id == run_id)
                .group_by(ReconciliationBatch.state)
            ).all()
        )
        if (
            run.state is RunState.RUNNING
            and not counts.get(BatchState.PENDING)
            and not counts.get(BatchState.RUNNING)
        ):
            run.state = RunState.FINISHED_WITH_ERRORS if counts.get(BatchState.FAILED) else RunState.FINISHED
            run.finished_at = utcnow()
        return run.state


def failed_batches(run_id: int, limit: int = 50) -> list[ReconciliationBatch]:
    """The run's failed batches with their errors and X-Road message ids (no personal data)."""
    return list(
        db.session.scalars(
            select(ReconciliationBatch)
            .where(ReconciliationBatch.run_id == run_id, ReconciliationBatch.state == BatchState.FAILED)
            .order_by(ReconciliationBatch.number)
            .limit(limit)
        )
    )
