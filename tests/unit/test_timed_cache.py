"""The per-process cache of slow figures: one computation per missing value, however many threads ask."""

import threading
import time

import pytest

from portal.timed_cache import TimedCache


def test_threads_missing_the_same_value_wait_for_one_computation():
    cache: TimedCache[int] = TimedCache(seconds=60, max_entries=10)
    calls = []
    started = threading.Barrier(8)

    def compute() -> int:
        calls.append(1)
        time.sleep(0.2)  # long enough for every other thread to arrive meanwhile
        return 42

    results = []

    def ask() -> None:
        started.wait()
        results.append(cache.get("figure", compute))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [42] * 8
    assert len(calls) == 1


def test_different_keys_are_computed_separately_and_kept():
    cache: TimedCache[str] = TimedCache(seconds=60, max_entries=10)
    assert cache.get("a", lambda: "first a") == "first a"
    assert cache.get("b", lambda: "first b") == "first b"
    assert cache.get("a", lambda: "second a") == "first a"


def test_an_expired_value_is_computed_again(monkeypatch):
    cache: TimedCache[str] = TimedCache(seconds=30, max_entries=10)
    now = [1000.0]
    monkeypatch.setattr("portal.timed_cache.time.monotonic", lambda: now[0])
    assert cache.get("a", lambda: "old") == "old"
    now[0] += 29
    assert cache.get("a", lambda: "new") == "old"
    now[0] += 2
    assert cache.get("a", lambda: "new") == "new"


def test_a_failed_computation_keeps_nothing():
    cache: TimedCache[str] = TimedCache(seconds=60, max_entries=10)

    def fail() -> str:
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        cache.get("a", fail)
    assert cache.get("a", lambda: "computed") == "computed"


def test_the_cache_never_grows_past_its_bound():
    cache: TimedCache[int] = TimedCache(seconds=60, max_entries=3)
    for number in range(10):
        cache.get(number, lambda number=number: number)
    assert len(cache._values) <= 3
