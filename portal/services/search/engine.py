"""Running a search: filters and sort in SQL on `search_entry`, full text through the backend.

A page of results costs three statements whatever its size: the page, the count, and the places
of the entries shown. The page selects only the columns a result shows (no ORM objects). The
count stops at `COUNT_CAP` (or a few pages past the one shown): "more than 1000 vacancies" costs
a thousand index entries, an exact count of 40,000 matches cost most of a search's time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, func, or_, select

from portal.extensions import db
from portal.models.search import EntryKind, SearchEntry, SearchPlace
from portal.services.search.backends import CUSTOM_PLAN, Backend, backend_for
from portal.services.search.query import SearchQuery, Sort

COUNT_CAP = 1000
PAGES_AHEAD = 3  # the count reaches this many pages past the one shown, so their links are known


@dataclass(frozen=True)
class Hit:
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

    @property
    def pages(self) -> int:
        """The pages known to exist: when the count stopped (`more`), one row past `total` does."""
        return max(1, -(-(self.total + self.more) // self.query.per_page))


def backend() -> Backend:
    return backend_for(db.engine.dialect.name)


def _filters(
    kind: EntryKind,
    query: SearchQuery,
    today: dt.date,
    now: dt.datetime,
    published_after: dt.datetime | None = None,
) -> list[ColumnElement]:
    entry = SearchEntry
    conditions: list[ColumnElement] = [
        entry.kind == kind.value,
        # An entry past its deadline disappears at once, before the daily expiry job closes it.
        or_(entry.deadline.is_(None), entry.deadline >= today),
    ]
    if query.group:
        conditions.append(entry.occupation_group == query.group)
    if query.remote:
        conditions.append(entry.remote.is_(True))
    if query.working_time:
        conditions.append(entry.working_time == query.working_time)
    if query.contract:
        conditions.append(entry.contract == query.contract)
    if query.wage is not None:
        conditions.append(entry.wage_max >= query.wage)
    if query.posted_within is not None:
        conditions.append(entry.published_at >= now - dt.timedelta(days=query.posted_within))
    if published_after is not None:  # a saved search's alert: what is new since the last one
        conditions.append(entry.published_at > published_after)
        conditions.append(entry.published_at <= now)
    if query.education is not None:
        conditions.append(or_(entry.education_level.is_(None), entry.education_level <= query.education))
    place = SearchPlace
    # A correlated EXISTS: a probe of the place index per candidate entry. (An IN list made SQLite
    # read every entry id of the county into a temporary index first: 30,000 in Harju.)
    # It selects only `entry_id`, so the probe reads the index alone (`SELECT *` read the row too).
    if query.municipality:
        conditions.append(
            select(place.entry_id)
            .where(place.municipality_code == query.municipality, place.entry_id == entry.id)
            .exists()
        )
    elif query.county:
        conditions.append(
            select(place.entry_id)
            .where(place.county_code == query.county, place.entry_id == entry.id)
            .exists()
        )
    return conditions


def _order(sort: Sort, relevance: ColumnElement | None) -> list[ColumnElement]:
    entry = SearchEntry
    if sort is Sort.DEADLINE:
        return [entry.deadline.asc().nulls_last(), entry.published_at.desc(), entry.id.desc()]
    if sort is Sort.RELEVANCE and relevance is not None:
        return [relevance, entry.published_at.desc(), entry.id.desc()]
    return [entry.published_at.desc(), entry.id.desc()]


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
)


def count_limit(query: SearchQuery) -> int:
    """How far the count goes: `COUNT_CAP`, or a few pages past the one shown when that is further."""
    return max(COUNT_CAP, query.offset + query.per_page * PAGES_AHEAD)


def statements(
    kind: EntryKind,
    query: SearchQuery,
    *,
    today: dt.date,
    now: dt.datetime,
    similar: bool = False,
    engine_backend: Backend | None = None,
    published_after: dt.datetime | None = None,
    exact: bool = False,
) -> tuple[Select, Select]:
    """The page and count statements of a search (the benchmark prints their plans). The count
    counts up to `count_limit(query) + 1` rows unless `exact`."""
    chosen = engine_backend or backend()
    conditions = _filters(kind, query, today, now, published_after)
    sort = query.effective_sort
    source, counted_source, relevance = SearchEntry.__table__, SearchEntry.__table__, None
    page_conditions, count_conditions = list(conditions), list(conditions)
    if query.terms:
        method = chosen.similar_titles if similar else chosen.match
        ranked = method(query.terms, ranked=sort is Sort.RELEVANCE)
        unranked = method(query.terms, ranked=False)
        source, relevance, counted_source = ranked.source, ranked.relevance, unranked.source
        page_conditions.append(ranked.condition)
        count_conditions.append(unranked.condition)
    matching = select(SearchEntry.id).select_from(counted_source).where(*count_conditions)
    if not exact:
        matching = matching.limit(count_limit(query) + 1)
    counted = select(func.count()).select_from(matching.subquery("matching"))
    page = (
        select(*SHOWN)
        .select_from(source)
        .where(*page_conditions)
        .order_by(*_order(sort, relevance))
        .limit(query.per_page)
        .offset(query.offset)
    )
    return page, counted


def ranked_page(
    kind: EntryKind,
    query: SearchQuery,
    *,
    today: dt.date,
    now: dt.datetime,
    similar: bool = False,
    engine_backend: Backend | None = None,
    published_after: dt.datetime | None = None,
    exact: bool = False,
) -> Select:
    """The page of a search by relevance, with `matched`: how many rows the ranking read.

    The ranking is bounded: it reads the `count_limit(query) + 1` most recently indexed matches (all
    of them when `exact`), the window, and orders those by relevance. Ranking every match cost
    ~85 ms on SQLite for a word in most of 100,000 vacancies (bm25 of 63,000 rows); the window
    costs what a capped count does. When the matches fit in the window (`matched` <= the limit),
    the order and the count are those of ranking them all; past it the count says "more than".
    """
    chosen = engine_backend or backend()
    conditions = _filters(kind, query, today, now, published_after)
    method = chosen.similar_titles if similar else chosen.match
    match = method(query.terms, ranked=True)
    matching = [*conditions, match.condition]
    if match.rank_in_window:
        # FTS5's `rank` is read inside the window, for the rows it keeps, and so are the columns
        # shown: the page sorts the window's rows without reading search_entry again.
        window = select(*SHOWN, match.relevance.label("relevance")).select_from(match.source)
    else:
        # `ts_rank` reads search_entry's `tsv`: computed on the window's rows joined back to it.
        window = select(SearchEntry.id.label("id")).select_from(match.source)
    window = window.where(*matching).order_by(match.latest_first)
    if not exact:
        window = window.limit(count_limit(query) + 1)
    window = window.subquery("window")
    if match.rank_in_window:
        page = select(*window.c, func.count().over().label("matched")).order_by(
            window.c.relevance, window.c.published_at.desc(), window.c.id.desc()
        )
    else:
        page = (
            select(*SHOWN, func.count().over().label("matched"))
            .select_from(window.join(SearchEntry, window.c.id == SearchEntry.id))
            .order_by(match.relevance, SearchEntry.published_at.desc(), SearchEntry.id.desc())
        )
    return page.limit(query.per_page).offset(query.offset)


def _ranked_page(
    connection: Connection, kind: EntryKind, query: SearchQuery, **options: Any
) -> tuple[list, int]:
    """The page of a relevance-sorted search and the number of matches read by the ranking (the
    count's own statement only when the page is past the last match)."""
    entries = list(
        connection.execute(ranked_page(kind, query, **options), execution_options=CUSTOM_PLAN).all()
    )
    if entries:
        return entries, entries[0].matched
    _page, counted = statements(kind, query, **options)
    return [], (connection.scalar(counted, execution_options=CUSTOM_PLAN) or 0) if query.offset else 0


def search(
    kind: EntryKind,
    query: SearchQuery,
    *,
    today: dt.date,
    now: dt.datetime,
    published_after: dt.datetime | None = None,
    exact: bool = False,
) -> Results:
    """One page of the entries of `kind` matching `query`, and how many match in all (up to
    `count_limit(query)`, then `Results.more`; all of them when `exact`)."""
    # Core statements on the session's connection: no ORM entities, and none of the ORM's
    # per-statement work (about a third of a search's CPU time at 20 rows).
    connection = db.session.connection()
    chosen = backend()
    similar = False
    options = {"today": today, "now": now, "engine_backend": chosen, "published_after": published_after}
    limit = count_limit(query)
    if query.terms and query.effective_sort is Sort.RELEVANCE:
        # The ranking reads a window of matches up to the count's limit: the page counts them in
        # the same statement (`count(*) OVER ()`) instead of a second full-text match for the count.
        entries, total = _ranked_page(connection, kind, query, exact=exact, **options)
        if total == 0 and chosen.fuzzy:
            entries, total = _ranked_page(connection, kind, query, exact=exact, similar=True, **options)
            similar = total > 0
    else:
        page, counted = statements(kind, query, exact=exact, **options)
        total = connection.scalar(counted, execution_options=CUSTOM_PLAN) or 0
        if total == 0 and query.terms and chosen.fuzzy:
            page, counted = statements(kind, query, similar=True, exact=exact, **options)
            total = connection.scalar(counted, execution_options=CUSTOM_PLAN) or 0
            similar = total > 0
        entries = (
            connection.execute(page, execution_options=CUSTOM_PLAN).all() if total > query.offset else []
        )
    more = not exact and total > limit
    places: dict[int, list[str]] = {}
    if entries:
        rows = connection.execute(
            select(SearchPlace.entry_id, SearchPlace.municipality_code)
            .where(SearchPlace.entry_id.in_([entry.id for entry in entries]))
            .order_by(SearchPlace.entry_id, SearchPlace.municipality_code)
        )
        for entry_id, code in rows:
            places.setdefault(entry_id, []).append(code)
    hits = [
        Hit(
            kind=EntryKind(entry.kind),
            ref_id=entry.ref_id,
            title=entry.title,
            organisation=entry.organisation,
            summary=entry.summary,
            occupation_code=entry.occupation_code,
            remote=entry.remote,
            working_time=entry.working_time,
            contract=entry.contract,
            wage_min=entry.wage_min,
            wage_max=entry.wage_max,
            published_at=entry.published_at,
            deadline=entry.deadline,
            municipalities=tuple(places.get(entry.id, ())),
        )
        for entry in entries
    ]
    return Results(query=query, hits=hits, total=limit if more else total, similar=similar, more=more)
