"""One session handling for web requests, CLI commands and background jobs.

`db.session` is a scoped session bound to the current thread; the app removes it when the
application context ends, which happens after every request, every CLI command and every job
that runs inside `app.app_context()`. Services own the transaction (`commit`), views never do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import current_app
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, scoped_session
from sqlalchemy.pool import NullPool

SQLITE_BUSY_TIMEOUT_MS = 5000
_begin_immediate: ContextVar[bool] = ContextVar("begin_immediate", default=False)


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling defers BEGIN until the first write and cannot start
    # an IMMEDIATE transaction; take control so that writers queue on the busy timeout instead of
    # failing with "database is locked" when a read transaction tries to upgrade.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = "IMMEDIATE" if _begin_immediate.get() else "DEFERRED"
        connection.exec_driver_sql(f"BEGIN {mode}")


def build_engine(url: str, **kwargs: Any) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        options: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
        if parsed.database in (None, "", ":memory:"):
            raise ValueError("Use a file for SQLite: an in-memory database is lost between connections")
        options["poolclass"] = NullPool if kwargs.pop("null_pool", False) else None
        options = {k: v for k, v in options.items() if v is not None}
        engine = create_engine(url, **options, **kwargs)
        _configure_sqlite(engine)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, **kwargs)


@contextmanager
def independent_write(engine: Engine) -> Iterator[Session]:
    """A write transaction on its own connection, committed even if the caller's is rolled back.

    For records that must survive the business transaction they describe (the X-Road query log)
    and for worker threads, which have no scoped session of their own.
    """
    with Session(bind=engine, expire_on_commit=False) as session, session.begin():
        token = _begin_immediate.set(True)
        try:
            session.connection()  # begins the transaction now, while the flag is set
        finally:
            _begin_immediate.reset(token)
        yield session


class Database:
    """The engine lives on the app (one per app); the session is scoped to the current thread."""

    def __init__(self) -> None:
        self.session: scoped_session[Session] = scoped_session(self._new_session)

    def _new_session(self) -> Session:
        return Session(bind=self.engine, expire_on_commit=False)

    def init_app(self, app: Any) -> None:
        app.extensions["database_engine"] = build_engine(app.config["PORTAL"]["DATABASE_URL"])

        @app.teardown_appcontext
        def _remove_session(exc: BaseException | None) -> None:
            if exc is not None:
                self.session.rollback()
            self.session.remove()

    @property
    def engine(self) -> Engine:
        return current_app.extensions["database_engine"]

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
        token = _begin_immediate.set(True)
        try:
            session.connection()  # begins the transaction now, while the flag is set
        finally:
            _begin_immediate.reset(token)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
