"""Appending to the audit chain: events prepared without the chain's lock, then written in one
short step (lock, the chain's end, hashes, one multi-row INSERT), shared by the threads of a
process that append at the same moment (`ChainAppender`, a group commit)."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import Connection, Engine, bindparam, select
from sqlalchemy.pool import PoolProxiedConnection

from portal import audit_chain
from portal.database import independent_transaction
from portal.extensions import db
from portal.models import AuditEvent

# Any fixed number: the advisory lock that serialises appends to the chain on PostgreSQL.
CHAIN_LOCK_KEY = 0x617564697400  # "audit"


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
    chain_end: str  # the chain's end (`CHAIN_END`), as the driver takes it
    # One event read onto the chain's end and written in one statement: its columns but the last two,
    # then its canonical form; prev_hash is the end and row_hash `chain_hash(end, canonical)`, both
    # computed by the database (`_one_event`).
    one: str
    # PostgreSQL: one event, or a batch of them as arrays, appended and waited for on disk by one
    # call of migration 0051's procedure, which takes the chain's lock itself (`append_alone`);
    # None on SQLite.
    durable_one: str | None
    durable_many: str | None

    ROWS_PER_STATEMENT = 500  # 12 parameters a row: far below SQLite's and PostgreSQL's limits

    def statements(self, events: Sequence[PreparedEvent], hashes: Sequence[tuple[str, str]]):
        for start in range(0, len(events), self.ROWS_PER_STATEMENT):
            chunk = range(start, min(start + self.ROWS_PER_STATEMENT, len(events)))
            params: list[Any] = []
            for index in chunk:
                params.extend(events[index].params)
                params.extend(hashes[index])
            yield self.head + ", ".join([self.row] * len(chunk)), tuple(params)


_INSERT_FORMS: dict[str, _InsertForm] = {}

# The chain's end, built once (it is read on every append).
CHAIN_END = select(AuditEvent.row_hash).order_by(AuditEvent.id.desc()).limit(1)


def insert_form(dialect: Any) -> _InsertForm:
    form = _INSERT_FORMS.get(dialect.name)
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
        chain_end = str(CHAIN_END.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        placeholder = "?" if positional.paramstyle == "qmark" else "%s"
        one = _one_event(dialect.name, sql[:values_at], chain_end, placeholder, len(columns) - 2)
        durable: tuple[str | None, str | None] = (None, None)
        if dialect.name == "postgresql":
            durable = (_durable_call(columns[:-2], ""), _durable_call(columns[:-2], "[]"))
        form = _InsertForm(sql[:values_at], row, columns, processors, chain_end, one, *durable)
        _INSERT_FORMS[dialect.name] = form
    return form


def _one_event(dialect_name: str, head: str, chain_end: str, placeholder: str, columns: int) -> str:
    """`INSERT` of one event with its place in the chain found and hashed by the database: the read
    of the chain's end and the write are one statement instead of two (a case page writes one event;
    on PostgreSQL each statement is also a round trip and the server's CPU). The hash is the same
    `audit_chain.chain_hash` (SHA-256 of the end, a newline and the canonical form, in hex):
    PostgreSQL's own `sha256` over the UTF-8 text, SQLite's through the function the engine
    registers on each connection (`audit_chain.register_sqlite_function`). It still runs under the
    chain's lock (the caller's), so the end it reads is the end it writes after."""
    end = "(SELECT h FROM chain_end)"
    if dialect_name == "postgresql":
        row_hash = (
            f"encode(sha256(convert_to({end} || chr(10) || CAST({placeholder} AS TEXT), 'UTF8')), 'hex')"
        )
    else:
        row_hash = f"{audit_chain.SQLITE_FUNCTION}({end}, {placeholder})"
    values = ", ".join([placeholder] * columns)
    return (
        f"WITH chain_end(h) AS (SELECT COALESCE(({chain_end}), '{audit_chain.GENESIS}')) "
        f"{head}({values}, {end}, {row_hash})"
    )


# Migration 0051's `audit_append_durable`: its parameters in order, each the column it fills (then the
# canonical form, text), as values (one event) or arrays (one element per event). Each argument is
# cast to its type, so the call resolves whatever type psycopg sends a value as (an aware datetime
# as timestamptz, a small int as int2, a list of them as int2[]); `text`, not `varchar(n)`, as a
# cast to varchar(n) would cut a long value where the INSERT refuses it.
APPEND_PROCEDURE = "audit_append_durable"
_APPEND_PARAMETERS = (
    ("occurred_at", "timestamptz"),
    ("tag", "text"),
    ("actor_person_id", "integer"),
    ("actor_role", "text"),
    ("subject_person_id", "integer"),
    ("purpose", "text"),
    ("request_id", "text"),
    ("details", "json"),
    ("actor_ref", "text"),
    ("subject_ref", "text"),
)


def _durable_call(columns: Sequence[str], array: str) -> str:
    """The CALL's text. Arrays go in psycopg's binary format (`%b`): each element its length and
    bytes, where the text format escapes every element with a regular expression, one substitution
    per quote or backslash, of which a canonical form (JSON) has dozens: a batch of three events
    cost the client 0.15 ms to send, 0.04 ms in binary (25 events: 1.06 -> 0.13 ms). A value
    (one event) costs the same either way and stays in the text format."""
    if tuple(columns) != tuple(name for name, _type in _APPEND_PARAMETERS):
        raise RuntimeError(f"the audit trail's columns differ from {APPEND_PROCEDURE}'s: {columns}")
    placeholder = "%b" if array else "%s"
    arguments = [f"CAST({placeholder} AS {type_}{array})" for _name, type_ in _APPEND_PARAMETERS]
    return f"CALL {APPEND_PROCEDURE}({', '.join(arguments)}, CAST({placeholder} AS text{array}))"


# A constant: through the driver, without the engine's statement machinery.
_CHAIN_LOCK = f"SELECT pg_advisory_xact_lock({CHAIN_LOCK_KEY})"


def append_chained(connection: Connection, events: Sequence[PreparedEvent]) -> None:
    """The chain's final step, in the caller's write transaction (a Core connection: the ORM
    session's `connection()` or `independent_transaction`'s): take the chain's lock (on PostgreSQL;
    on SQLite the caller holds the write lock), read the chain's end, hash each event onto it and
    write them all in one INSERT, in chain order. Nothing here but the lock, two statements and the
    hashes (microseconds); the rows were prepared before. One event (a case page's): one statement
    that reads the end and writes the event hashed onto it (`_one_event`)."""
    dialect = connection.dialect
    if dialect.name == "postgresql":
        connection.exec_driver_sql(_CHAIN_LOCK)
    form = insert_form(dialect)
    if len(events) == 1:
        connection.exec_driver_sql(form.one, (*events[0].params, events[0].canonical))
        return
    previous = connection.exec_driver_sql(form.chain_end).scalar() or audit_chain.GENESIS
    hashes = []
    for event in events:
        row_hash = audit_chain.chain_hash(previous, event.canonical)
        hashes.append((previous, row_hash))
        previous = row_hash
    for statement, params in form.statements(events, hashes):
        connection.exec_driver_sql(statement, params)


def append_alone(
    engine: Engine, events: Sequence[PreparedEvent], connection: PoolProxiedConnection | None = None
) -> None:
    """The chain's final step as a transaction of its own (`ChainAppender`'s), committed, and on
    PostgreSQL on disk, when this returns.

    PostgreSQL: one CALL of `audit_append_durable` (migration 0051), one round trip however many
    events (one event as values, more as arrays): the procedure takes the chain's lock, hashes the
    events onto the chain's end, inserts them and commits without waiting for the disk (which frees
    the lock at once), then waits for the disk in a second transaction of its own, committed
    synchronously. Before, one event took two round trips (`audit_append_one`, then the wait) and
    a batch six (BEGIN, the lock, the chain's end, the rows, COMMIT, the wait). A procedure may
    commit only when called outside a transaction: the call goes through a pooled connection's
    driver (in autocommit, `database_engine._configure_postgresql`), as the session's read in
    `auth` does, so the engine's lazy BEGIN is not sent before it (nor do statement events see it);
    nothing is left open after it, and a connection that broke is replaced at its next checkout.
    `connection`: the request's own (`audit._unwritten_connection`: outside a transaction on the
    server), so that no second connection is taken from the pool; otherwise one from the pool.

    SQLite: one event, its one statement (`_InsertForm.one`) in autocommit, which is a write
    transaction of its own: SQLite takes the write lock when the statement starts, before it reads
    the chain's end. Each call into SQLite gives up Python's lock, and a writer waits to get it
    back while it holds the chain's lock (the other processes' appenders queue behind it): one
    call instead of three (BEGIN IMMEDIATE, the INSERT, COMMIT). More events: `append_chained`
    in a transaction."""
    form = insert_form(engine.dialect)
    if engine.dialect.name == "sqlite" and len(events) == 1:
        pooled = engine.raw_connection()
        try:
            pooled.driver_connection.execute(form.one, (*events[0].params, events[0].canonical))
        finally:
            pooled.close()
        return
    if form.durable_one is not None and form.durable_many is not None:
        if len(events) == 1:
            statement, arguments = form.durable_one, [*events[0].params, events[0].canonical]
        else:
            statement = form.durable_many
            arguments = [list(column) for column in zip(*(event.params for event in events), strict=True)]
            arguments.append([event.canonical for event in events])
        if connection is not None:
            _call(connection, statement, arguments)
            return
        pooled = engine.raw_connection()
        try:
            _call(pooled, statement, arguments)
        finally:
            pooled.close()
        return
    with independent_transaction(engine) as transaction:
        append_chained(transaction, events)


# The key, in a pooled connection's `info` (which follows its driver connection and is emptied when
# that is closed), of the driver cursor the CALL runs on.
_CURSOR = "audit_append.cursor"


def _call(pooled: PoolProxiedConnection, statement: str, arguments: list[Any]) -> None:
    """The CALL on a cursor kept with the connection: psycopg's `Connection.execute` makes a cursor
    (its adapters' map, its transformer) for every statement, ~12 µs of the client's CPU, as much
    as the CALL's own sending and reading. One thread at a time uses a connection, hence its cursor;
    a CALL returns no rows, so the cursor keeps nothing between calls."""
    info = pooled.info
    cursor = info.get(_CURSOR)
    if cursor is None:
        cursor = info[_CURSOR] = pooled.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(statement, arguments)


class AuditWriteFailed(RuntimeError):
    """Another thread wrote this thread's events together with its own, and that write failed."""


@dataclass(eq=False)
class _Ticket:
    events: list[PreparedEvent]
    connection: PoolProxiedConnection | None = None  # the request's own, if it may be used (`append_alone`)
    done: bool = False
    error: BaseException | None = None


class ChainAppender:
    """Group commit for the audit chain, one per process and database.

    A thread that appends puts its events in the queue and waits for the process's writer lock
    (a `threading.Lock`: a waiting thread sleeps in the kernel and wakes when it is released,
    unlike SQLite's busy handler, which polls with sleeps of up to 100 ms). Whoever gets the lock
    first takes every queued ticket, its own and those that arrived while the previous write ran,
    and writes them in one transaction (`append_alone`; on PostgreSQL one CALL, the disk wait
    included); the others find their ticket done and return. So the chain's lock (PostgreSQL's
    advisory lock, SQLite's write lock) is taken by at most one thread per process at a time, once
    per batch, for the few statements of the final step, and a request waits at most for the write
    before its own and its own. Every caller returns only after its events are committed (on
    PostgreSQL: and on disk), or raises if their write failed.

    One batch at a time, its disk wait included, on purpose: under load a batch holds the events of
    three or four requests (the bench's audited pages on PostgreSQL). Letting a second batch append
    while the first waits for the disk was measured (docs/performance.md, "The audit appender:
    one batch in flight, its arrays in binary"): the events per batch fell from 4.2 to 2.6, so
    more CALLs, each ~0.3 ms of the server's CPU, and no more appends a second; the audited pages
    are bound by the CPU, which a shorter wait does not give back."""

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

    def append(self, events: list[PreparedEvent], connection: PoolProxiedConnection | None = None) -> None:
        """`connection`: PostgreSQL, the request's own, outside a transaction on the server
        (`audit._unwritten_connection`): this thread writes the batch on it if it is the writer,
        and the other threads' events with its own."""
        ticket = _Ticket(events, connection)
        with self._queue_lock:
            self._queue.append(ticket)
        with self._writer:
            if not ticket.done:
                with self._queue_lock:
                    taken, self._queue = self._queue, []
                try:
                    with self._file_lock():
                        append_alone(
                            self.engine,
                            [event for each in taken for event in each.events],
                            ticket.connection,
                        )
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
