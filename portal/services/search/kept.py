"""Search results kept per worker process, under the index's change counter (issue 18).

`search_change.counter` (migration 0053) moves in every transaction that writes `search_entry` or
`search_place`, by triggers, whoever the writer is. An anonymous search reads the counter first,
on its own connection (never in a transaction that may have written the index: a counter read
there could count writes that are rolled back later), then looks for its results kept under that
counter; if none, it runs and keeps them under the counter it read. Under READ COMMITTED (and on
SQLite outside a transaction) the search's statement sees the index at least as new as the
counter's: a result kept under a counter never shows an index older than that counter's, and a
writer's commit moves the counter with its rows, so the next search reads the new counter.

What a result depends on besides the index must be in its key: the query, the kind, `today` (an
entry past its deadline disappears at midnight) and `exact`. A "posted within N days" search also
depends on the clock's time, but only at the moments an entry leaves its window: its results are
kept until the oldest entry of the kind in the window when they were made (whatever the other
filters, so possibly earlier than needed) is N days old (`posted_until`, a statement read once when
the results are made, on the index's `(kind, published_at)`). Searches for a saved search's alert
(new since a moment) or a person are not kept.

Kept per engine (a test's app, a bench's database: counters of different databases never meet),
at most `MAX_KEPT` results, all dropped when the counter moves.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, bindparam, column, func, select, table

from portal import driver_statements
from portal.models.search import EntryKind, SearchEntry
from portal.services.search.query import SearchQuery

MAX_KEPT = 512

# The one row's counter, compiled once per dialect and run on the driver's cursor.
VERSION = select(table("search_change", column("counter")).c.counter)
_COMPILED: dict[str, driver_statements.Compiled] = {}
# The oldest entry of a kind in a "posted within" window (the search's own `posted_since`).
OLDEST_POSTED = select(func.min(SearchEntry.published_at)).where(
    SearchEntry.kind == bindparam("kind"), SearchEntry.published_at >= bindparam("posted_since")
)
_OLDEST_COMPILED: dict[str, driver_statements.Compiled] = {}

T = TypeVar("T")


class _Kept:
    __slots__ = ("counter", "results")

    def __init__(self) -> None:
        self.counter: Any = None
        # (counter, key) -> results: a result made under an older counter by a slower thread is
        # stored under that counter, which no later search reads.
        # Each with the moment it is no longer valid (None: until the counter moves).
        self.results: dict[tuple[Any, Hashable], tuple[Any, dt.datetime | None]] = {}


_BY_ENGINE: weakref.WeakKeyDictionary[Engine, _Kept] = weakref.WeakKeyDictionary()


def keeps(query: SearchQuery, *, published_after: dt.datetime | None, saved_by: int | None) -> bool:
    """Whether a search's results may be kept: not an alert's (new since a moment) or a person's."""
    return published_after is None and saved_by is None


def counter(connection: Connection) -> Any:
    """The index's change counter (None without its row). On PostgreSQL psycopg prepares this
    statement (it has no words to plan for, unlike a search's)."""
    dialect = connection.dialect
    shape = _COMPILED.get(dialect.name)
    if shape is None:
        shape = _COMPILED[dialect.name] = driver_statements.compile_statement(VERSION, dialect)
    found = driver_statements.rows(connection, shape, {})
    return found[0][0] if found else None


def posted_until(
    connection: Connection, kind: EntryKind, posted_since: dt.datetime, days: int
) -> dt.datetime | None:
    """When a "posted within `days`" search made now (its window starting at `posted_since`) may
    first show fewer entries with the index unchanged: the oldest entry of `kind` in the window is
    then `days` old. None: no entry of the kind is in the window (only a write, which moves the
    counter, can put one there)."""
    dialect = connection.dialect
    shape = _OLDEST_COMPILED.get(dialect.name)
    if shape is None:
        shape = _OLDEST_COMPILED[dialect.name] = driver_statements.compile_statement(OLDEST_POSTED, dialect)
    found = driver_statements.rows(connection, shape, {"kind": kind.value, "posted_since": posted_since})
    oldest = found[0][0] if found else None
    return None if oldest is None else oldest + dt.timedelta(days=days)


def results(
    engine: Engine,
    counter: Any,
    key: Hashable,
    run: Callable[[], T],
    *,
    now: dt.datetime | None = None,
    until: Callable[[], dt.datetime | None] | None = None,
) -> T:
    """The results kept under `counter` for `key`, or `run()`'s, kept. `counter` None (no row):
    nothing is kept. With `until` (asked once the results are made): they are kept while `now` is
    before the moment it gives."""
    if counter is None:
        return run()
    kept = _BY_ENGINE.get(engine)
    if kept is None:
        kept = _BY_ENGINE.setdefault(engine, _Kept())
    if kept.counter != counter:
        kept.results.clear()
        kept.counter = counter
    found = kept.results.get((counter, key))
    if found is not None and (found[1] is None or (now is not None and now < found[1])):
        return found[0]
    made = run()
    if len(kept.results) >= MAX_KEPT:
        kept.results.clear()
    kept.results[(counter, key)] = (made, None if until is None else until())
    return made


def forget(engine: Engine) -> None:
    """Drop what is kept for `engine` (bench.search measures searches not seen before)."""
    _BY_ENGINE.pop(engine, None)
