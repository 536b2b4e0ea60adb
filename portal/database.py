"""One session handling for web requests, CLI commands and background jobs.

`db.session` is a scoped session bound to the current thread; the app removes it when the
application context ends, which happens after every request, every CLI command and every job
that runs inside `app.app_context()`. Services own the transaction (`commit`), views never do.
Each app's engine (`build_engine`, its pool, timeouts and per-database set-up) is
`portal.database_engine`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from flask import current_app
from flask.globals import _cv_app
from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import ORMExecuteState, Session, scoped_session
from sqlalchemy.util import ThreadLocalRegistry

from portal.database_engine import Timeouts, begin_immediate, build_engine

log = logging.getLogger(__name__)
T = TypeVar("T")
# PostgreSQL's serialization_failure and deadlock_detected: the transaction lost a race and may
# simply be run again.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})


def is_retryable_conflict(error: BaseException) -> bool:
    """A serialization failure or deadlock: the whole transaction may run again."""
    return isinstance(error, DBAPIError) and getattr(error.orig, "sqlstate", None) in RETRYABLE_SQLSTATES


# In a session's `info` from its first write (a flush, an UPDATE/INSERT/DELETE statement, or
# `Database.write`'s BEGIN) until its commit or rollback: the session may hold a write lock, on
# SQLite the whole database's, so a write on another connection of this thread would wait for it.
_WRITTEN = "database.written"


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, _context: object) -> None:
    session.info[_WRITTEN] = True


@event.listens_for(Session, "do_orm_execute")
def _note_write_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WRITTEN] = True


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_writes(session: Session, *_args: object) -> None:
    session.info.pop(_WRITTEN, None)


def may_hold_write_lock(session: Session) -> bool:
    """Whether the session wrote, or has changes to flush, since its transaction began."""
    return bool(session.info.get(_WRITTEN)) or not session._is_clean()


@contextmanager
def independent_write(engine: Engine) -> Iterator[Session]:
    """A write transaction on its own connection, committed even if the caller's is rolled back.

    For records that must survive the business transaction they describe (the X-Road query log)
    and for worker threads, which have no scoped session of their own.
    """
    with Session(bind=engine, expire_on_commit=False) as session, session.begin():
        token = begin_immediate.set(True)
        try:
            session.connection()  # begins the transaction now, while the flag is set
        finally:
            begin_immediate.reset(token)
        yield session


@contextmanager
def independent_transaction(engine: Engine) -> Iterator[Connection]:
    """`independent_write` on a Core connection, for a few statements that need no ORM session
    (making one, with its transaction and identity map, costs more than the audit chain's append)."""
    with engine.connect() as connection:
        token = begin_immediate.set(True)
        try:
            transaction = connection.begin()  # BEGIN (IMMEDIATE) now, while the flag is set
        finally:
            begin_immediate.reset(token)
        with transaction:  # committed on success, rolled back on error
            yield connection


class _ThreadSessions(ThreadLocalRegistry[Session]):
    """The scoped session's registry (SQLAlchemy's thread-local one), which also keeps each thread's
    closed session for the thread's next scope."""

    def take(self) -> Session | None:
        """This scope's session, if one was made, out of the registry (without the AttributeError
        that `has()` and `clear()` raise inside when there is none)."""
        return self.registry.__dict__.pop("value", None)

    def current(self) -> Session | None:
        """This scope's session, if one was made (left in the registry)."""
        return self.registry.__dict__.get("value")

    def keep(self, session: Session) -> None:
        self.registry.spare = session

    def spare(self) -> Session | None:
        return self.registry.__dict__.pop("spare", None)


class Database:
    """The engine lives on the app (one per app); the session is scoped to the current thread.

    A scope's session is closed when the scope ends and kept for the thread's next scope: a closed
    `Session` (SQLAlchemy's default `close_resets_only`) is reset as though new, with no objects,
    no transaction and no connection. Making one per request, with its event dispatch and
    registries, was about a quarter of the ~375,000 instructions a request paid for its session
    (docs/performance.md, "What every request pays, sixth pass"). A session kept for another
    app's engine (tests make many apps in one thread) is not reused.
    """

    def __init__(self) -> None:
        self.session: scoped_session[Session] = scoped_session(self._new_session)
        self._sessions = _ThreadSessions(self._new_session)
        self.session.registry = self._sessions

    def _new_session(self) -> Session:
        engine = self.engine
        spare = self._sessions.spare()
        if spare is not None and spare.bind is engine:
            return spare
        return Session(bind=engine, expire_on_commit=False)

    def init_app(self, app: Any) -> None:
        settings = app.extensions["settings"]
        app.extensions["database_engine"] = build_engine(
            settings.database_url, Timeouts.from_settings(settings)
        )

        @app.teardown_appcontext
        def _remove_session(exc: BaseException | None) -> None:
            self.end_scope(rollback=exc is not None)

    def end_scope(self, rollback: bool = False) -> None:
        """What `scoped_session.remove()` does (the session closed, the next use makes another),
        keeping the closed session for this thread's next scope."""
        session = self._sessions.take()
        if session is None:
            return
        if rollback:
            session.rollback()
        session.close()
        session.__dict__.pop("info", None)  # `info` as a new session has it (made on first use)
        self._sessions.keep(session)

    def session_if_any(self) -> Session | None:
        """The current scope's session if it made one, without making one."""
        return self._sessions.current()

    @property
    def engine(self) -> Engine:
        context = _cv_app.get(None)  # the app itself: through `current_app` a read raises first
        app = current_app if context is None else context.app
        return app.extensions["database_engine"]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: committed on success, rolled back on error.

        On SQLite it starts with BEGIN IMMEDIATE so concurrent writers wait for each other
        instead of failing when a read transaction tries to upgrade its lock.
        """
        session = self.session()
        if session.in_transaction():
            session.commit()
        token = begin_immediate.set(True)
        try:
            session.connection()  # begins the transaction now, while the flag is set
        finally:
            begin_immediate.reset(token)
        session.info[_WRITTEN] = True  # SQLite's write lock is taken by the BEGIN
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise

    def transaction(self, work: Callable[[Session], T]) -> T:
        """Run `work(session)` in a write transaction; once more if it lost a race with another
        transaction (serialization failure, deadlock). Only for work that is safe to repeat: it
        must do everything again from its reads, with no side effects outside the database."""
        for attempt in (1, 2):
            try:
                with self.write() as session:
                    return work(session)
            except DBAPIError as error:
                if attempt == 2 or not is_retryable_conflict(error):
                    raise
                log.info("Transaction lost a race (%s); running it once more", error.orig.sqlstate)  # type: ignore[union-attr]
        raise AssertionError("unreachable")  # pragma: no cover

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
