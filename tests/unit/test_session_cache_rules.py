"""The session cache's rules, with a stand-in listener (tests/functional/test_session_cache.py
drives the real one on PostgreSQL)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from psycopg.pq import ConnStatus

from portal.services import session_cache
from portal.services.session_cache import SessionCache


class Listener:
    def __init__(self) -> None:
        self.queue: list[str] = []
        self.broken = False
        self.closed = False
        self.pgconn = self

    @property
    def status(self):
        return ConnStatus.BAD if self.broken else ConnStatus.OK

    def execute(self, statement: str) -> None:
        assert statement == f"LISTEN {session_cache.CHANNEL}"

    def consume_input(self) -> None:
        if self.broken:
            raise OSError("consuming input failed")

    def notifies(self):
        return SimpleNamespace(extra=self.queue.pop(0).encode()) if self.queue else None

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def listeners() -> list[Listener]:
    return []


@pytest.fixture
def cache(listeners) -> SessionCache:
    def connect() -> Listener:
        listeners.append(Listener())
        return listeners[-1]

    return SessionCache(connect)  # type: ignore[arg-type]


def test_a_row_is_kept_and_dropped_by_its_notification(cache, listeners):
    kept, generation = cache.get("a")
    assert kept is None and generation is not None
    assert cache.store("a", 1, "row a", generation)
    assert cache.store("b", 2, "row b", generation)
    assert cache.get("a")[0] == "row a"
    listeners[0].queue.append("a")
    assert cache.get("a")[0] is None
    assert cache.get("b")[0] == "row b"


def test_a_person_notification_drops_that_persons_sessions_and_a_star_all(cache, listeners):
    _, generation = cache.get("a")
    for key, person in (("a", 1), ("b", 1), ("c", 2), ("d", 3)):
        cache.store(key, person, f"row {key}", generation)
    listeners[0].queue.append("person:1")
    assert [cache.get(key)[0] for key in "abcd"] == [None, None, "row c", "row d"]
    listeners[0].queue.append("*")
    assert [cache.get(key)[0] for key in "abcd"] == [None] * 4


def test_a_row_read_before_a_notification_is_not_stored_after_it(cache, listeners):
    _, generation = cache.get("a")  # a request starts reading
    listeners[0].queue.append("someone else's session")  # any change, heard meanwhile
    cache.get("x")  # another request takes it in
    assert not cache.store("a", 1, "row a", generation)
    assert cache.get("a")[0] is None


def test_this_process_forgetting_moves_the_generation(cache):
    _, generation = cache.get("a")
    cache.forget({"b"})
    assert not cache.store("a", 1, "row a", generation)


def test_the_cache_is_bounded(cache, monkeypatch):
    monkeypatch.setattr(session_cache, "MAX_ROWS", 3)
    _, generation = cache.get("a")
    for key in "abcd":
        cache.store(key, 1, key, generation)
    assert [cache.get(key)[0] for key in "abcd"] == [None, "b", "c", "d"]  # the oldest went


def test_a_broken_listener_empties_the_cache_and_is_replaced_throttled(cache, listeners, monkeypatch):
    _, generation = cache.get("a")
    cache.store("a", 1, "row a", generation)
    listeners[0].broken = True
    connect = cache._connect
    monkeypatch.setattr(cache, "_connect", lambda: (_ for _ in ()).throw(OSError("down")))
    assert cache.get("a") == (None, None)  # lost, tried once at once, failed: not kept, not stored
    assert listeners[0].closed and not cache.listening
    assert not cache.store("a", 1, "row a", generation)
    monkeypatch.setattr(cache, "_connect", connect)
    assert cache.get("a") == (None, None)  # the next try waits RECONNECT_SECONDS
    cache._retry_at = 0.0
    kept, generation = cache.get("a")
    assert kept is None and generation is not None and len(listeners) == 2
    assert cache.store("a", 1, "row a", generation)
    assert cache.get("a")[0] == "row a"


def test_an_engine_without_notifications_has_no_cache(tmp_path):
    from portal.database import build_engine

    engine = build_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert session_cache.for_engine(engine) is None
    engine.dispose()
