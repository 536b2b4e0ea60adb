"""The engine of each database: its pool and timeouts, and the set-up that makes SQLite and
PostgreSQL behave alike for the sessions of `portal.database` (SQLite's BEGIN taken over, so that a
write begins IMMEDIATE; PostgreSQL in autocommit with a BEGIN only before the first statement
that needs one, and a ping only after idleness).
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import NullPool

from portal import audit_chain
from portal.sql_dates import register_sqlite_functions

if TYPE_CHECKING:
    from portal.settings import Settings

SQLITE_BUSY_TIMEOUT_MS = 5000
# SQLite's WAL checkpoint in a gunicorn worker (`start_wal_checkpointer`): a thread checkpoints every
# this many seconds, and a request's commit checkpoints only past this many WAL frames (pages of
# 4 KiB), should the thread fall that far behind. Elsewhere SQLite's default: every 1,000 frames.
WAL_CHECKPOINT_SECONDS = 1.0
REQUEST_CHECKPOINT_FRAMES = 10_000
# A pooled PostgreSQL connection idle longer than this is pinged before it is handed out.
PING_AFTER_IDLE_SECONDS = 10.0
# Set while a write transaction begins (`db.write()`, `independent_write`): on SQLite its BEGIN is
# IMMEDIATE, on PostgreSQL BEGIN is sent at once rather than before its first write.
begin_immediate: ContextVar[bool] = ContextVar("begin_immediate", default=False)


@dataclass(frozen=True)
class Timeouts:
    """Seconds; see the DATABASE_* settings in portal/config.py."""

    statement: float = 15.0
    lock: float = 5.0
    pool: float = 5.0
    pool_size: int = 10
    pool_overflow: int = 10
    connect: float = 5.0

    @classmethod
    def from_settings(cls, settings: Settings) -> Timeouts:
        return cls(
            statement=settings.database_statement_timeout,
            lock=settings.database_lock_timeout,
            pool=settings.database_pool_timeout,
            pool_size=settings.database_pool_size,
            pool_overflow=settings.database_pool_overflow,
            connect=settings.database_connect_timeout,
        )


def _asked_for_autocommit(connection: Any) -> bool:
    """`execution_options(isolation_level="AUTOCOMMIT")`: SQLAlchemy still fires "begin", but the
    caller wants no transaction (VACUUM, for one, refuses to run inside one)."""
    return connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT"


def _configure_sqlite(engine: Engine, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> None:
    # pysqlite's own transaction handling defers BEGIN until the first write and cannot start
    # an IMMEDIATE transaction; take control so that writers queue on the busy timeout instead of
    # failing with "database is locked" when a read transaction tries to upgrade.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        if _checkpointed_elsewhere(engine):
            cursor.execute(f"PRAGMA wal_autocheckpoint={REQUEST_CHECKPOINT_FRAMES}")
        cursor.close()
        register_sqlite_functions(dbapi_connection)
        audit_chain.register_sqlite_function(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if _asked_for_autocommit(connection):
            return
        # Through the driver: the engine's statement machinery costs more than BEGIN itself.
        connection.connection.driver_connection.execute(
            "BEGIN IMMEDIATE" if begin_immediate.get() else "BEGIN DEFERRED"
        )


def build_engine(url: str, timeouts: Timeouts | None = None, **kwargs: Any) -> Engine:
    """An engine whose every wait is bounded by `timeouts` (defaults when None)."""
    limits = timeouts or Timeouts()
    parsed = make_url(url)
    null_pool = kwargs.pop("null_pool", False)
    if parsed.get_backend_name() == "sqlite":
        options: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
        if parsed.database in (None, "", ":memory:"):
            raise ValueError("Use a file for SQLite: an in-memory database is lost between connections")
        if null_pool:
            options["poolclass"] = NullPool
        else:
            options.update(
                pool_timeout=limits.pool, pool_size=limits.pool_size, max_overflow=limits.pool_overflow
            )
        engine = create_engine(url, **options, **kwargs)
        _configure_sqlite(engine, round(limits.lock * 1000))
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    # Per session: no statement runs and no lock is awaited longer than these, so a locked table
    # answers an error (a 503 page) instead of holding the worker until gunicorn kills it.
    options = (
        f"-c statement_timeout={round(limits.statement * 1000)} -c lock_timeout={round(limits.lock * 1000)}"
    )
    connect_args = {"connect_timeout": max(1, round(limits.connect)), "options": options}
    connect_args.update(kwargs.pop("connect_args", {}))
    pool: dict[str, Any] = (
        {"poolclass": NullPool}
        if null_pool
        else {
            "pool_timeout": limits.pool,
            "pool_size": limits.pool_size,
            "max_overflow": limits.pool_overflow,
        }
    )
    engine = create_engine(parsed, connect_args=connect_args, **pool, **kwargs)
    _configure_postgresql(engine)
    _keep_long_statements_parsed()
    return engine


# psycopg parses each statement's text for its `%(name)s` placeholders on every execution unless
# the text is at most 4,096 characters with at most 50 parameters (`psycopg._queries`, kept in an
# lru_cache of 128 texts). Matching's ranking statements (~20,000 characters, ~650 parameters) and
# other long ones were parsed anew each time: ~3 ms of CPU per execution, the larger part of the
# statement's client-side cost (docs/performance.md, "Recommendations: kept ranking, cards as
# rows"). The cache stays bounded at 128 texts.
PSYCOPG_CACHED_LENGTH = 65_536
PSYCOPG_CACHED_PARAMS = 2_000


def _keep_long_statements_parsed() -> None:
    try:
        from psycopg import _queries
    except ImportError:  # another driver
        return
    if getattr(_queries, "MAX_CACHED_STATEMENT_LENGTH", None) is not None:
        _queries.MAX_CACHED_STATEMENT_LENGTH = max(
            _queries.MAX_CACHED_STATEMENT_LENGTH, PSYCOPG_CACHED_LENGTH
        )
    if getattr(_queries, "MAX_CACHED_STATEMENT_PARAMS", None) is not None:
        _queries.MAX_CACHED_STATEMENT_PARAMS = max(
            _queries.MAX_CACHED_STATEMENT_PARAMS, PSYCOPG_CACHED_PARAMS
        )


# A statement that may run outside a transaction: a plain SELECT (or a WITH that only reads), not
# one that locks rows, takes an advisory lock or changes a sequence or a setting.
_NEEDS_TRANSACTION = re.compile(
    r"\bFOR\s+(?:UPDATE|SHARE|NO\s+KEY\s+UPDATE|KEY\s+SHARE)\b|\bpg_advisory|\b(?:nextval|setval|set_config)\s*\("
    r"|\b(?:INSERT|UPDATE|DELETE|MERGE)\b",
    re.IGNORECASE,
)


# `_NEEDS_TRANSACTION`'s verdict per statement text. The search cost ~40 µs of CPU (~140,000
# instructions) for a 250-character SELECT, and it ran before every statement of a request's
# transaction on PostgreSQL; the texts are few (the compiled cache's strings, whose hashes Python
# keeps), so each is searched once. Bounded: many distinct texts start the dict again.
_PLAIN_READ_TEXTS: dict[str, bool] = {}
_PLAIN_READ_TEXTS_KEPT = 2_000


def _reads_only(statement: str) -> bool:
    verdict = _PLAIN_READ_TEXTS.get(statement)
    if verdict is None:
        verdict = (
            statement.lstrip()[:6].upper().startswith(("SELECT", "WITH"))
            and _NEEDS_TRANSACTION.search(statement) is None
        )
        if len(_PLAIN_READ_TEXTS) >= _PLAIN_READ_TEXTS_KEPT:
            _PLAIN_READ_TEXTS.clear()
        _PLAIN_READ_TEXTS[statement] = verdict
    return verdict


def _is_plain_read(statement: str, context: Any) -> bool:
    if not _reads_only(statement):
        return False
    # A server-side cursor lives in a transaction.
    return context is None or not context.execution_options.get("stream_results")


def _configure_postgresql(engine: Engine, ping_after_idle: float = PING_AFTER_IDLE_SECONDS) -> None:
    """Fewer round trips per request than psycopg's and the pool's defaults.

    - **No transaction for reads.** psycopg runs in autocommit, and a transaction starts with
      `BEGIN` only when it is needed: at once for `db.write()` and `independent_write()`, otherwise
      just before the first statement that is not a plain read (an INSERT from a flush, a locking
      SELECT, `SET LOCAL`, a savepoint). Under READ COMMITTED every statement sees its own snapshot
      either way, so a read-only request loses nothing: it saves the `BEGIN` and the `ROLLBACK`.
    - **A ping only after idleness.** `pool_pre_ping` costs a round trip at every checkout; a
      connection used within the last `ping_after_idle` seconds is trusted (a busy worker's always
      are), an older one is pinged and replaced when the server has gone away. A connection that
      breaks in between fails one request, and the pool then replaces all of them.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.autocommit = True

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()
        record.info["begin_pending"] = False

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if dbapi_connection.closed or dbapi_connection.broken:
            raise DisconnectionError("the connection was closed")
        returned_at = record.info.get("returned_at")
        if returned_at is not None and time.monotonic() - returned_at > ping_after_idle:
            import psycopg

            try:
                dbapi_connection.execute(";")
            except psycopg.Error as error:
                raise DisconnectionError("the connection failed its ping") from error

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if _asked_for_autocommit(connection):
            return  # VACUUM and the like: every statement on its own, as the caller asked
        if begin_immediate.get():
            connection.connection.driver_connection.execute("BEGIN")
        else:
            connection.info["begin_pending"] = True

    @event.listens_for(engine, "before_cursor_execute")
    def _before_execute(
        connection: Any, _cursor: Any, statement: str, _parameters: Any, context: Any, _many: bool
    ) -> None:
        if connection.info.get("begin_pending") and not _is_plain_read(statement, context):
            connection.info["begin_pending"] = False
            connection.connection.driver_connection.execute("BEGIN")

    def _ended(connection: Any) -> None:
        connection.info["begin_pending"] = False

    event.listen(engine, "commit", _ended)
    event.listen(engine, "rollback", _ended)


# ------------------------------------------------------------ SQLite: the checkpoint off the requests

logger = logging.getLogger(__name__)

# The engines whose new connections leave the WAL's checkpoint to a `WalCheckpointer` (by the
# engine's id, with the engine: an engine collected and another at its address is not taken for it).
_CHECKPOINTED: dict[int, Engine] = {}


def _checkpointed_elsewhere(engine: Engine) -> bool:
    return _CHECKPOINTED.get(id(engine)) is engine


class WalCheckpointer(threading.Thread):
    """Checkpoints an SQLite database's WAL every `every` seconds, on a connection of its own.

    By default SQLite checkpoints inside the commit that takes the WAL past 1,000 frames: that
    request (on the bench's audited pages, an audit append, with the other processes' appenders
    queued behind it on the lock file) waits for the WAL's and the database's fsync, ~10 ms and
    up to ~30 under load, about twice a second at the bench's rate (docs/performance.md, "SQLite's
    checkpoint off the request path"). A PASSIVE checkpoint runs beside readers and writers, takes
    no lock a request waits for and gives up at once when another process is checkpointing; Python's
    sqlite3 releases the GIL while it runs. Several workers' threads may check the same database: a
    checkpoint copies what the WAL holds, so the next one finds little or nothing to do.

    Durability is the same or better: with `synchronous=NORMAL` a commit is safe from a crash of the
    process at once, and from a power loss once a checkpoint has synced the WAL; that now happens
    within about a second of a commit, where before it waited for 1,000 frames (at little traffic,
    hours). An error is logged and the next round tries again on a new connection; should the
    thread stop or fall behind, requests checkpoint again past `REQUEST_CHECKPOINT_FRAMES`."""

    def __init__(self, database: str, every: float = WAL_CHECKPOINT_SECONDS) -> None:
        super().__init__(name="sqlite-wal-checkpointer", daemon=True)
        self.database = database
        self.every = every
        self.rounds = 0  # checkpoints run (for tests and the bench)
        self._stopping = threading.Event()
        self._connection: sqlite3.Connection | None = None

    def checkpoint(self) -> tuple[int, int, int]:
        """One PASSIVE checkpoint: (1 if another process was checkpointing, frames in the WAL,
        frames checkpointed)."""
        if self._connection is None:
            # Autocommit: the connection never holds a read transaction (which would keep the WAL
            # from being reset).
            # Read-write, never created: a missing database is an error here, not a new empty file.
            self._connection = sqlite3.connect(
                f"file:{quote(self.database)}?mode=rw",
                uri=True,
                isolation_level=None,
                check_same_thread=False,
            )
        busy, frames, done = self._connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if frames == -1:
            # Not in WAL mode as this connection sees it: one opened before the database was put
            # in WAL mode keeps seeing it so (the checkpoint is a no-op for it, round after round).
            # The next round opens a new one, which reads the mode afresh.
            self._close()
        self.rounds += 1
        return busy, frames, done

    def run(self) -> None:
        while not self._stopping.wait(self.every):
            try:
                self.checkpoint()
            except Exception:  # the next round tries again, on a new connection
                logger.exception("the WAL checkpoint of %s failed", self.database)
                self._close()
        self._close()

    def stop(self, timeout: float | None = None) -> None:
        self._stopping.set()
        self.join(timeout)

    def _close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            finally:
                self._connection = None


def start_wal_checkpointer(engine: Engine, every: float = WAL_CHECKPOINT_SECONDS) -> WalCheckpointer | None:
    """In a process that serves requests (a gunicorn worker, `post_fork`): checkpoint the SQLite
    database's WAL in a thread of this process, and let the engine's connections opened from now on
    checkpoint only past `REQUEST_CHECKPOINT_FRAMES`. Call it before the process opens a connection:
    one opened earlier keeps SQLite's default. Nothing on PostgreSQL (None); other processes (the
    job consumer, `flask` commands) keep SQLite's default."""
    if engine.dialect.name != "sqlite" or not engine.url.database or engine.url.query.get("uri"):
        return None  # (a `file:` URI names its database otherwise: left to SQLite's default)
    _CHECKPOINTED[id(engine)] = engine
    checkpointer = WalCheckpointer(engine.url.database, every)
    checkpointer.start()
    return checkpointer


def stop_wal_checkpointer(engine: Engine, checkpointer: WalCheckpointer | None) -> None:
    """Back to SQLite's default for the engine's new connections, the thread stopped."""
    if _CHECKPOINTED.get(id(engine)) is engine:
        del _CHECKPOINTED[id(engine)]
    if checkpointer is not None:
        checkpointer.stop()
