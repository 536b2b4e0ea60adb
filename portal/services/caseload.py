"""The counsellor's caseload: the open cases of an office or a counsellor, filtered, sorted, counted
and paginated in SQL, with the scope's figures beside the filters.

What a page asks for (the filters' registry, the sorts, the query types) is `caseload_query`;
opening, closing and reassigning cases is `case_assignment`, the rows' SELECT `caseload_rows`, the
search `caseload_search`; their names used from here before the split are still importable here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from flask import current_app
from sqlalchemy import Integer, Select, and_, bindparam, case, func, select

from portal.extensions import db
from portal.models import JobseekerCase, RiskLevel, StaffMember
from portal.services import core_rows
from portal.services.case_assignment import NotInOffice as NotInOffice
from portal.services.case_assignment import close_case as close_case
from portal.services.case_assignment import next_counsellor as next_counsellor
from portal.services.case_assignment import open_case as open_case
from portal.services.case_assignment import reassign as reassign
from portal.services.caseload_query import FLAGS as FLAGS
from portal.services.caseload_query import PER_PAGE as PER_PAGE
from portal.services.caseload_query import SORTS as SORTS
from portal.services.caseload_query import CaseFlag as CaseFlag
from portal.services.caseload_query import CaseloadQuery as CaseloadQuery
from portal.services.caseload_query import StaffCaseloadQuery as StaffCaseloadQuery
from portal.services.caseload_query import flags as flags
from portal.services.caseload_query import register_flag as register_flag
from portal.services.caseload_rows import CaseRow as CaseRow
from portal.services.caseload_rows import row, row_columns, rows_joined_to, rows_statement
from portal.services.paging import page_count
from portal.timed_cache import TimedCache

COUNT_CAP = 1000  # the list's count stops here ("more than 1000 cases match")
EXPORT_LIMIT = 5000


@dataclass(frozen=True)
class Caseload:
    rows: list[CaseRow]
    total: int  # cases matching the filters, at most `count_limit`
    in_scope: int  # cases in the scope before filters
    by_risk: dict[str, int]  # in scope, "none" for not yet profiled
    by_flag: dict[str, int]  # in scope
    page: int
    pages: int
    total_exact: bool = True  # False: more than `total` cases match


@dataclass(frozen=True)
class _PageStatements:
    """A page's statements for one shape of query (`_page_statements`): its values are bound at
    execution (`_values`), so a page costs no statement construction. Building and keying the
    ORM SELECTs of a page cost more CPU than running them (docs/performance.md)."""

    count: Select[Any]  # matching cases, at most `:count_limit`
    page: Select[Any]  # the rows of `:page_limit` cases from `:page_offset` (not "due")
    counted_page: Select[Any]  # `page` with `count` as its last column, `matched` (not "due")
    dated: Select[Any]  # "due": case ids with a due date, in its order
    dated_before: Select[Any]  # "due": how many dated cases there are, at most `:page_offset`
    undated: Select[Any]  # "due": case ids without one, by id, from `:undated_offset`
    by_ids: Select[Any]  # "due": the rows of `:ids`, in the sort's order
    # `counted_page` and `count` for the staff member whose person is `:staff_person_id`, their
    # office and (mine) id read by the statement itself, their row's `staff_id` and `staff_office`
    # its first columns (`staff_caseload`): one row with them when no case is on the page, none when
    # they are not staff.
    staff_counted_page: Select[Any]
    staff_count: Select[Any]


_LIMIT, _OFFSET = bindparam("page_limit", type_=Integer), bindparam("page_offset", type_=Integer)
# The signed-in staff member (`staff_caseload`): their row, and their office and id as values of
# uncorrelated scalar subqueries (an alias of its own, so that none is correlated to the outer row or
# to the counsellors' join), which the database runs once per statement.
_STAFF_PERSON = bindparam("staff_person_id", type_=Integer)
_ME = StaffMember.__table__.alias("me")
_SIGNED_IN = StaffMember.__table__.alias("signed_in")
_MY_OFFICE = select(_SIGNED_IN.c.office).where(_SIGNED_IN.c.person_id == _STAFF_PERSON).scalar_subquery()
_MY_ID = select(_SIGNED_IN.c.id).where(_SIGNED_IN.c.person_id == _STAFF_PERSON).scalar_subquery()


@lru_cache(maxsize=512)
def _page_statements(
    mine: bool, risk: bool, plan: bool, chosen: tuple[CaseFlag, ...], sort: str, today: dt.date
) -> _PageStatements:
    """The statements of a query with this shape. The values (office, counsellor, risk level, plan
    status, limits) are parameters; a filter's condition is built for `today`, as a registered
    filter's condition takes a date, so the statements are made again each day."""

    def matching_of(office: Any, counsellor: Any) -> Select[Any]:
        conditions = [JobseekerCase.office == office, JobseekerCase.closed_on.is_(None)]
        if mine:
            conditions.append(JobseekerCase.counsellor_id == counsellor)
        if risk:
            conditions.append(JobseekerCase.risk_level == bindparam("risk"))
        if plan:
            conditions.append(JobseekerCase.plan_status == bindparam("plan"))
        conditions += [flag.condition(today) for flag in chosen]
        return select(case_id).where(and_(*conditions))

    def count_of(matching: Select[Any]) -> Select[Any]:
        return select(func.count()).select_from(
            matching.limit(bindparam("count_limit", type_=Integer)).subquery()
        )

    def page_ids_of(matching: Select[Any]) -> Any:
        return matching.order_by(*order).limit(_LIMIT).offset(_OFFSET).scalar_subquery()

    order = SORTS.get(sort, SORTS["name"])
    case_id, due = JobseekerCase.id, JobseekerCase.next_due_on
    matching = matching_of(bindparam("office"), bindparam("counsellor_id"))
    count = count_of(matching)
    page = rows_statement(order).where(case_id.in_(page_ids_of(matching)))
    staff_matching = matching_of(_MY_OFFICE, _MY_ID)
    me = (_ME.c.id.label("staff_id"), _ME.c.office.label("staff_office"))
    return _PageStatements(
        count=count,
        page=page,
        # An uncorrelated scalar subquery: both databases run it once, not per row.
        counted_page=page.add_columns(count.scalar_subquery().label("matched")),
        dated=matching.where(due.is_not(None)).order_by(due, case_id).limit(_LIMIT).offset(_OFFSET),
        dated_before=select(func.count()).select_from(
            matching.where(due.is_not(None)).limit(_OFFSET).subquery()
        ),
        undated=matching.where(due.is_(None))
        .order_by(case_id)
        .limit(_LIMIT)
        .offset(bindparam("undated_offset", type_=Integer)),
        by_ids=rows_statement(order).where(case_id.in_(bindparam("ids", expanding=True))),
        # The staff member's row, then the page's cases joined to it (the page's ids in the join's
        # condition: both databases read the ids first, then those cases by primary key, as on
        # `page`), in the sort's order.
        staff_counted_page=select(
            *me, *row_columns(), count_of(staff_matching).scalar_subquery().label("matched")
        )
        .select_from(rows_joined_to(_ME, case_id.in_(page_ids_of(staff_matching))))
        .where(_ME.c.person_id == _STAFF_PERSON)
        .order_by(*order),
        staff_count=select(*me, count_of(staff_matching).scalar_subquery().label("matched")).where(
            _ME.c.person_id == _STAFF_PERSON
        ),
    )


def _statements_of(query: CaseloadQuery | StaffCaseloadQuery) -> _PageStatements:
    return _page_statements(
        query.mine,
        query.risk is not None,
        query.plan is not None,
        tuple(FLAGS[key] for key in sorted(query.flags) if key in FLAGS),
        query.sort,
        query.today,
    )


def _values(query: CaseloadQuery) -> dict[str, Any]:
    return {
        "office": query.office,
        "counsellor_id": query.counsellor_id,
        "risk": query.risk,
        "plan": query.plan,
    }


def _due_ids(statements: _PageStatements, values: dict[str, Any], limit: int, offset: int) -> list[int]:
    """A page's case ids by "next action due": the dated cases in date order, then the undated ones
    by id (the sort's NULLS LAST). Each part reads the due-date indexes in order and stops at the
    page, where one ORDER BY with NULLS LAST made SQLite sort every matching case (25,000 for an
    office's high-risk cases). Two or three statements instead of one."""
    session = db.session
    values = {**values, "page_limit": limit, "page_offset": offset}
    dated = list(session.scalars(statements.dated, values))
    if len(dated) == limit:
        return dated
    skip = 0
    if not dated and offset:  # past the dated cases: how many there were (at most `offset`)
        skip = offset - (session.scalar(statements.dated_before, values) or 0)
    values.update(page_limit=limit - len(dated), undated_offset=skip)
    undated = session.scalars(statements.undated, values)
    return [*dated, *undated]


# The scope's figures beside the filters (per risk level and per filter) read every case of the
# scope, 70,000 for a large office: kept this long per process, per office, scope and day. The list,
# its page and "N cases match" are always read live.
FIGURES_SECONDS = 30.0
FIGURES_CACHE = "caseload_figures"
FIGURES_CACHE_SIZE = 2000


@dataclass(frozen=True)
class Figures:
    in_scope: int
    by_risk: dict[str, int]
    by_flag: dict[str, int]


def _figures(query: CaseloadQuery) -> Figures:
    flag_list = flags()
    key = (query.office, query.counsellor_id, query.today, tuple(flag.key for flag in flag_list))
    cache: TimedCache[Figures] | None = current_app.extensions.get(FIGURES_CACHE)
    if cache is None:
        cache = current_app.extensions.setdefault(
            FIGURES_CACHE, TimedCache(FIGURES_SECONDS, FIGURES_CACHE_SIZE)
        )
    return cache.get(key, lambda: _count_figures(query, flag_list))


def _count_figures(query: CaseloadQuery, flag_list: list[CaseFlag]) -> Figures:
    figures = [
        func.count().label("in_scope"),
        *(
            func.sum(case((JobseekerCase.risk_level == level, 1), else_=0)).label(f"r_{level.value}")
            for level in RiskLevel
        ),
        func.sum(case((JobseekerCase.risk_level.is_(None), 1), else_=0)).label("r_none"),
        *(
            func.sum(case((flag.condition(query.today), 1), else_=0)).label(f"f_{i}")
            for i, flag in enumerate(flag_list)
        ),
    ]
    counts = db.session.execute(select(*figures).select_from(JobseekerCase).where(and_(*query.scope()))).one()
    return Figures(
        in_scope=counts.in_scope or 0,
        by_risk={
            **{level.value: getattr(counts, f"r_{level.value}") or 0 for level in RiskLevel},
            "none": counts.r_none or 0,
        },
        by_flag={flag.key: getattr(counts, f"f_{i}") or 0 for i, flag in enumerate(flag_list)},
    )


def count_limit(page: int, per_page: int = PER_PAGE) -> int:
    """How far the list's count goes: COUNT_CAP cases, or three pages past a deeper page asked for."""
    return max(COUNT_CAP, (page + 3) * per_page)


def _counted_page(
    statements: _PageStatements, values: dict[str, Any], query: CaseloadQuery, limit: int
) -> tuple[int, list[Any]] | None:
    """The count and the rows of the page asked for in one statement (not "due"), or None when
    that page has no rows and the count alone does not tell why (a page past the end).

    On PostgreSQL each statement costs a round trip (~0.15 ms of the server's CPU): the count
    and the page were two. Read on the session's connection as named tuples
    (`core_rows.read_named`): columns only (the ORM's execution cost more than the statement on
    an empty page), and `row` reads each column by name. The page asked for is the page shown
    whenever it has rows: the count goes at least three pages past it (`count_limit`), so it is
    never past the last page."""
    offset = (max(1, query.page) - 1) * query.per_page
    rows = core_rows.read_named(
        statements.counted_page,
        {**values, "count_limit": limit + 1, "page_limit": query.per_page, "page_offset": offset},
    )
    if rows:
        return rows[0].matched, rows
    return (0, []) if offset == 0 else None  # the first page is empty only when nothing matches


def caseload(query: CaseloadQuery) -> Caseload:
    """One page of cases and the figures beside it: one statement for the count and the page
    (`_counted_page`; by due date, the count and then the page's two or three), and the scope's
    figures when not cached.

    The count stops at `count_limit` (the page then says "more than N cases match" and links the
    pages known to exist), so it reads at most that many index entries however many cases the
    office has; the exact figures per risk level and filter stand beside the filters."""
    statements, values = _statements_of(query), _values(query)
    limit = count_limit(query.page, query.per_page)
    if query.sort != "due" and (found := _counted_page(statements, values, query, limit)) is not None:
        counted, rows = found
        return _caseload_of(query, counted, limit, rows)
    counted = db.session.scalar(statements.count, {**values, "count_limit": limit + 1}) or 0
    return _page_of_counted(query, statements, values, counted, limit)


@dataclass(frozen=True)
class SignedIn:
    """The staff member whose caseload `staff_caseload` read."""

    id: int
    office: str


def staff_caseload(staff_person_id: int, asked: StaffCaseloadQuery) -> tuple[SignedIn, Caseload] | None:
    """`caseload` of the staff member whose person is `staff_person_id`: their office, and their id
    when `asked.mine` ("my cases"), are read by the page's first statement with the page
    (`staff_counted_page`, or by due date `staff_count`), where their row was a statement of its
    own before it (on PostgreSQL a round trip). None when the person is not staff. Read on the
    driver's cursor (`core_rows.read_kept_named`; the statements are built once per shape,
    `_page_statements`): the engine's execution cost about a twentieth of the page."""
    statements = _statements_of(asked)
    limit = count_limit(asked.page, asked.per_page)
    values: dict[str, Any] = {
        "staff_person_id": staff_person_id,
        "risk": asked.risk,
        "plan": asked.plan,
        "count_limit": limit + 1,
    }
    offset = (max(1, asked.page) - 1) * asked.per_page
    if asked.sort != "due":
        values.update(page_limit=asked.per_page, page_offset=offset)
        found = core_rows.read_kept_named(statements.staff_counted_page, values)
    else:
        found = core_rows.read_kept_named(statements.staff_count, values)
    if not found:
        return None
    first = found[0]
    staff = SignedIn(first.staff_id, first.staff_office)
    query = asked.of(staff.office, staff.id)
    counted = first.matched or 0
    if query.sort != "due":
        rows = [found_row for found_row in found if found_row.id is not None]
        # The page asked for is the page shown whenever it has rows (`_counted_page`).
        if rows or offset == 0:
            return staff, _caseload_of(query, counted, limit, rows)
    return staff, _page_of_counted(query, statements, _values(query), counted, limit)


def _page_of_counted(
    query: CaseloadQuery, statements: _PageStatements, values: dict[str, Any], counted: int, limit: int
) -> Caseload:
    """The page `query` asked for, or the last when it is past the end, of `counted` matching cases."""
    session = db.session
    page = min(max(1, query.page), page_count(min(counted, limit), query.per_page))
    offset = (page - 1) * query.per_page
    if not counted:  # nothing matches: no page to read (one statement, or two by due date, less)
        rows = []
    elif query.sort == "due":
        ids = _due_ids(statements, values, query.per_page, offset)
        rows = session.execute(statements.by_ids, {"ids": ids}) if ids else []
    else:
        rows = session.execute(
            statements.page, {**values, "page_limit": query.per_page, "page_offset": offset}
        )
    return _caseload_of(query, counted, limit, rows)


def _caseload_of(query: CaseloadQuery, counted: int, limit: int, rows: Any) -> Caseload:
    """The page `query` asked for (clamped to the pages there are), of `counted` matching cases
    (counted up to `limit` + 1), with the scope's figures."""
    total, exact = min(counted, limit), counted <= limit
    pages = page_count(total, query.per_page)
    figures = _figures(query)
    return Caseload(
        rows=[row(values) for values in rows],
        total=total,
        total_exact=exact,
        in_scope=figures.in_scope,
        by_risk=figures.by_risk,
        by_flag=figures.by_flag,
        page=min(max(1, query.page), pages),
        pages=pages,
    )


def export_rows(query: CaseloadQuery) -> Iterator[CaseRow]:
    """Every matching case for the CSV export (at most EXPORT_LIMIT, in the page's order)."""
    statement = rows_statement(SORTS.get(query.sort, SORTS["name"])).where(and_(*query.conditions()))
    for values in db.session.execute(statement.limit(EXPORT_LIMIT)):
        yield row(values)
