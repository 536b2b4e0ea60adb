"""Jinja's template cache, each look-up in constant time.

Jinja keeps compiled templates in its `LRUCache`: a dict and a deque of the keys in order of use.
Every look-up of a template that is not the last one used removes its key from the deque
(`deque.remove`, a scan comparing each key before it: a tuple of the loader's weak reference, the
name and, here, the catalog) and appends it again. A page looks up its own template, its layouts
and each `{% from %}` import (4-10 a page), and the cache holds every template once per language
served (~100 after the bench's pages in one language, ~300 in three): 2.5 µs a look-up at 95
entries, 5.5 µs at 300 (`docs/performance.md`, fifteenth pass).

`TemplateCache` is the same mapping with the same capacity and the same eviction (the least
recently used template goes first) on an `OrderedDict`, whose `move_to_end` is constant time.
Its methods are the ones Jinja and the portal call on `LRUCache`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from threading import Lock
from typing import Any


class TemplateCache:
    """Jinja's `LRUCache` interface (`get`, `[]`, `in`, `len`, `clear`, `items`, `values`, `keys`,
    `capacity`, `copy`), every look-up and store O(1)."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._mapping: OrderedDict[Any, Any] = OrderedDict()
        self._lock = Lock()

    def copy(self) -> TemplateCache:
        copied = type(self)(self.capacity)
        copied._mapping.update(self._mapping)
        return copied

    __copy__ = copy

    def get(self, key: Any, default: Any = None) -> Any:
        """The value under `key`, now the most recently used (or `default`)."""
        mapping = self._mapping
        value = mapping.get(key, default)
        if value is not default:
            try:  # noqa: SIM105 - contextlib.suppress costs a context manager per look-up
                mapping.move_to_end(key)  # C-level: atomic under the GIL, like the read above
            except KeyError:  # another thread removed it meanwhile: as LRUCache, the value stands
                pass
        return value

    def setdefault(self, key: Any, default: Any = None) -> Any:
        with self._lock:
            if key in self._mapping:
                self._mapping.move_to_end(key)
                return self._mapping[key]
            self._store(key, default)
            return default

    def __getitem__(self, key: Any) -> Any:
        value = self._mapping[key]
        try:  # noqa: SIM105 - as in `get`
            self._mapping.move_to_end(key)
        except KeyError:
            pass
        return value

    def __setitem__(self, key: Any, value: Any) -> None:
        with self._lock:
            self._store(key, value)

    def _store(self, key: Any, value: Any) -> None:
        mapping = self._mapping
        if key in mapping:
            mapping.move_to_end(key)
        elif len(mapping) >= self.capacity:
            mapping.popitem(last=False)  # the least recently used
        mapping[key] = value

    def __delitem__(self, key: Any) -> None:
        with self._lock:
            del self._mapping[key]

    def clear(self) -> None:
        with self._lock:
            self._mapping.clear()

    def __contains__(self, key: Any) -> bool:
        return key in self._mapping

    def __len__(self) -> int:
        return len(self._mapping)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {dict(self._mapping)!r}>"

    def items(self) -> list[tuple[Any, Any]]:
        """(key, value) pairs, the most recently used first (as LRUCache's)."""
        return list(reversed(list(self._mapping.items())))

    def values(self) -> list[Any]:
        return [value for _, value in self.items()]

    def keys(self) -> list[Any]:
        """The keys, the most recently used first (as LRUCache's)."""
        return list(self)

    def __iter__(self) -> Iterator[Any]:
        return reversed(tuple(self._mapping))

    def __reversed__(self) -> Iterator[Any]:
        """The keys, the oldest first."""
        return iter(tuple(self._mapping))
