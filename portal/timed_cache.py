"""A per-process cache of values that take long to compute (report figures, a caseload's figures),
kept for a number of seconds, that computes each missing value once however many threads ask.

Without the one-at-a-time rule, the first page views after a worker starts or a value expires all
miss together: under gunicorn's eight threads per worker each computed the same figures at once,
on a machine that had CPU for one of them, and every request waited for all of them
(docs/performance.md, "One computation per missing figure")."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class TimedCache(Generic[V]):
    def __init__(self, seconds: float, max_entries: int) -> None:
        self.seconds = seconds
        self.max_entries = max_entries
        self._values: dict[Hashable, tuple[float, V]] = {}
        self._computing: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()

    def _fresh(self, key: Hashable) -> tuple[float, V] | None:
        found = self._values.get(key)
        if found is not None and time.monotonic() - found[0] < self.seconds:
            return found
        return None

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The value kept for `key`, or `compute()`'s, computed by one thread while the others
        asking for the same key wait for it. A computation that raises keeps nothing: the next
        caller tries again."""
        found = self._fresh(key)
        if found is not None:
            return found[1]
        with self._guard:
            turn = self._computing.setdefault(key, threading.Lock())
        try:
            with turn:
                found = self._fresh(key)  # computed by the thread this one waited for
                if found is not None:
                    return found[1]
                started = time.monotonic()
                value = compute()
                with self._guard:
                    if (
                        len(self._values) >= self.max_entries
                    ):  # many filters: start again, never grow unbounded
                        self._values.clear()
                    self._values[key] = (started, value)
                return value
        finally:
            with self._guard:
                if self._computing.get(key) is turn and not turn.locked():
                    del self._computing[key]

    def discard(self, key: Hashable) -> None:
        """Forget the value kept for `key` (found stale by its user): the next `get` computes it."""
        with self._guard:
            self._values.pop(key, None)

    def clear(self) -> None:
        with self._guard:
            self._values.clear()
