"""Who used my data: every use of one person's data the portal knows of, newest first, paged in SQL.

Four kinds, from two append-only logs:
- `staff`: audit events about the person by someone acting in a staff role (a case opened, a queue
  that listed them, a decision, a break-glass opening of another office's case with its reason);
- `employer`: audit events about the person by someone acting for a company (the shortlist of a
  vacancy that showed them, an outcome recorded), shown with the company's name, never the
  representative's (withheld as counsellors' are);
- `register`: X-Road messages the PES sent to a register about them (the query log, outgoing);
- `institution`: X-Road messages another institution sent the PES about them (incoming).

A page's cost does not grow with the uses recorded about the person (issue 18): a counsellor who
opens a case a hundred times a day adds a hundred rows. The list is paged by keyset, not by offset:
a page is the uses after the last one shown, in one order that no two uses share (the moment, newest
first, then the log, then the id, so uses recorded in the same microsecond neither repeat nor go
missing between pages). Each log is read in parts of one actor role or one direction, every part
from its own index in that order (`ix_audit_event_subject_role_occurred`,
`ix_xroad_query_subject_direction_occurred`: the person, the role or direction, the moment, the id),
so a part reads at most one page and one entry past the cursor, however deep the page. The count
beside the list stops at COUNT_CAP ("more than 1000 uses"). The page's rows are then loaded by id
(the audit events, the vacancies of employers' events, the X-Road messages): at most six
statements with the person and the count, whatever the page's length and depth. Nothing about
another person can appear: every part is filtered by this person alone.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, literal, or_, select, union_all

from portal.extensions import db
from portal.models import (
    AuditEvent,
    AuditTag,
    EmployerCompany,
    Person,
    QueryDirection,
    StaffMember,
    Vacancy,
    XRoadQuery,
)
from portal.profiles import CountryProfile

PAGE_SIZE = 25
COUNT_CAP = 1000  # the count stops here: "more than 1000 uses of your data"
STAFF_ROLES = ("counsellor", "supervisor", "administrator")
EMPLOYER_ROLE = "employer"
BREAK_GLASS_DETAIL = "break_glass_reason"  # the reason a staff member gave to open another office's case


class UseKind(enum.StrEnum):
    STAFF = "staff"
    EMPLOYER = "employer"
    REGISTER = "register"
    INSTITUTION = "institution"


class Period(enum.StrEnum):
    DAYS_30 = "30d"
    DAYS_90 = "90d"
    YEAR = "1y"
    ALL = "all"


PERIOD_DAYS = {Period.DAYS_30: 30, Period.DAYS_90: 90, Period.YEAR: 365, Period.ALL: None}

# The two logs, as the order's second key: of uses in the same microsecond, X-Road messages come
# first (newest first: descending), then audit events; within a log, the higher id first.
AUDIT_LOG, XROAD_LOG = "a", "x"


@dataclass(frozen=True, order=True)
class Cursor:
    """One use's place in the page order, compared as (moment, log, id); the page shows them
    descending."""

    occurred_at: dt.datetime
    log: str  # AUDIT_LOG or XROAD_LOG
    id: int

    @property
    def token(self) -> str:
        """For a URL: `20261204042000123456-a1234` (UTC to the microsecond, the log, the id)."""
        return f"{self.occurred_at.astimezone(dt.UTC):%Y%m%d%H%M%S%f}-{self.log}{self.id}"

    @classmethod
    def parse(cls, token: str | None) -> Cursor | None:
        """The cursor a token names; None for anything else (a typo or a probe: the newest page)."""
        found = _TOKEN.fullmatch(token or "")
        if not found:
            return None
        try:
            moment = dt.datetime.strptime(found.group(1), "%Y%m%d%H%M%S%f").replace(tzinfo=dt.UTC)
        except ValueError:
            return None
        return cls(moment, found.group(2), int(found.group(3)))


_TOKEN = re.compile(r"(\d{20})-([ax])(\d{1,18})")


class Use(NamedTuple):
    """One use, immutable. A named tuple, not a frozen dataclass: a page builds 25 of them, and a
    frozen dataclass of 18 fields sets each through `object.__setattr__` (about 28,000 instructions
    a use, more than reading its row)."""

    kind: UseKind
    occurred_at: dt.datetime
    purpose: str
    # staff
    tag: str | None = None
    role: str | None = None
    office: str | None = None
    staff_name: str | None = None  # only when the profile shows staff names
    break_glass_reason: str | None = None
    data_categories: tuple[str, ...] = ()
    # employer
    company: str | None = None  # the company the representative acted for
    vacancy: str | None = None  # the vacancy's title
    # register and institution
    register: str | None = None  # the register's name (key of labels.REGISTER_TITLES) or service id
    client: str | None = None  # the asking institution's name, from the profile's directory
    operation: str | None = None
    xroad_id: str | None = None


@dataclass(frozen=True)
class UsePage:
    uses: list[Use]
    total: int  # uses matching the filters, at most COUNT_CAP
    total_exact: bool = True  # False: more than `total` uses match
    newer: Cursor | None = None  # the first use's place when newer uses exist (the previous page)
    older: Cursor | None = None  # the last use's place when older uses exist (the next page)

    @property
    def first(self) -> bool:
        """The newest page."""
        return self.newer is None


def uses_of(
    person_id: int,
    profile: CountryProfile,
    *,
    kind: UseKind | None = None,
    period: Period = Period.ALL,
    before: Cursor | None = None,
    after: Cursor | None = None,
    now: dt.datetime | None = None,
    size: int | None = None,
) -> UsePage:
    """One page of the uses of this person's data, newest first: the newest page, the page of the
    uses older than `before` (the next page), or of those newer than `after` (the previous page).
    A cursor that leads nowhere (no newer uses past `after`, none older than `before`) gives the
    newest page."""
    size = size or PAGE_SIZE
    # The code alone (the X-Road log is keyed by it), not the person's whole row.
    code = db.session.scalar(_PERSON_CODE, {"person": person_id})
    if code is None:
        return UsePage([], 0)
    days = PERIOD_DAYS[period]
    since = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days) if days else None
    values: dict[str, Any] = {"person": person_id, "code": code}
    values |= {"since": since} if since else {}
    counted = db.session.scalar(_count_statement(kind, since is not None, COUNT_CAP + 1), values) or 0
    keys = _keys(kind, values, before=before, after=after, size=size)
    if (after is not None and len(keys) <= size) or (before is not None and not keys):
        keys, before, after = _keys(kind, values, before=None, after=None, size=size), None, None
    more = len(keys) > size
    keys = keys[:size]
    if after is not None:
        keys.reverse()  # read from the cursor up, oldest first; shown newest first
        newer, older = (keys[0][1] if more else None), keys[-1][1]
    else:
        newer = keys[0][1] if before is not None else None
        older = keys[-1][1] if more else None
    ids = {kind_: [cursor.id for k, cursor in keys if k == kind_] for kind_ in UseKind}
    found = _audit_uses(ids[UseKind.STAFF], ids[UseKind.EMPLOYER], profile)
    queries = _xroad_uses(ids[UseKind.REGISTER] + ids[UseKind.INSTITUTION], profile)
    uses = [found[cursor.id] if cursor.log == AUDIT_LOG else queries[cursor.id] for _k, cursor in keys]
    return UsePage(uses, min(counted, COUNT_CAP), counted <= COUNT_CAP, newer, older)


# The statements are kept per shape (the kind, a period or none, the cursor's direction and log, the
# page's length), their values bound at each execution: building the union of six limited subqueries
# cost about as much CPU as running it.
_PERSON, _CODE, _SINCE = bindparam("person"), bindparam("code"), bindparam("since")
_AT, _ID = bindparam("at"), bindparam("cursor_id")
_PERSON_CODE = select(Person.national_code).where(Person.id == _PERSON)


@dataclass(frozen=True)
class _Part:
    """The uses of one kind from one actor role or one direction: one index range, in page order."""

    kind: UseKind
    log: str
    occurred_at: Any  # the table's column
    id: Any
    conditions: tuple[ColumnElement[bool], ...]

    def past(self, log: str, *, older: bool) -> ColumnElement[bool]:
        """This part's uses past the cursor (`at`, `log`, `cursor_id`) in the page order: older
        (`before`) or newer (`after`). The moment's bound is the index range; the id decides only
        among the cursor's own moment, and only in the cursor's own log."""
        moment, id_ = self.occurred_at, self.id
        if older:
            if self.log == log:
                return and_(moment <= _AT, or_(moment < _AT, id_ < _ID))
            return moment <= _AT if self.log < log else moment < _AT
        if self.log == log:
            return and_(moment >= _AT, or_(moment > _AT, id_ > _ID))
        return moment >= _AT if self.log > log else moment > _AT


def _parts(kind: UseKind | None, since: bool) -> list[_Part]:
    """One part per actor role (staff roles, the employer) and per X-Road direction: an equality
    on each column of its index before the moment, so the index gives the part in page order (an
    IN list of roles would read every event of the roles and sort them)."""
    parts = []
    if kind in (None, UseKind.STAFF, UseKind.EMPLOYER):
        roles = [(UseKind.STAFF, role) for role in STAFF_ROLES] if kind != UseKind.EMPLOYER else []
        roles += [(UseKind.EMPLOYER, EMPLOYER_ROLE)] if kind != UseKind.STAFF else []
        for use_kind, role in roles:
            conditions = [AuditEvent.subject_person_id == _PERSON, AuditEvent.actor_role == role]
            conditions += [AuditEvent.occurred_at >= _SINCE] if since else []
            parts.append(_Part(use_kind, AUDIT_LOG, AuditEvent.occurred_at, AuditEvent.id, tuple(conditions)))
    for use_kind, direction in (
        (UseKind.REGISTER, QueryDirection.OUTGOING),
        (UseKind.INSTITUTION, QueryDirection.INCOMING),
    ):
        if kind in (None, use_kind):
            conditions = [XRoadQuery.subject_code == _CODE, XRoadQuery.direction == direction]
            conditions += [XRoadQuery.occurred_at >= _SINCE] if since else []
            parts.append(_Part(use_kind, XROAD_LOG, XRoadQuery.occurred_at, XRoadQuery.id, tuple(conditions)))
    return parts


@functools.cache
def _count_statement(kind: UseKind | None, since: bool, limit: int) -> Select[Any]:
    """How many uses the parts hold, reading no further than `limit` index entries in all."""
    union = union_all(
        *(select(literal(1).label("one")).where(*part.conditions) for part in _parts(kind, since))
    )
    return select(func.count()).select_from(union.limit(limit).subquery())


@functools.cache
def _keys_statement(
    kind: UseKind | None, since: bool, cursor: tuple[bool, str] | None, limit: int
) -> Select[Any]:
    """Up to `limit` uses' places past the cursor ((older, log), or from the newest without one),
    in the order read: newest first, or oldest first for the newer ones. Each part gives at most
    `limit` from its index, already in order; the union sorts those few."""
    ascending = cursor is not None and not cursor[0]
    selects: list[Select[Any]] = []
    for part in _parts(kind, since):
        moment, id_ = part.occurred_at, part.id
        statement = select(
            literal(part.kind.value).label("kind"),
            literal(part.log).label("log"),
            id_.label("id"),
            moment.label("occurred_at"),
        ).where(*part.conditions)
        if cursor is not None:
            statement = statement.where(part.past(cursor[1], older=cursor[0]))
        order = (moment.asc(), id_.asc()) if ascending else (moment.desc(), id_.desc())
        limited = statement.order_by(*order).limit(limit).subquery()
        selects.append(select(limited))  # SQLite takes no LIMIT on a compound's member itself
    union = union_all(*selects).subquery() if len(selects) > 1 else selects[0].subquery()
    columns = (union.c.occurred_at, union.c.log, union.c.id)
    return (
        select(union)
        .order_by(*[column.asc() if ascending else column.desc() for column in columns])
        .limit(limit)
    )


def _keys(
    kind: UseKind | None, values: dict[str, Any], *, before: Cursor | None, after: Cursor | None, size: int
) -> list[tuple[UseKind, Cursor]]:
    cursor = after or before
    shape = (cursor is before, cursor.log) if cursor is not None else None
    if cursor is not None:
        values = {**values, "at": cursor.occurred_at, "cursor_id": cursor.id}
    rows = db.session.execute(_keys_statement(kind, "since" in values, shape, size + 1), values).all()
    # Unpacked, not read by name: a row's attribute is found only after the lookup on its class
    # failed (an AttributeError made and dropped per column).
    return [(_KINDS[kind_], Cursor(moment, log, id_)) for kind_, log, id_, moment in rows]


_KINDS = {kind.value: kind for kind in UseKind}


_IDS = bindparam("ids", expanding=True)
_STAFF_ACTOR = AuditEvent.actor_role != EMPLOYER_ROLE
# The columns the page shows, not the events as objects: the rows are read once and never changed,
# and loading 25 events into the session (identity map, the hash chain's columns) cost more CPU
# than the statement.
_AUDIT_ROWS = (
    select(
        AuditEvent.id,
        AuditEvent.occurred_at,
        AuditEvent.tag,
        AuditEvent.actor_role,
        AuditEvent.purpose,
        AuditEvent.details,
        StaffMember.office,
        Person.given_name,
        Person.family_name,
    )
    .outerjoin(StaffMember, and_(StaffMember.person_id == AuditEvent.actor_person_id, _STAFF_ACTOR))
    .outerjoin(Person, and_(Person.id == AuditEvent.actor_person_id, _STAFF_ACTOR))
    .where(AuditEvent.id.in_(_IDS))
)
_VACANCIES = (
    select(Vacancy.id, Vacancy.title, EmployerCompany.name)
    .join(EmployerCompany, EmployerCompany.registry_code == Vacancy.employer_code)
    .where(Vacancy.id.in_(_IDS))
)
_XROAD_ROWS = select(
    XRoadQuery.id,
    XRoadQuery.occurred_at,
    XRoadQuery.direction,
    XRoadQuery.purpose,
    XRoadQuery.service,
    XRoadQuery.client,
    XRoadQuery.operation,
    XRoadQuery.xroad_id,
).where(XRoadQuery.id.in_(_IDS))


def _audit_uses(staff: list[int], employer: list[int], profile: CountryProfile) -> dict[int, Use]:
    """The page's audit events in one statement, each staff member's office and name beside theirs.
    The joins skip the employer's events: a representative's name never leaves the database (the
    person learns which company, when and why, from the vacancy whose shortlist it was)."""
    if not staff and not employer:
        return {}
    rows = db.session.execute(_AUDIT_ROWS, {"ids": staff + employer}).all()
    employer_ids = set(employer)
    # Unpacked, not read by name (see `_keys`).
    vacancy_ids = {_vacancy_id(row[5]) for row in rows if row[0] in employer_ids} - {None}
    vacancies = (
        {
            vacancy_id: (title, company)
            for vacancy_id, title, company in db.session.execute(_VACANCIES, {"ids": list(vacancy_ids)})
        }
        if vacancy_ids
        else {}
    )
    names = profile.data_use.show_staff_names
    uses = {}
    for id_, occurred_at, tag, role, purpose, details, office, given, family in rows:
        details = details or {}
        if id_ in employer_ids:
            title, company = vacancies.get(_vacancy_id(details), (None, None))
            uses[id_] = Use(
                UseKind.EMPLOYER,
                occurred_at,
                purpose,
                tag=str(tag),
                role=role,
                company=company or _detail(details, "company"),
                vacancy=title,
            )
            continue
        uses[id_] = Use(
            UseKind.STAFF,
            occurred_at,
            purpose,
            tag=str(tag),
            role=role,
            # The office recorded with the event wins; else the staff member's office now.
            office=_detail(details, "office") or _detail(details, "actor_office") or office,
            staff_name=f"{given} {family}".strip() if names and given is not None else None,
            break_glass_reason=_detail(details, BREAK_GLASS_DETAIL)
            or (_detail(details, "reason") if _is_break_glass(tag) else None),
            data_categories=tuple(str(c) for c in details.get("data_categories") or ()),
        )
    return uses


def _vacancy_id(details: dict[str, Any] | None) -> int | None:
    value = (details or {}).get("vacancy")
    return int(value) if isinstance(value, int) or (isinstance(value, str) and value.isdigit()) else None


def _is_break_glass(tag: AuditTag | str) -> bool:
    return "break-glass" in str(tag)


def _detail(details: dict[str, Any] | None, key: str) -> str | None:
    value = (details or {}).get(key)
    return str(value) if value else None


def _xroad_uses(ids: list[int], profile: CountryProfile) -> dict[int, Use]:
    if not ids:
        return {}
    rows = db.session.execute(_XROAD_ROWS, {"ids": ids}).all()
    return {
        id_: Use(
            UseKind.REGISTER if direction == QueryDirection.OUTGOING else UseKind.INSTITUTION,
            occurred_at,
            purpose,
            register=register_of(service, profile) if direction == QueryDirection.OUTGOING else None,
            client=profile.data_use.xroad_clients.get(client, client)
            if direction == QueryDirection.INCOMING
            else None,
            operation=operation,
            xroad_id=xroad_id,
        )
        for id_, occurred_at, direction, purpose, service, client, operation, xroad_id in rows
    }


def register_of(service: str, profile: CountryProfile) -> str:
    """The register's name (`labels.REGISTER_TITLES` key) for a full X-Road service id."""
    for name, service_id in profile.xroad_services.items():
        if service == service_id or service.startswith(service_id + "/"):
            return name.replace("-", "_")
    return service
