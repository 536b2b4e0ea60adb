"""Audit events as data: every login, role switch and (later) every use of personal data."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import Engine, bindparam, select, text
from sqlalchemy.orm import Session

from portal import audit_chain
from portal.database import independent_write
from portal.extensions import db
from portal.models import AuditEvent, AuditTag, Person
from portal.models.audit import DataCategory
from portal.models.base import utcnow
from portal.settings import settings

# Any fixed number: the advisory lock that serialises appends to the chain on PostgreSQL.
CHAIN_LOCK_KEY = 0x617564697400  # "audit"


def record(
    session: Session,
    tag: AuditTag,
    *,
    actor_role: str,
    purpose: str,
    actor_person_id: int | None = None,
    subject_person_id: int | None = None,
    request_id: str | None = None,
    details: dict[str, Any] | None = None,
    pseudonym_key: bytes | None = None,
) -> AuditEvent:
    """Add an event to the caller's transaction (the caller commits), chained to the event
    before it. Appends are serialised: on PostgreSQL by a transaction-scoped advisory lock held
    until the commit, on SQLite by the writer lock `db.write()` takes (BEGIN IMMEDIATE).

    `pseudonym_key` is for callers without an app context (worker threads); see `current_key`."""
    key = pseudonym_key or current_key()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
    event = AuditEvent(
        occurred_at=utcnow(),
        tag=tag,
        actor_role=actor_role,
        purpose=purpose,
        actor_person_id=actor_person_id,
        subject_person_id=subject_person_id,
        request_id=request_id,
        details=details or {},
        actor_ref=_pseudonym_of(session, actor_person_id, key),
        subject_ref=_pseudonym_of(session, subject_person_id, key),
    )
    # Autoflush writes this transaction's earlier events first, so the newest row is found.
    event.prev_hash = (
        session.scalar(select(AuditEvent.row_hash).order_by(AuditEvent.id.desc()).limit(1))
        or audit_chain.GENESIS
    )
    event.row_hash = audit_chain.chain_hash(event.prev_hash, canonical_form(event))
    session.add(event)
    session.flush()
    return event


def canonical_form(event: AuditEvent) -> str:
    return audit_chain.canonical(
        occurred_at=event.occurred_at,
        tag=str(event.tag),
        actor_role=event.actor_role,
        actor_ref=event.actor_ref,
        subject_ref=event.subject_ref,
        purpose=event.purpose,
        request_id=event.request_id,
        details=event.details,
    )


def current_key() -> bytes:
    """The app's pseudonym key, derived from its secret key (the same across workers)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    key = app.extensions.get("audit_pseudonym_key")
    if key is None:
        key = app.extensions["audit_pseudonym_key"] = audit_chain.pseudonym_key(settings().secret_key)
    return key


def _pseudonym_of(session: Session, person_id: int | None, key: bytes) -> str | None:
    if person_id is None:
        return None
    person = session.get(Person, person_id)
    if person is None:
        return None
    return audit_chain.pseudonym(key, person.country, person.national_code)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None  # id of the first event whose link or hash does not match
    problem: str | None


def verify_chain(session: Session, batch: int = 1000) -> ChainReport:
    """Walk the trail in id order; report the first event that was changed, or whose predecessor
    was deleted (its prev_hash no longer names the row before it)."""
    expected_prev = audit_chain.GENESIS
    checked = 0
    last_id = 0
    while True:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        ).all()
        if not events:
            return ChainReport(checked, None, None)
        for event in events:
            if event.prev_hash != expected_prev:
                return ChainReport(checked, event.id, "the event before it was removed or changed")
            if event.row_hash != audit_chain.chain_hash(event.prev_hash, canonical_form(event)):
                return ChainReport(checked, event.id, "its content was changed")
            expected_prev = event.row_hash
            checked += 1
            last_id = event.id
        session.expunge_all()


def record_access_refused(
    *,
    actor_person_id: int | None,
    actor_role: str,
    record_kind: str,
    record_id: int,
    request_id: str | None,
) -> None:
    """Someone asked for a record that is missing or not theirs (they were told "not found").
    Repeated refusals are how id enumeration shows up in the audit trail."""
    with db.write() as session:
        record(
            session,
            AuditTag.ACCESS_REFUSED,
            actor_role=actor_role,
            purpose="record not found or not the user's",
            actor_person_id=actor_person_id,
            request_id=request_id,
            details={"record": record_kind, "id": record_id},
        )


def record_staff_use(
    tag: AuditTag,
    *,
    actor_person_id: int | None,
    actor_role: str,
    subject_person_ids: Iterable[int | None],
    purpose: str,
    categories: Sequence[DataCategory],
    request_id: str | None,
    details: dict[str, Any] | None = None,
) -> None:
    """A staff page showed these people's data: one event per person (each sees it among the
    events about them), naming the categories of data shown. Committed before this returns, in a
    transaction of its own.

    Everything that does not depend on the chain's end (the pseudonyms, each event's canonical
    form) is prepared first, without a lock; the chain's short final step (lock, read the end,
    hash, one INSERT, commit) is shared with the other threads of this process that append at the
    same moment (`ChainAppender`), so 25 rows of one list and the rows of seven other requests
    take the chain's lock once between them."""
    subjects = [person_id for person_id in dict.fromkeys(subject_person_ids) if person_id is not None]
    if not subjects:
        return
    session = db.session()
    if session.in_transaction():
        session.commit()  # what the request did so far, as `db.write()` would before the events
    rows = _prepared_rows(
        session,
        tag,
        actor_role=actor_role,
        purpose=purpose,
        actor_person_id=actor_person_id,
        subject_person_ids=subjects,
        request_id=request_id,
        details={**(details or {}), "data_categories": [str(category) for category in categories]},
    )
    if session.in_transaction():
        session.commit()  # SQLite: end the read snapshot before the writers' queue
    appender().append(rows)


def record_many(
    session: Session,
    tag: AuditTag,
    *,
    actor_role: str,
    purpose: str,
    actor_person_id: int | None,
    subject_person_ids: Sequence[int],
    request_id: str | None,
    details: dict[str, Any],
) -> None:
    """One event per subject, like `record` each, chained one after another in the caller's
    transaction — in a fixed number of statements however many subjects a list shows: one read
    of the people, one lock, one read of the chain's end, one multi-row INSERT (Core: no ORM
    objects are made for the rows)."""
    session.flush()  # this transaction's earlier events first: the chain continues after them
    rows = _prepared_rows(
        session,
        tag,
        actor_role=actor_role,
        purpose=purpose,
        actor_person_id=actor_person_id,
        subject_person_ids=subject_person_ids,
        request_id=request_id,
        details=details,
    )
    _append_chained(session, rows)


@dataclass
class PreparedEvent:
    """An event's columns, ready for the driver, and its canonical form: all but its place in
    the chain (the last two columns, `prev_hash` and `row_hash`)."""

    params: tuple[Any, ...]
    canonical: str


@dataclass(frozen=True)
class _InsertForm:
    """`INSERT INTO audit_event (...) VALUES (...), (...)` for one dialect, as the driver takes it:
    built once from the table, so appending costs no statement compilation, and the rows go in
    one statement (a SQLite `executemany` would step once per row, each step giving up Python's
    lock, which under load a writer waits to get back while it holds the chain's lock)."""

    head: str  # up to and with "VALUES "
    row: str  # one row's placeholders
    columns: tuple[str, ...]  # in the placeholders' order; prev_hash and row_hash last
    processors: tuple[Any, ...]  # each column's bind processor for the dialect, or None

    ROWS_PER_STATEMENT = 500  # 12 parameters a row: far below SQLite's and PostgreSQL's limits

    def statements(self, events: Sequence[PreparedEvent], hashes: Sequence[tuple[str, str]]):
        for start in range(0, len(events), self.ROWS_PER_STATEMENT):
            chunk = range(start, min(start + self.ROWS_PER_STATEMENT, len(events)))
            params: list[Any] = []
            for index in chunk:
                params.extend(events[index].params)
                params.extend(hashes[index])
            yield self.head + ", ".join([self.row] * len(chunk)), tuple(params)


_insert_forms: dict[str, _InsertForm] = {}


def _insert_form(dialect: Any) -> _InsertForm:
    form = _insert_forms.get(dialect.name)
    if form is None:
        table = AuditEvent.__table__  # type: ignore[attr-defined]
        names = [column.name for column in table.columns if column.name != "id"]
        # A positional paramstyle, so one row's placeholders can be repeated; psycopg takes `%s`.
        positional = dialect if dialect.positional else type(dialect)(paramstyle="format")
        compiled = (
            table.insert().values({name: bindparam(name) for name in names}).compile(dialect=positional)
        )
        sql, columns = compiled.string, tuple(compiled.positiontup)
        values_at = sql.index(" VALUES (") + len(" VALUES ")
        row = sql[values_at : sql.index(")", values_at) + 1]  # PostgreSQL adds " RETURNING id": left out
        if columns[-2:] != ("prev_hash", "row_hash") or row.count(
            "?" if positional.paramstyle == "qmark" else "%s"
        ) != len(columns):
            raise RuntimeError(f"unexpected INSERT form for the audit trail: {sql}")
        processors = tuple(
            table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns
        )
        form = _insert_forms[dialect.name] = _InsertForm(sql[:values_at], row, columns, processors)
    return form


def _prepared_rows(
    session: Session,
    tag: AuditTag,
    *,
    actor_role: str,
    purpose: str,
    actor_person_id: int | None,
    subject_person_ids: Sequence[int],
    request_id: str | None,
    details: dict[str, Any],
) -> list[PreparedEvent]:
    key = current_key()
    form = _insert_form(session.get_bind().dialect)
    wanted = {actor_person_id, *subject_person_ids} - {None}
    found = session.execute(
        select(Person.id, Person.country, Person.national_code).where(Person.id.in_(wanted))
    ).all()
    refs = {row.id: audit_chain.pseudonym(key, row.country, row.national_code) for row in found}
    actor_ref = refs.get(actor_person_id) if actor_person_id is not None else None
    rows = []
    for subject in subject_person_ids:
        occurred_at = utcnow()
        subject_ref = refs.get(subject)
        values: dict[str, Any] = {
            "occurred_at": occurred_at,
            "tag": tag,
            "actor_role": actor_role,
            "purpose": purpose,
            "actor_person_id": actor_person_id,
            "subject_person_id": subject,
            "request_id": request_id,
            "details": details,
            "actor_ref": actor_ref,
            "subject_ref": subject_ref,
        }
        canonical_row = audit_chain.canonical(
            occurred_at=occurred_at,
            tag=str(tag),
            actor_role=actor_role,
            actor_ref=actor_ref,
            subject_ref=subject_ref,
            purpose=purpose,
            request_id=request_id,
            details=details,
        )
        params = tuple(
            processor(values[name]) if processor is not None else values[name]
            for name, processor in zip(form.columns[:-2], form.processors[:-2], strict=True)
        )
        rows.append(PreparedEvent(params, canonical_row))
    return rows


def _append_chained(session: Session, events: Sequence[PreparedEvent]) -> None:
    """The chain's final step, in the caller's write transaction: take the chain's lock (on
    PostgreSQL; on SQLite the caller holds the write lock), read the chain's end, hash each event
    onto it and write them all in one INSERT, in chain order. Nothing here but the lock, two
    statements and the hashes (microseconds); the rows were prepared before."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
    previous = (
        session.scalar(select(AuditEvent.row_hash).order_by(AuditEvent.id.desc()).limit(1))
        or audit_chain.GENESIS
    )
    hashes = []
    for event in events:
        row_hash = audit_chain.chain_hash(previous, event.canonical)
        hashes.append((previous, row_hash))
        previous = row_hash
    connection = session.connection()
    for statement, params in _insert_form(bind.dialect).statements(events, hashes):
        connection.exec_driver_sql(statement, params)


class AuditWriteFailed(RuntimeError):
    """Another thread wrote this thread's events together with its own, and that write failed."""


@dataclass(eq=False)
class _Ticket:
    events: list[PreparedEvent]
    done: bool = False
    error: BaseException | None = None


class ChainAppender:
    """Group commit for the audit chain, one per process and database.

    A thread that appends puts its events in the queue and waits for the process's writer lock
    (a `threading.Lock`: a waiting thread sleeps in the kernel and wakes when it is released,
    unlike SQLite's busy handler, which polls with sleeps of up to 100 ms). Whoever gets the lock
    first takes every queued ticket, its own and those that arrived while the previous write ran,
    and writes them in one transaction (`_append_chained`); the others find their ticket done and
    return. So the chain's lock (PostgreSQL's advisory lock, SQLite's write lock) is taken by at
    most one thread per process at a time, once per batch, for the few statements of the final
    step, and a request waits at most for the write before its own and its own. Every caller
    returns only after its events are committed, or raises if their write failed."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.pid = os.getpid()
        self._queue: list[_Ticket] = []
        self._queue_lock = threading.Lock()
        self._writer = threading.Lock()
        self.batches = 0  # transactions written (for tests and the bench)
        database = engine.url.database if engine.dialect.name == "sqlite" else None
        # An in-memory database has one connection and no file to put a lock beside.
        self._lock_path = f"{database}.audit-lock" if database and database != ":memory:" else None

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        """SQLite: the processes' appenders queue on a lock file before asking for SQLite's write
        lock. A process waiting in `flock` wakes the moment the file is unlocked; one waiting in
        SQLite's busy handler sleeps 1, 2, 5, 10, 15, 20, 25, ... 100 ms between tries, and under
        load those sleeps were most of an audited page's wait (other writers still queue in
        the busy handler). PostgreSQL: nothing (its advisory lock wakes waiters itself)."""
        if self._lock_path is None:
            yield
            return
        descriptor = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)  # and with it the lock

    def append(self, events: list[PreparedEvent]) -> None:
        ticket = _Ticket(events)
        with self._queue_lock:
            self._queue.append(ticket)
        with self._writer:
            if not ticket.done:
                with self._queue_lock:
                    taken, self._queue = self._queue, []
                try:
                    with self._file_lock(), independent_write(self.engine) as session:
                        _append_chained(session, [event for each in taken for event in each.events])
                except BaseException as error:
                    for each in taken:
                        each.error, each.done = error, True
                else:
                    for each in taken:
                        each.done = True
                self.batches += 1
        if ticket.error is not None:
            raise AuditWriteFailed("the audit events could not be written") from ticket.error


_appenders_lock = threading.Lock()


def appender() -> ChainAppender:
    """The current app's appender in this process (a forked worker makes its own)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    found = app.extensions.get("audit_appender")
    if found is None or found.pid != os.getpid() or found.engine is not db.engine:
        with _appenders_lock:
            found = app.extensions.get("audit_appender")
            if found is None or found.pid != os.getpid() or found.engine is not db.engine:
                found = app.extensions["audit_appender"] = ChainAppender(db.engine)
    return found
