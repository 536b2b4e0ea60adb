"""What a search answers: a page of `Hit`s in `Results` (made by `engine.search`, shown by the
search pages' presenter and templates), and the columns of `search_entry` a page's row holds to
make them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from portal.models.search import EntryKind, SearchEntry
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


# A page's row: these columns, then `matched` (how many matches its window read), then, for a
# person's search where the statement reads it, their `saved_id`.
SHOWN = (
    SearchEntry.id,
    SearchEntry.kind,
    SearchEntry.ref_id,
    SearchEntry.title,
    SearchEntry.organisation,
    SearchEntry.summary,
    SearchEntry.occupation_code,
    SearchEntry.remote,
    SearchEntry.working_time,
    SearchEntry.contract,
    SearchEntry.wage_min,
    SearchEntry.wage_max,
    SearchEntry.published_at,
    SearchEntry.deadline,
    SearchEntry.municipality_codes,  # the places shown, from the row: no statement of their own
)
MATCHED = len(SHOWN)


def hits_of(kind: EntryKind, rows: Sequence[Sequence[Any]]) -> list[Hit]:
    """The hits of a page's rows, every one of `kind` (the search's first condition): the fields
    from `kind` to `deadline` are the row's, then its places."""
    return [Hit._make((kind, *row[2:14], _codes(row[14]))) for row in rows]


def _codes(places: str) -> tuple[str, ...]:
    """`search_entry.municipality_codes` as a tuple ("0296,0784": sorted, comma-separated)."""
    return tuple(places.split(",")) if places else ()
