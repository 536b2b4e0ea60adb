"""Login sessions kept per worker process on PostgreSQL, dropped when the database says they changed.

Every signed-in request reads its session (`auth.load_session`); on PostgreSQL that is a pool
checkout and a round trip, the larger part of a page that runs no other statement. A worker process
keeps the rows it read, keyed by the token's hash, and trusts one only while:

- its listener is healthy: one connection per process (autocommit) that `LISTEN`s on `CHANNEL`,
  read without blocking before every use of the cache (`consume_input`, then the notifications
  queued). Triggers (migration 0050) `pg_notify` the token's hash when a session changes in
  anything but a forward move of `last_seen_at` (ended, role switched, deleted), `person:<id>` when
  a person's staff row or the names and code the session row carries change, and `*` when a table
  is truncated. A listener that is not connected, or fails, empties the cache and every request
  reads the database again until a new one is listening (tried at most every `RECONNECT_SECONDS`);
- the row was read before no notification arrived: a reader takes the generation (the count of
  notifications and resets) when it starts reading and stores only if it has not moved since, so a
  row read before a change is never stored after the change's notification was taken in;
- the caller's rules (auth.py: fresh for the "last seen" write, not due to end) hold.

Writes made through this process's ORM sessions (logout, a role switch, a staff change, a person's
new name, a test's UPDATE) drop what they change as soon as they commit (`_LocalWrites`), without
waiting for their own notification: the next request of the same process sees them. Another
process sees them when the notification arrives (well under a millisecond on one site).
"""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import ORMExecuteState, Session

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger(__name__)

CHANNEL = "pes_session_change"
FLUSH_ALL = "*"
PERSON = "person:"
# Sessions in use within the last "last seen" interval are the only ones worth keeping: a worker
# rarely serves thousands in a minute. The oldest stored goes first when full.
MAX_ROWS = 4096
RECONNECT_SECONDS = 5.0
CONNECT_TIMEOUT_SECONDS = 2
# The tables whose rows a session's row carries (auth._session_query).
WATCHED_TABLES = frozenset({"login_session", "person", "staff_member"})
PERSON_COLUMNS = ("id", "given_name", "family_name", "country", "national_code")


def supported(engine: Engine) -> bool:
    """The database can tell this process when a session changed: PostgreSQL's LISTEN/NOTIFY,
    through psycopg (which reads notifications without blocking)."""
    return engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg"


class SessionCache:
    """One process's kept sessions for one database, with the listener that keeps them true."""

    def __init__(self, connect: Callable[[], psycopg.Connection]) -> None:
        self.pid = os.getpid()
        self._connect = connect
        self._lock = threading.Lock()
        self._rows: dict[str, tuple[int, Any]] = {}  # token hash -> (person id, what the caller keeps)
        self._generation = 0
        self._listener: psycopg.Connection | None = None
        self._connecting = False
        self._retry_at = 0.0
        self._ok: Any = None  # psycopg's ConnStatus.OK, read when the first listener connects

    @property
    def listening(self) -> bool:
        return self._listener is not None

    def get(self, key: str) -> tuple[Any | None, int | None]:
        """What is kept for `key` (None when nothing), and the generation under which a row read
        from the database now may be stored (None: do not store, the listener is not healthy)."""
        with self._lock:
            if self._listener is not None:
                try:
                    self._take_notifications()
                except Exception:
                    log.warning(
                        "session cache: the listener failed; reading sessions from the database",
                        exc_info=True,
                    )
                    self._lose_listener()
                else:
                    kept = self._rows.get(key)
                    return (kept[1] if kept is not None else None), self._generation
            if self._connecting or time.monotonic() < self._retry_at:
                return None, None
            self._connecting = True
        return None, self._listen()

    def store(self, key: str, person_id: int, value: Any, generation: int) -> bool:
        """Keep `value` if no notification or reset came since `generation` was handed out."""
        with self._lock:
            if generation != self._generation or self._listener is None:
                return False
            rows = self._rows
            if len(rows) >= MAX_ROWS and key not in rows:
                del rows[next(iter(rows))]
            rows[key] = (person_id, value)
            return True

    def forget(self, payloads: set[str]) -> None:
        """Drop what these notifications' payloads name (this process's own commits)."""
        with self._lock:
            self._generation += 1
            for payload in payloads:
                self._drop(payload)

    def poll(self) -> int | None:
        """Take in the notifications that have arrived; the generation (None: not listening)."""
        return self.get("")[1]

    # -- with the lock held ------------------------------------------------------------------

    def _take_notifications(self) -> None:
        pgconn = self._listener.pgconn  # type: ignore[union-attr]
        pgconn.consume_input()  # what has arrived, without waiting; raises when the socket failed
        if pgconn.status != self._ok:
            raise ConnectionError("the listening connection is closed")
        while (notification := pgconn.notifies()) is not None:
            self._generation += 1
            self._drop(notification.extra.decode())

    def _drop(self, payload: str) -> None:
        rows = self._rows
        if payload == FLUSH_ALL:
            rows.clear()
        elif payload.startswith(PERSON):
            person_id = int(payload.removeprefix(PERSON))
            for key in [key for key, (person, _value) in rows.items() if person == person_id]:
                del rows[key]
        else:
            rows.pop(payload, None)

    def _lose_listener(self) -> None:
        listener, self._listener = self._listener, None
        self._rows.clear()
        self._generation += 1
        self._retry_at = 0.0  # once at once (a restarted server), then throttled
        if listener is not None:
            try:
                listener.close()
            except Exception:  # already broken
                log.debug("session cache: closing the failed listener", exc_info=True)

    # -- without the lock ----------------------------------------------------------------------

    def _listen(self) -> int | None:
        """Connect and LISTEN (one thread at a time; the others read the database meanwhile)."""
        from psycopg.pq import ConnStatus

        self._ok = ConnStatus.OK
        listener = None
        try:
            listener = self._connect()
            listener.execute(f"LISTEN {CHANNEL}")
        except Exception:
            log.warning(
                "session cache: cannot listen for session changes; reading sessions from the database",
                exc_info=True,
            )
            if listener is not None:
                listener.close()
            with self._lock:
                self._connecting = False
                self._retry_at = time.monotonic() + RECONNECT_SECONDS
            return None
        with self._lock:
            self._connecting = False
            # Nothing kept from before: a change made while nobody listened was not heard.
            self._rows.clear()
            self._generation += 1
            self._listener = listener
            return self._generation


_caches: dict[Any, SessionCache] = {}
_by_engine: weakref.WeakKeyDictionary[Engine, Any] = weakref.WeakKeyDictionary()  # None: cannot notify
_UNKNOWN: Any = object()
_inherited: list[SessionCache] = []  # a parent's listeners: never closed here (the socket is theirs)
_caches_lock = threading.Lock()


def for_engine(engine: Engine) -> SessionCache | None:
    """This process's cache for the engine's database; None where the database cannot notify.

    Created in the process that uses it: gunicorn imports the app once and forks, and a listener
    opened before the fork would be one socket read by every worker."""
    cache = _by_engine.get(engine, _UNKNOWN)
    if cache is None or (cache is not _UNKNOWN and cache.pid == os.getpid()):
        return cache
    if not supported(engine):
        _by_engine[engine] = None
        return None
    with _caches_lock:
        cache = _caches.get(engine.url)
        if cache is None or cache.pid != os.getpid():
            if cache is not None:
                _inherited.append(cache)
            cache = _caches[engine.url] = SessionCache(_connector(engine))
            _LocalWrites.install()
        _by_engine[engine] = cache
    return cache


def _connector(engine: Engine) -> Callable[[], psycopg.Connection]:
    args, params = engine.dialect.create_connect_args(engine.url)
    params.pop("context", None)

    def connect() -> psycopg.Connection:
        import psycopg

        return psycopg.connect(
            *args,
            **params,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
            application_name="pes-session-listener",
            # A listener whose peer vanished without a word is found out by the kernel, not only
            # when a notification should have come.
            keepalives=1,
            keepalives_idle=30,
            keepalives_interval=10,
            keepalives_count=3,
        )

    return connect


def _forget_everywhere(payloads: set[str]) -> None:
    pid = os.getpid()
    for cache in list(_caches.values()):
        if cache.pid == pid:
            cache.forget(payloads)


class _LocalWrites:
    """What this process's ORM sessions change in the watched tables, dropped at their commit."""

    installed = False
    KEY = "session_cache_changes"

    @classmethod
    def install(cls) -> None:
        if cls.installed:
            return
        cls.installed = True
        event.listen(Session, "after_flush", cls.after_flush)
        event.listen(Session, "do_orm_execute", cls.do_orm_execute)
        event.listen(Session, "after_commit", cls.after_commit)
        event.listen(Session, "after_rollback", cls.after_rollback)

    @classmethod
    def _note(cls, session: Session, payload: str) -> None:
        session.info.setdefault(cls.KEY, set()).add(payload)

    @classmethod
    def after_flush(cls, session: Session, _context: Any) -> None:
        from sqlalchemy import inspect

        from portal.models import LoginSession, Person, StaffMember

        for instance in (*session.dirty, *session.deleted):
            if isinstance(instance, LoginSession):
                state = inspect(instance)
                if instance in session.deleted or _session_changed(state):
                    cls._note(session, instance.token_hash)
            elif isinstance(instance, Person):
                state = inspect(instance)
                if instance in session.deleted or any(_changed(state, key) for key in PERSON_COLUMNS):
                    cls._note(session, f"{PERSON}{instance.id}")
            elif isinstance(instance, StaffMember):
                cls._note(session, f"{PERSON}{instance.person_id}")
        for instance in session.new:
            if isinstance(instance, StaffMember):
                cls._note(session, f"{PERSON}{instance.person_id}")

    @classmethod
    def do_orm_execute(cls, state: ORMExecuteState) -> None:
        if state.is_update or state.is_delete:
            table = getattr(state.statement, "table", None)
            if getattr(table, "name", None) in WATCHED_TABLES:
                cls._note(state.session, FLUSH_ALL)

    @classmethod
    def after_commit(cls, session: Session) -> None:
        payloads = session.info.pop(cls.KEY, None)
        if payloads:
            _forget_everywhere(payloads)

    @classmethod
    def after_rollback(cls, session: Session) -> None:
        session.info.pop(cls.KEY, None)


def _changed(state: Any, key: str) -> bool:
    history = state.attrs[key].history
    return bool(history.added) and list(history.added) != list(history.deleted)


def _session_changed(state: Any) -> bool:
    """Anything but a forward move of `last_seen_at` (as the trigger decides)."""
    for attribute in state.attrs:
        history = attribute.history
        if not history.added or list(history.added) == list(history.deleted):
            continue
        if attribute.key != "last_seen_at":
            return True
        old, new = history.deleted[0] if history.deleted else None, history.added[0]
        if old is None or new is None or new < old:
            return True
    return False
