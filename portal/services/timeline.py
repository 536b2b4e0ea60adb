"""A case's timeline: everything that happened, newest first, merged from a registry of sources.

Each source is a function `(person_id) -> iterable of TimelineEntry` registered with
`@timeline.source("key")`. A feature adds its own entries (offers, plan changes, meetings, status
endings) by registering a source in its own module; the case view shows them without change.
Sources run inside a request (titles are translated when built) and each should be one query.

A source whose rows fit a few plain columns registers a `part` instead (`@timeline.part(key,
branch(...), ...)`): the parts' SELECTs are read as one UNION ALL, built once, and each part's
function gets its own rows. Each SELECT names its columns after `SLOTS` (any it lacks is NULL):
`at`-`at5` timestamps, `id`-`id4` integers, `s1`-`s11` strings (an enum's value as its string).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from sqlalchemy import (
    Integer,
    Select,
    String,
    cast,
    literal_column,
    null,
    select,
    type_coerce,
    union_all,
)

from portal.models.base import UTCDateTime
from portal.services.core_rows import read_kept_named

Link = tuple[str, dict[str, Any]]  # an endpoint and its values, for url_for in the template
PartRow = Any  # a row of a part's branch: a named tuple of `SLOTS` (`core_rows.read_named`)


_NO_EXTRA: Mapping[str, Any] = MappingProxyType({})


class TimelineEntry(NamedTuple):
    """One entry, immutable. A named tuple: a case view makes a few dozen, and a frozen
    dataclass's `__init__` (each field set through `object.__setattr__`, a dict made for `extra`)
    cost three times as much."""

    at: dt.datetime
    kind: str  # the source's key: "registration", "decision", "note", "offer", ...
    title: str
    detail: str | None = None
    link: Link | None = None
    actor: str | None = None  # who acted, when it was a person
    extra: Mapping[str, Any] = _NO_EXTRA


Source = Callable[[int], Iterable[TimelineEntry]]
# A part's function: the person and, for each of its branches, that branch's rows in their order.
PartRows = Callable[..., Iterable[TimelineEntry]]
SOURCES: dict[str, Source] = {}
PARTS: dict[str, tuple[tuple[dict[str, Any], ...], PartRows]] = {}  # key -> (branches, entries)
SLOTS = {
    **{name: UTCDateTime() for name in ("at", "at2", "at3", "at4", "at5")},
    **{name: Integer() for name in ("id", "id2", "id3", "id4")},
    **{name: String() for name in ("s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11")},
}


def source(key: str) -> Callable[[Source], Source]:
    def register(function: Source) -> Source:
        SOURCES[key] = function
        return function

    return register


def branch(where: Any, *, from_: Any = None, **columns: Any) -> dict[str, Any]:
    """One SELECT of a part: `columns` by slot (`SLOTS`) of the rows `where` selects (with the
    `person_id` bound parameter) from `from_` (a join; by default the columns' own tables)."""
    unknown = set(columns) - set(SLOTS)
    if unknown:
        raise ValueError(f"timeline: no slot {sorted(unknown)}")
    return {"where": where, "from_": from_, "columns": columns}


def part(key: str, *branches: dict[str, Any]) -> Callable[[PartRows], PartRows]:
    """A source read with the other parts in one statement: `branches` (`branch`) are its SELECTs;
    the function gets the person's id and each branch's rows (`row.at`, `row.s1`, ...) and makes
    the entries. Each branch's rows come as the database gives them (no ORDER BY): a part that
    needs an order sorts them."""

    def register(function: PartRows) -> PartRows:
        PARTS[key] = (branches, function)
        _statements.clear()
        SOURCES[key] = function  # its place among the sources (the order of equal times)
        return function

    return register


_statements: dict[tuple[str, ...], Select[Any]] = {}


def _parts_statement(keys: tuple[str, ...]) -> Select[Any]:
    """The UNION ALL of the branches of the parts `keys`, each row led by its branch's number
    (counted over the parts in order); built once."""
    statement = _statements.get(keys)
    if statement is None:
        branches = [one for key in keys for one in PARTS[key][0]]
        statement = _statements[keys] = union_all(
            *(_select_branch(number, one) for number, one in enumerate(branches))
        )
    return statement


def _select_branch(number: int, branch: dict[str, Any]) -> Select[Any]:
    """One branch: its number, then every slot (typed, so that the union's rows are read alike
    whichever branch comes first), a NULL of the slot's type where the branch has no such column
    (PostgreSQL cannot match an untyped NULL, taken as text, with a timestamp)."""
    columns = branch["columns"]
    slots = [literal_column(str(number), Integer()).label("part")] + [
        (type_coerce(columns[name], kind) if name in columns else cast(null(), kind)).label(name)
        for name, kind in SLOTS.items()
    ]
    statement = select(*slots).where(branch["where"])
    return statement.select_from(branch["from_"]) if branch["from_"] is not None else statement


def entries(person_id: int, *, limit: int = 100, kinds: Iterable[str] | None = None) -> list[TimelineEntry]:
    wanted = set(kinds) if kinds is not None else set(SOURCES)
    keys = tuple(key for key in SOURCES if key in wanted and key in PARTS)
    rows: list[list[PartRow]] = [[] for key in keys for _ in PARTS[key][0]]
    if keys:
        # Named tuples of the columns on the driver's cursor (`core_rows.read_kept_named`: the
        # statement is built once): the parts read a dozen columns of each row by name.
        for row in read_kept_named(_parts_statement(keys), {"person_id": person_id}):
            rows[row.part].append(row)
    first: dict[str, int] = {}
    for key in keys:
        first[key] = sum(len(PARTS[earlier][0]) for earlier in first)
    collected = [
        entry
        for key, read in SOURCES.items()
        if key in wanted
        for entry in (
            PARTS[key][1](person_id, *rows[first[key] : first[key] + len(PARTS[key][0])])
            if key in PARTS
            else read(person_id)
        )
    ]
    collected.sort(key=lambda entry: entry.at, reverse=True)
    return collected[:limit]
