"""Cases and caseloads: which office and counsellor a registered jobseeker belongs to, and the
counsellor's list of them, filtered, sorted, counted and paginated in SQL.

Filters are a registry (`register_flag`): another feature adds a yes/no filter with a condition
on `JobseekerCase` (typically an EXISTS on its own table keyed by `JobseekerCase.person_id`)
without editing this module, and the caseload page, its counts and the CSV export pick it up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, Integer, Select, and_, bindparam, case, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, aliased

from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models import (
    AuditTag,
    JobseekerCase,
    OfficeTurn,
    Person,
    PlanStatus,
    RiskLevel,
    StaffMember,
    StaffRole,
)
from portal.models.register_snapshot import RegisterSnapshot
from portal.profiles import CountryProfile
from portal.services import audit
from portal.services.caseload_facts import case_facts
from portal.timed_cache import TimedCache

PER_PAGE = 25
COUNT_CAP = 1000  # the list's count stops here ("more than 1000 cases match")
EXPORT_LIMIT = 5000
LONG_TERM_DAYS = 365


# --- assignment ----------------------------------------------------------------------------------


def next_counsellor(session: Session, office: str) -> int | None:
    """Round robin within the office: the counsellor after the one given the office's last case.

    Safe when registrations in the same office run at once: the office's `OfficeTurn` row is
    locked first by an UPDATE (a row lock held to the end of the transaction on PostgreSQL; on
    SQLite the write lock, so the read below cannot be another transaction's stale read), then
    the last counsellor is read and the new one written under that lock.
    """
    _lock_turn(session, office)
    last = session.scalar(select(OfficeTurn.last_counsellor_id).where(OfficeTurn.office == office))
    counsellors = session.scalars(
        select(StaffMember.id)
        .where(StaffMember.office == office, StaffMember.role == StaffRole.COUNSELLOR)
        .order_by(StaffMember.id)
    ).all()
    if not counsellors:
        return None
    later = [staff_id for staff_id in counsellors if last is not None and staff_id > last]
    chosen = later[0] if later else counsellors[0]
    session.execute(update(OfficeTurn).where(OfficeTurn.office == office).values(last_counsellor_id=chosen))
    return chosen


def _lock_turn(session: Session, office: str) -> None:
    """Lock the office's turn row, creating it the first time (seeded with the counsellor of the
    office's latest case, as the round robin was before the row existed)."""
    bump = (
        update(OfficeTurn).where(OfficeTurn.office == office).values(assignments=OfficeTurn.assignments + 1)
    )
    if session.execute(bump).rowcount:  # type: ignore[attr-defined]
        return
    latest = (
        select(JobseekerCase.counsellor_id)
        .where(JobseekerCase.office == office, JobseekerCase.counsellor_id.is_not(None))
        .order_by(JobseekerCase.assigned_at.desc(), JobseekerCase.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    # Two first registrations at once: one inserts, the other waits for it and inserts nothing.
    session.execute(
        insert(OfficeTurn)
        .values(office=office, last_counsellor_id=latest, assignments=0)
        .on_conflict_do_nothing(index_elements=[OfficeTurn.office])
    )
    session.execute(bump)


def open_case(
    session: Session, person: Person, snapshot: RegisterSnapshot, profile: CountryProfile, today: dt.date
) -> JobseekerCase:
    """Called in the registering transaction: the person's case, opened (or reopened) in the office
    of their home municipality with the office's next counsellor."""
    facts = case_facts(snapshot)
    office = profile.offices.office_for(facts.municipality_code).name
    existing = session.scalar(select(JobseekerCase).where(JobseekerCase.person_id == person.id))
    if existing is not None and existing.closed_on is None and existing.office == office:
        return existing
    row = existing or JobseekerCase(person_id=person.id)
    row.office = office
    row.counsellor_id = next_counsellor(session, office)
    row.assigned_at = dt.datetime.now(dt.UTC)
    row.opened_on, row.closed_on = today, None
    row.family_key, row.given_key = person.family_name.casefold(), person.given_name.casefold()
    row.social_assistance = facts.social_assistance
    row.unemployed_since = facts.last_job_ended_on or today
    if existing is None:
        row.plan_status = PlanStatus.NONE
        session.add(row)
    session.flush()
    audit.record(
        session,
        AuditTag.CASE_ASSIGN,
        actor_role="system",
        purpose="case opened at registration",
        subject_person_id=person.id,
        details={"office": office, "counsellor": row.counsellor_id},
    )
    return row


def close_case(session: Session, person_id: int, on: dt.date) -> None:
    """The registration ended: the case leaves every caseload (its history stays)."""
    row = session.scalar(select(JobseekerCase).where(JobseekerCase.person_id == person_id))
    if row is not None and row.closed_on is None:
        row.closed_on = on


class NotInOffice(Exception):
    """The counsellor chosen does not work in the case's office."""


def reassign(case_id: int, counsellor_id: int, *, actor: StaffMember, request_id: str | None) -> None:
    """A supervisor gives a case of their office to another counsellor of the same office."""
    with db.write() as session:
        row = session.get(JobseekerCase, case_id)
        counsellor = session.get(StaffMember, counsellor_id)
        if row is None or row.office != actor.office or counsellor is None or counsellor.office != row.office:
            raise NotInOffice
        previous, row.counsellor_id = row.counsellor_id, counsellor.id
        row.assigned_at = dt.datetime.now(dt.UTC)
        audit.record(
            session,
            AuditTag.CASE_ASSIGN,
            actor_role=actor.role.value,
            purpose="case reassigned by a supervisor",
            actor_person_id=actor.person_id,
            subject_person_id=row.person_id,
            request_id=request_id,
            details={"office": row.office, "counsellor": counsellor.id, "previous": previous},
        )


# --- filters -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFlag:
    """A yes/no caseload filter: `condition(today)` selects the cases it keeps."""

    key: str
    label: Any  # a lazy string
    condition: Callable[[dt.date], ColumnElement[bool]]
    order: int = 100


FLAGS: dict[str, CaseFlag] = {}


def register_flag(
    key: str, label: Any, condition: Callable[[dt.date], ColumnElement[bool]], order: int = 100
) -> None:
    FLAGS[key] = CaseFlag(key, label, condition, order)


def flags() -> list[CaseFlag]:
    return sorted(FLAGS.values(), key=lambda flag: (flag.order, flag.key))


register_flag(
    "overdue", _l("Plan actions overdue"), lambda today: JobseekerCase.next_due_on < today, order=10
)
register_flag(
    "social_assistance",
    _l("Receiving social assistance"),
    lambda _today: JobseekerCase.social_assistance.is_(True),
    order=40,
)
register_flag(
    "long_term",
    _l("Unemployed longer than 12 months"),
    lambda today: JobseekerCase.unemployed_since <= today - dt.timedelta(days=LONG_TERM_DAYS),
    order=50,
)

RISK_ORDER = case(
    {RiskLevel.HIGH.value: 0, RiskLevel.MEDIUM.value: 1, RiskLevel.LOW.value: 2},
    value=JobseekerCase.risk_level,
    else_=3,
)
SORTS: dict[str, tuple[Any, ...]] = {
    "name": (JobseekerCase.family_key, JobseekerCase.given_key, JobseekerCase.id),
    "risk": (RISK_ORDER, JobseekerCase.family_key, JobseekerCase.id),
    # Cases without a due date last: PostgreSQL's ascending index order, so it can read it in order.
    "due": (JobseekerCase.next_due_on.asc().nulls_last(), JobseekerCase.id),
    "newest": (JobseekerCase.opened_on.desc(), JobseekerCase.id.desc()),
}


@dataclass(frozen=True)
class CaseloadQuery:
    office: str
    counsellor_id: int | None  # None: the whole office
    today: dt.date
    risk: RiskLevel | None = None
    plan: PlanStatus | None = None
    flags: frozenset[str] = frozenset()
    sort: str = "name"
    page: int = 1
    per_page: int = PER_PAGE

    def scope(self) -> list[ColumnElement[bool]]:
        conditions = [JobseekerCase.office == self.office, JobseekerCase.closed_on.is_(None)]
        if self.counsellor_id is not None:
            conditions.append(JobseekerCase.counsellor_id == self.counsellor_id)
        return conditions

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions = self.scope()
        if self.risk is not None:
            conditions.append(JobseekerCase.risk_level == self.risk)
        if self.plan is not None:
            conditions.append(JobseekerCase.plan_status == self.plan)
        conditions += [FLAGS[key].condition(self.today) for key in sorted(self.flags) if key in FLAGS]
        return conditions


@dataclass(frozen=True)
class CaseRow:
    case_id: int
    person_id: int
    national_code: str
    name: str
    risk_level: RiskLevel | None
    plan_status: PlanStatus
    next_due_on: dt.date | None
    opened_on: dt.date
    counsellor: str | None
    social_assistance: bool
    country: str  # with `national_code`, what the audit trail's pseudonym of the person is made of


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


# Made once: a new alias per call rebuilt the aliased person table's column collection (every column
# of `person`) on each caseload page.
_COUNSELLOR_PERSON = aliased(Person, name="counsellor_person")


def _rows_statement(order: tuple[Any, ...]) -> Select[Any]:
    """The rows with their names and counsellor, in `order`. A page's case ids are chosen first on
    `jobseeker_case` alone (its partial indexes cover every filter and sort column), and only those
    rows are joined to the names (`_page_statements`): however deep the page, the joins touch
    `limit` rows, not every row before it."""
    counsellor_person = _COUNSELLOR_PERSON
    return (
        select(
            JobseekerCase.id,
            JobseekerCase.person_id,
            Person.country,
            Person.national_code,
            Person.given_name,
            Person.family_name,
            JobseekerCase.risk_level,
            JobseekerCase.plan_status,
            JobseekerCase.next_due_on,
            JobseekerCase.opened_on,
            counsellor_person.given_name.label("c_given"),
            counsellor_person.family_name.label("c_family"),
            JobseekerCase.social_assistance,
        )
        .join(Person, Person.id == JobseekerCase.person_id)
        .outerjoin(StaffMember, StaffMember.id == JobseekerCase.counsellor_id)
        .outerjoin(counsellor_person, counsellor_person.id == StaffMember.person_id)
        .order_by(*order)
    )


@dataclass(frozen=True)
class _PageStatements:
    """A page's statements for one shape of query (`_page_statements`): its values are bound at
    execution (`_values`), so a page costs no statement construction. Building and keying the
    ORM SELECTs of a page cost more CPU than running them (docs/performance.md)."""

    count: Select[Any]  # matching cases, at most `:count_limit`
    page: Select[Any]  # the rows of `:page_limit` cases from `:page_offset` (not "due")
    dated: Select[Any]  # "due": case ids with a due date, in its order
    dated_before: Select[Any]  # "due": how many dated cases there are, at most `:page_offset`
    undated: Select[Any]  # "due": case ids without one, by id, from `:undated_offset`
    by_ids: Select[Any]  # "due": the rows of `:ids`, in the sort's order


_LIMIT, _OFFSET = bindparam("page_limit", type_=Integer), bindparam("page_offset", type_=Integer)


@lru_cache(maxsize=512)
def _page_statements(
    mine: bool, risk: bool, plan: bool, chosen: tuple[CaseFlag, ...], sort: str, today: dt.date
) -> _PageStatements:
    """The statements of a query with this shape. The values (office, counsellor, risk level, plan
    status, limits) are parameters; a filter's condition is built for `today`, as a registered
    filter's condition takes a date, so the statements are made again each day."""
    conditions = [JobseekerCase.office == bindparam("office"), JobseekerCase.closed_on.is_(None)]
    if mine:
        conditions.append(JobseekerCase.counsellor_id == bindparam("counsellor_id"))
    if risk:
        conditions.append(JobseekerCase.risk_level == bindparam("risk"))
    if plan:
        conditions.append(JobseekerCase.plan_status == bindparam("plan"))
    conditions += [flag.condition(today) for flag in chosen]
    where = and_(*conditions)
    order = SORTS.get(sort, SORTS["name"])
    case_id, due = JobseekerCase.id, JobseekerCase.next_due_on
    matching = select(case_id).where(where)
    page_ids = matching.order_by(*order).limit(_LIMIT).offset(_OFFSET)
    return _PageStatements(
        count=select(func.count()).select_from(
            matching.limit(bindparam("count_limit", type_=Integer)).subquery()
        ),
        page=_rows_statement(order).where(case_id.in_(page_ids.scalar_subquery())),
        dated=matching.where(due.is_not(None)).order_by(due, case_id).limit(_LIMIT).offset(_OFFSET),
        dated_before=select(func.count()).select_from(
            matching.where(due.is_not(None)).limit(_OFFSET).subquery()
        ),
        undated=matching.where(due.is_(None))
        .order_by(case_id)
        .limit(_LIMIT)
        .offset(bindparam("undated_offset", type_=Integer)),
        by_ids=_rows_statement(order).where(case_id.in_(bindparam("ids", expanding=True))),
    )


def _statements_of(query: CaseloadQuery) -> _PageStatements:
    return _page_statements(
        query.counsellor_id is not None,
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


def _row(values: Any) -> CaseRow:
    counsellor = f"{values.c_given or ''} {values.c_family or ''}".strip() or None
    return CaseRow(
        case_id=values.id,
        person_id=values.person_id,
        national_code=values.national_code,
        name=f"{values.given_name} {values.family_name}".strip(),
        risk_level=values.risk_level,
        plan_status=values.plan_status,
        next_due_on=values.next_due_on,
        opened_on=values.opened_on,
        counsellor=counsellor,
        social_assistance=values.social_assistance,
        country=values.country,
    )


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


def caseload(query: CaseloadQuery) -> Caseload:
    """One page of cases and the figures beside it: at most three statements whatever the page
    shows (the count, the page, and the scope's figures when not cached; no page when the count
    finds none).

    The count stops at `count_limit` (the page then says "more than N cases match" and links the
    pages known to exist), so it reads at most that many index entries however many cases the
    office has; the exact figures per risk level and filter stand beside the filters."""
    session = db.session
    statements, values = _statements_of(query), _values(query)
    limit = count_limit(query.page, query.per_page)
    counted = session.scalar(statements.count, {**values, "count_limit": limit + 1}) or 0
    total, exact = min(counted, limit), counted <= limit
    pages = max(1, -(-total // query.per_page))
    page = min(max(1, query.page), pages)
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
    figures = _figures(query)
    return Caseload(
        rows=[_row(values) for values in rows],
        total=total,
        total_exact=exact,
        in_scope=figures.in_scope,
        by_risk=figures.by_risk,
        by_flag=figures.by_flag,
        page=page,
        pages=pages,
    )


def export_rows(query: CaseloadQuery) -> Iterator[CaseRow]:
    """Every matching case for the CSV export (at most EXPORT_LIMIT, in the page's order)."""
    statement = _rows_statement(SORTS.get(query.sort, SORTS["name"])).where(and_(*query.conditions()))
    for values in db.session.execute(statement.limit(EXPORT_LIMIT)):
        yield _row(values)


# --- search --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Elsewhere:
    case_id: int
    office: str
    national_code: str


@dataclass(frozen=True)
class SearchResult:
    rows: list[CaseRow]
    elsewhere: list[Elsewhere] = field(default_factory=list)  # exact code, another office


SEARCH_LIMIT = 50


# Built once (the office, the code or the prefix bound at execution): building and keying the
# statement cost more than running it.
_OFFICE_ROWS = _rows_statement(SORTS["name"]).where(
    JobseekerCase.office == bindparam("office"), JobseekerCase.closed_on.is_(None)
)
_BY_CODE = _OFFICE_ROWS.where(Person.national_code == bindparam("code"))
_PREFIX = bindparam("prefix")
_BY_PREFIX = _OFFICE_ROWS.where(
    or_(JobseekerCase.family_key.startswith(_PREFIX), JobseekerCase.given_key.startswith(_PREFIX))
).limit(bindparam("search_limit", type_=Integer))


def search(office: str, text: str, profile: CountryProfile) -> SearchResult:
    """A personal code finds exactly that person (in another office too, marked so); anything else
    is a name prefix (family or given name) within the office."""
    text = text.strip()
    if not text:
        return SearchResult([])
    if profile.is_valid_national_id(text):
        code = profile.parse_national_id(text).code
        found = [_row(values) for values in db.session.execute(_BY_CODE, {"office": office, "code": code})]
        if found:
            return SearchResult(found)
        # The same person in another office: listed (code and office only) so the counsellor may
        # ask to open it, which needs a break-glass reason.
        elsewhere = db.session.execute(
            select(JobseekerCase.id, JobseekerCase.office)
            .join(Person, Person.id == JobseekerCase.person_id)
            .where(Person.national_code == code, JobseekerCase.office != office)
        ).all()
        return SearchResult([], [Elsewhere(case_id, other, code) for case_id, other in elsewhere])
    prefix = text.casefold().replace("\\", "").replace("%", "").replace("_", "")
    if not prefix:
        return SearchResult([])
    params = {"office": office, "prefix": prefix, "search_limit": SEARCH_LIMIT}
    return SearchResult([_row(values) for values in db.session.execute(_BY_PREFIX, params)])
