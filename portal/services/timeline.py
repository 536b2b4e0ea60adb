"""A case's timeline: everything that happened, newest first, merged from a registry of sources.

Each source is a function `(person_id) -> iterable of TimelineEntry` registered with
`@timeline.source("key")`. A feature adds its own entries (offers, plan changes, meetings, status
endings) by registering a source in its own module; the case view shows them without change.
Sources run inside a request (titles are translated when built) and each should be one query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

Link = tuple[str, dict[str, Any]]  # an endpoint and its values, for url_for in the template


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    kind: str  # the source's key: "registration", "decision", "note", "offer", ...
    title: str
    detail: str | None = None
    link: Link | None = None
    actor: str | None = None  # who acted, when it was a person
    extra: dict[str, Any] = field(default_factory=dict)


Source = Callable[[int], Iterable[TimelineEntry]]
SOURCES: dict[str, Source] = {}


def source(key: str) -> Callable[[Source], Source]:
    def register(function: Source) -> Source:
        SOURCES[key] = function
        return function

    return register


def entries(person_id: int, *, limit: int = 100, kinds: Iterable[str] | None = None) -> list[TimelineEntry]:
    wanted = set(kinds) if kinds is not None else set(SOURCES)
    collected = [entry for key, read in SOURCES.items() if key in wanted for entry in read(person_id)]
    collected.sort(key=lambda entry: entry.at, reverse=True)
    return collected[:limit]
