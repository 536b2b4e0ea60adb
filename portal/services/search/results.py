"""What a search answers: a page of `Hit`s in `Results` (made by `engine.search`, shown by the
search pages' presenter and templates)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from portal.models.search import EntryKind
from portal.services.search.query import SearchQuery


class Hit(NamedTuple):
    """One result (a tuple: made from a row's values without a call per field)."""

    kind: EntryKind
    ref_id: int
    title: str
    organisation: str
    summary: str
    occupation_code: str | None
    remote: bool
    working_time: str | None
    contract: str | None
    wage_min: int | None
    wage_max: int | None
    published_at: dt.datetime
    deadline: dt.date | None
    municipalities: tuple[str, ...]


@dataclass(frozen=True)
class Results:
    query: SearchQuery
    hits: Sequence[Hit]
    total: int
    similar: bool = False  # no entry matched the words; these titles are similar to them
    more: bool = False  # the count stopped: more than `total` match
    # With `saved_by` where the page's statement reads it: vacancy id -> the person's saved row id
    # for the vacancies shown that they saved. None: not read (the caller asks for it itself).
    saved: Mapping[int, int] | None = None

    @property
    def pages(self) -> int:
        """The pages known to exist: when the count stopped (`more`), one row past `total` does."""
        return max(1, -(-(self.total + self.more) // self.query.per_page))
