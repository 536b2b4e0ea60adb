"""Running a search: filters and sort in SQL on `search_entry`, full text through the backend.

A page of results costs three statements whatever its size: the page, the count, and the places
of the entries shown. The page selects only the columns a result shows (no ORM objects). The
count stops at `COUNT_CAP` (or a few pages past the one shown): "more than 1000 vacancies" costs
a thousand index entries, an exact count of 40,000 matches cost most of a search's time.

The statements are built once per shape (which filters are set, the sort, the backend; never the
values) with named parameters, and each search runs them with its values: building a search's
statements and their cache keys anew cost about as much CPU as running them on SQLite. They are
also compiled once per shape and dialect and run on the driver's cursor of the request's
connection (`_run` with `portal.driver_statements`; the ORM session's connection, or for an
anonymous search one of its own, without an ORM session): the engine's per-statement work (the
statement's cache key, an execution context, the result's metadata and rows) and the ORM session
around it cost 0.44 M of the results fragment's 4.12 M instructions on SQLite (0.65 of 3.60 M on
PostgreSQL). The engine's cursor events still fire, so statements are counted and PostgreSQL's
lazy BEGIN still sees them.

An anonymous search answers from the results this process kept under the index's change counter
when it can (`kept`): one read of the counter instead of the search's statement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import partial
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    any_,
    bindparam,
    func,
    select,
)

from portal import driver_statements
from portal.extensions import db
from portal.models.search import EntryKind, SavedVacancy, SearchEntry
from portal.services.search import kept
from portal.services.search.backends import Backend, CrossJoin, backend_for
from portal.services.search.filters import conditions_of, filters_of
from portal.services.search.query import SearchQuery, Sort
from portal.services.search.results import MATCHED, SHOWN, Results, hits_of

COUNT_CAP = 1000
PAGES_AHEAD = 3  # the count reaches this many pages past the one shown, so their links are known


def backend() -> Backend:
    return backend_for(db.engine.dialect.name)


def _order(sort: Sort, relevance: ColumnElement | None, entry: Any = SearchEntry) -> list[ColumnElement]:
    """The page's order; `entry` names the columns (search_entry's, or a subquery's of the same names)."""
    if sort is Sort.DEADLINE:
        return [entry.deadline.asc().nulls_last(), entry.published_at.desc(), entry.id.desc()]
    if sort is Sort.RELEVANCE and relevance is not None:
        return [relevance, entry.published_at.desc(), entry.id.desc()]
    return [entry.published_at.desc(), entry.id.desc()]


def _saved_id(ref_id: Any) -> Any:
    """The searching person's saved row of the vacancy `ref_id` (NULL when not saved)."""
    saved = SavedVacancy
    return (
        select(saved.id)
        .where(saved.person_id == bindparam("saved_by"), saved.vacancy_id == ref_id)
        .scalar_subquery()
        .label("saved_id")
    )


def count_limit(query: SearchQuery) -> int:
    """How far the count goes: `COUNT_CAP`, or a few pages past the one shown when that is further."""
    return max(COUNT_CAP, query.offset + query.per_page * PAGES_AHEAD)


# The page's and the window's LIMIT and OFFSET, and the count's limit: parameters like the filters'.
_PER_PAGE, _OFFSET, _COUNTED = (
    bindparam("per_page", type_=Integer),
    bindparam("offset", type_=Integer),
    bindparam("count_limit", type_=Integer),
)

# Statements by shape: the filters set, the sort, the backend and the kind of statement. A few
# hundred shapes at most (each a subset of the filters); emptied if it ever grows past the bound.
_STATEMENTS: dict[tuple[Any, ...], Any] = {}
_STATEMENTS_MAX = 2000


def _built(key: tuple[Any, ...], build: Any) -> Any:
    found = _STATEMENTS.get(key)
    if found is None:
        if len(_STATEMENTS) >= _STATEMENTS_MAX:
            _STATEMENTS.clear()
        found = _STATEMENTS[key] = build()
    return found


def _values(
    query: SearchQuery,
    chosen: Backend,
    values: dict[str, Any],
    *,
    similar: bool = False,
) -> dict[str, Any]:
    """The parameters of a search's statements: the filters', the words', the limits."""
    words = chosen.parameters(query.terms, similar=similar) if query.terms else {}
    return {
        **values,
        **words,
        "per_page": query.per_page,
        "offset": query.offset,
        "count_limit": count_limit(query) + 1,
    }


def _shaped(
    kind: EntryKind,
    query: SearchQuery,
    *,
    today: dt.date,
    now: dt.datetime,
    similar: bool = False,
    engine_backend: Backend | None = None,
    published_after: dt.datetime | None = None,
    exact: bool = False,
    saved_by: int | None = None,
) -> tuple[tuple[Any, ...], Select, Select, dict[str, Any]]:
    """The page and count statements of a search and their parameters, with the shape's key under
    which `_run` keeps them compiled.

    The page holds the rows shown, their places and how many matches its window read (`matched`):
    by relevance the ranked window (`ranked_page`), otherwise the matches in the order shown, up to
    `count_limit(query) + 1` of them unless `exact`. The count is run only when the page is empty
    past the first (an offset past the last match: the page cannot say how many there are).

    With `saved_by` (see `folds_saved`) the page also holds each vacancy's `saved_id` of that person."""
    chosen = engine_backend or backend()
    names, values = filters_of(kind, query, today, now, published_after)
    sort = query.effective_sort
    ranked = bool(query.terms) and sort is Sort.RELEVANCE
    saved = saved_by is not None and folds_saved(kind, chosen)
    if saved:
        values = {**values, "saved_by": saved_by}
    key = ("statements", chosen.name, names, sort, bool(query.terms), similar, exact, saved)
    page, counted = _built(
        key, lambda: _statements(chosen, names, sort, query.terms, similar, exact, ranked, saved)
    )
    return key, page, counted, _values(query, chosen, values, similar=similar)


def folds_saved(kind: EntryKind, chosen: Backend) -> bool:
    """Whether a vacancy search reads the person's saved vacancies in its page's statement: on
    PostgreSQL, one round trip less for a signed-in jobseeker. Its planner evaluates the saved row's
    subquery after the page's sort and limit, for the rows shown; SQLite computes a statement's
    columns before its sorter, so a search sorted there would probe once per match, not per row
    shown (the caller asks for them in a statement of its own)."""
    return kind is EntryKind.VACANCY and chosen.name == "postgresql"


def _statements(
    chosen: Backend,
    names: tuple[str, ...],
    sort: Sort,
    terms: tuple[str, ...],
    similar: bool,
    exact: bool,
    ranked: bool,
    saved: bool = False,
) -> tuple[Select, Select]:
    conditions = conditions_of(names, chosen)
    counted_source = SearchEntry.__table__
    count_conditions = list(conditions)
    if terms:
        unranked = (chosen.similar_titles if similar else chosen.match)(terms, ranked=False)
        counted_source = unranked.source
        count_conditions.append(unranked.condition)
    matching = select(SearchEntry.id).select_from(counted_source).where(*count_conditions)
    if not exact:
        matching = matching.limit(_COUNTED)
    counted = select(func.count()).select_from(matching.subquery("matching"))
    if ranked:
        page = _ranked_page_statement(chosen, names, terms, similar, exact)
    else:
        page = _listing_page_statement(chosen, names, sort, counted, terms, similar)
    if saved:  # the last column, of search_entry's row (both pages select from it last)
        page = page.add_columns(_saved_id(SearchEntry.ref_id))
    return page, counted


def _listing_page_statement(
    chosen: Backend,
    names: tuple[str, ...],
    sort: Sort,
    counted: Select,
    terms: tuple[str, ...],
    similar: bool,
) -> Select:
    """A page in the order shown (newest, or closing soonest) with its count, in one statement: the
    count is an uncorrelated scalar subquery, computed once when the first row is (an InitPlan on
    PostgreSQL): the same reads as the count's own statement, without its round trip.

    (A window of the matches in the page's order counted with `count(*) OVER ()`, as the ranked
    page does, read the same index entries but sorted the window twice on SQLite: 20% more
    instructions for the filters page.)"""
    conditions = conditions_of(names, chosen)
    source = SearchEntry.__table__
    if terms:
        match = (chosen.similar_titles if similar else chosen.match)(terms, ranked=False)
        source = match.source
        conditions.append(match.condition)
    return (
        select(*SHOWN, counted.scalar_subquery().label("matched"))
        .select_from(source)
        .where(*conditions)
        .order_by(*_order(sort, None))
        .limit(_PER_PAGE)
        .offset(_OFFSET)
    )


def _ranked_page_statement(
    chosen: Backend, names: tuple[str, ...], terms: tuple[str, ...], similar: bool, exact: bool
) -> Select:
    """The page of a search by relevance, with `matched`: how many rows the ranking read.

    The ranking is bounded: it reads the `count_limit(query) + 1` most recently indexed matches (all
    of them when `exact`), the window, and orders those by relevance. Ranking every match cost
    ~85 ms on SQLite for a word in most of 100,000 vacancies (bm25 of 63,000 rows); the window
    costs what a capped count does. When the matches fit in the window (`matched` <= the limit),
    the order and the count are those of ranking them all; past it the count says "more than".
    """
    conditions = conditions_of(names, chosen)
    method = chosen.similar_titles if similar else chosen.match
    match = method(terms, ranked=True)
    matching = [*conditions, match.condition]
    if match.rank_in_window:
        # FTS5's `rank` is read inside the window, for the rows it keeps, with what the order needs
        # and nothing more: the window's rows are sorted and counted narrow, and only the page's
        # rows are read again for the columns shown (a window of 1001 rows of every column shown
        # carried each summary through the sort: ~12% of a ranked page's statement on SQLite).
        window = select(
            SearchEntry.id.label("id"),
            SearchEntry.published_at.label("published_at"),
            match.relevance.label("relevance"),
        ).select_from(match.source)
    else:
        # `ts_rank` reads search_entry's `tsv`: computed on the window's rows read again by id.
        window = select(SearchEntry.id.label("id")).select_from(match.source)
    window = window.where(*matching).order_by(match.latest_first)
    if not exact:
        window = window.limit(_COUNTED)
    if match.rank_in_window:
        window = window.subquery("window")
        ranked = (
            select(
                window.c.id, window.c.published_at, window.c.relevance, func.count().over().label("matched")
            )
            .order_by(window.c.relevance, window.c.published_at.desc(), window.c.id.desc())
            .limit(_PER_PAGE)
            .offset(_OFFSET)
            .subquery("ranked")
        )
        # The page's rows first (CROSS JOIN: SQLite keeps it the outer loop), each read by its id.
        return (
            select(*SHOWN, ranked.c.matched)
            .select_from(CrossJoin(ranked, SearchEntry.__table__, ranked.c.id == SearchEntry.id))
            .order_by(ranked.c.relevance, ranked.c.published_at.desc(), ranked.c.id.desc())
        )
    # The window's ids as an array (an InitPlan) by which the page reads search_entry's rows (`id =
    # ANY`, the primary key's index), not the window joined to search_entry: the same rows, and
    # PostgreSQL plans one relation less (no join search, no merge join's estimate probing the
    # primary key's ends). A search is planned for its words each time (never prepared: `_run`),
    # and the join's planning was about a fifth of the page statement's server CPU.
    ids = func.array(window.correlate(None).scalar_subquery())
    page = (
        select(*SHOWN, func.count().over().label("matched"))
        .where(SearchEntry.id == any_(ids))
        .order_by(match.relevance, SearchEntry.published_at.desc(), SearchEntry.id.desc())
    )
    return page.limit(_PER_PAGE).offset(_OFFSET)


def _run(
    connection: Connection, key: tuple[Any, ...], statement: Select, values: Mapping[str, Any]
) -> list[Any]:
    """The rows of a search statement on the driver's cursor of `connection` (`driver_statements`:
    the cursor events fired, a driver's error raised as the engine's), compiled once per shape and
    dialect, rows as lists.

    On PostgreSQL never as a prepared statement: psycopg prepares a statement run five times on a
    connection, and PostgreSQL may then reuse one generic plan for every word, while a search's SQL
    is the same for a word in 500 vacancies and one in 60,000, whose best plans differ (a bitmap of
    the matches sorted by id, or the primary key walked backwards until the window is full).
    Measured on one connection at 100,000 vacancies: `oskus` after five searches for `kokk` took
    498 ms with the generic plan, 49 ms planned for its words."""
    dialect = connection.dialect
    shape = _built(
        ("compiled", dialect.name, *key), lambda: driver_statements.compile_statement(statement, dialect)
    )
    return driver_statements.rows(connection, shape, values, prepare=False)


def _page(connection: Connection, kind: EntryKind, query: SearchQuery, **options: Any) -> tuple[list, int]:
    """The rows of a page and how many matches its window read; the count's own statement only
    when the page is empty past the first (its window then says nothing of the matches before it)."""
    key, page, counted, parameters = _shaped(kind, query, **options)
    entries = _run(connection, (*key, "page"), page, parameters)
    if entries:
        return entries, entries[0][MATCHED]
    if not query.offset:
        return [], 0
    return [], _run(connection, (*key, "count"), counted, parameters)[0][0] or 0


def search(
    kind: EntryKind,
    query: SearchQuery,
    *,
    today: dt.date,
    now: dt.datetime,
    published_after: dt.datetime | None = None,
    exact: bool = False,
    saved_by: int | None = None,
) -> Results:
    """One page of the entries of `kind` matching `query`, and how many match in all (up to
    `count_limit(query)`, then `Results.more`; all of them when `exact`). With `saved_by` (a person
    id), `Results.saved` holds which of the vacancies shown they saved, where the page's statement
    can read it (`folds_saved`); elsewhere it is None."""
    if db.session.registry.has():
        # The request's ORM session is open (a signed-in request read its login on it, or a
        # caller's transaction): its connection, so the search sees what the transaction sees.
        return _search(db.session.connection(), kind, query, today, now, published_after, exact, saved_by)
    # An anonymous search touches the database only here: a connection of its own, returned at
    # once, without an ORM session's transaction (on SQLite its BEGIN and ROLLBACK) around it.
    # Nothing was written on it, so its results may be kept under the index's change counter.
    with db.engine.connect() as connection:
        run = partial(_search, connection, kind, query, today, now, published_after, exact, saved_by)
        if not kept.keeps(query, published_after=published_after, saved_by=saved_by):
            return run()
        until = None
        if query.posted_within is not None:  # read after the search: the same index or a newer one
            days = query.posted_within
            until = partial(kept.posted_until, connection, kind, now - dt.timedelta(days=days), days)
        return kept.results(
            db.engine, kept.counter(connection), (kind, query, today, exact), run, now=now, until=until
        )


def _search(
    connection: Connection,
    kind: EntryKind,
    query: SearchQuery,
    today: dt.date,
    now: dt.datetime,
    published_after: dt.datetime | None,
    exact: bool,
    saved_by: int | None,
) -> Results:
    chosen = backend()
    similar = False
    options = {
        "today": today,
        "now": now,
        "engine_backend": chosen,
        "published_after": published_after,
        "saved_by": saved_by,
    }
    limit = count_limit(query)
    # One statement: the page, its count (`count(*) OVER ()` of its window) and its places.
    entries, total = _page(connection, kind, query, exact=exact, **options)
    if total == 0 and query.terms and chosen.fuzzy:
        entries, total = _page(connection, kind, query, exact=exact, similar=True, **options)
        similar = total > 0
    more = not exact and total > limit
    hits = hits_of(kind, entries)
    saved = None
    if saved_by is not None and folds_saved(kind, chosen):  # `saved_id`, the last column
        saved = {entry[2]: entry[-1] for entry in entries if entry[-1] is not None}
    return Results(
        query=query, hits=hits, total=limit if more else total, similar=similar, more=more, saved=saved
    )
