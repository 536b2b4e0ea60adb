"""Who used my data: every use of one person's data the portal knows of, newest first, paged in SQL.

Four kinds, from two append-only logs:
- `staff`: audit events about the person by someone acting in a staff role (a case opened, a queue
  that listed them, a decision, a break-glass opening of another office's case with its reason);
- `employer`: audit events about the person by someone acting for a company (the shortlist of a
  vacancy that showed them, an outcome recorded), shown with the company's name, never the
  representative's (withheld as counsellors' are);
- `register`: X-Road messages the PES sent to a register about them (the query log, outgoing);
- `institution`: X-Road messages another institution sent the PES about them (incoming).

One UNION ALL of the two logs, narrowed to the person by its indexes (`audit_event` by subject,
`xroad_query` by subject code), gives the page's keys; the page's rows are then loaded by id, so a
page costs four statements whatever its length. Nothing about another person can appear: both
halves are filtered by this person alone.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, literal, select, union_all

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


@dataclass(frozen=True)
class Use:
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
    total: int
    page: int
    pages: int


def uses_of(
    person_id: int,
    profile: CountryProfile,
    *,
    kind: UseKind | None = None,
    period: Period = Period.ALL,
    page: int = 1,
    now: dt.datetime | None = None,
) -> UsePage:
    """One page of the uses of this person's data, newest first."""
    person = db.session.get(Person, person_id)
    if person is None:
        return UsePage([], 0, 1, 1)
    days = PERIOD_DAYS[period]
    since = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days) if days else None
    parts = []
    if kind in (None, UseKind.STAFF):
        staff = select(
            literal(UseKind.STAFF.value).label("kind"), AuditEvent.id.label("id"), AuditEvent.occurred_at
        ).where(AuditEvent.subject_person_id == person_id, AuditEvent.actor_role.in_(STAFF_ROLES))
        parts.append(staff.where(AuditEvent.occurred_at >= since) if since else staff)
    if kind in (None, UseKind.EMPLOYER):
        employer = select(
            literal(UseKind.EMPLOYER.value).label("kind"), AuditEvent.id.label("id"), AuditEvent.occurred_at
        ).where(AuditEvent.subject_person_id == person_id, AuditEvent.actor_role == EMPLOYER_ROLE)
        parts.append(employer.where(AuditEvent.occurred_at >= since) if since else employer)
    for use_kind, direction in (
        (UseKind.REGISTER, QueryDirection.OUTGOING),
        (UseKind.INSTITUTION, QueryDirection.INCOMING),
    ):
        if kind in (None, use_kind):
            query = select(
                literal(use_kind.value).label("kind"), XRoadQuery.id.label("id"), XRoadQuery.occurred_at
            ).where(XRoadQuery.subject_code == person.national_code, XRoadQuery.direction == direction)
            parts.append(query.where(XRoadQuery.occurred_at >= since) if since else query)
    keys = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
    total = db.session.scalar(select(func.count()).select_from(keys)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = db.session.execute(
        select(keys.c.kind, keys.c.id)
        .order_by(keys.c.occurred_at.desc(), keys.c.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    audit_kinds = (UseKind.STAFF.value, UseKind.EMPLOYER.value)
    events = _staff_uses([row.id for row in rows if row.kind == UseKind.STAFF.value], profile)
    events |= _employer_uses([row.id for row in rows if row.kind == UseKind.EMPLOYER.value])
    queries = _xroad_uses([row.id for row in rows if row.kind not in audit_kinds], profile)
    uses = [events[row.id] if row.kind in audit_kinds else queries[row.id] for row in rows]
    return UsePage(uses, total, page, pages)


def _staff_uses(ids: list[int], profile: CountryProfile) -> dict[int, Use]:
    if not ids:
        return {}
    rows = db.session.execute(
        select(AuditEvent, StaffMember.office, Person.given_name, Person.family_name)
        .outerjoin(StaffMember, StaffMember.person_id == AuditEvent.actor_person_id)
        .outerjoin(Person, Person.id == AuditEvent.actor_person_id)
        .where(AuditEvent.id.in_(ids))
    ).all()
    names = profile.data_use.show_staff_names
    return {
        event.id: Use(
            kind=UseKind.STAFF,
            occurred_at=event.occurred_at,
            purpose=event.purpose,
            tag=str(event.tag),
            role=event.actor_role,
            # The office recorded with the event wins; else the staff member's office now.
            office=_detail(event.details, "office") or _detail(event.details, "actor_office") or office,
            staff_name=f"{given} {family}".strip() if names and given is not None else None,
            break_glass_reason=_detail(event.details, BREAK_GLASS_DETAIL)
            or (_detail(event.details, "reason") if _is_break_glass(event.tag) else None),
            data_categories=tuple(str(c) for c in (event.details or {}).get("data_categories") or ()),
        )
        for event, office, given, family in rows
    }


def _employer_uses(ids: list[int]) -> dict[int, Use]:
    """The company is the one whose vacancy's shortlist it was (`details.vacancy`); the
    representative's name is never shown: the person learns which company, when and why."""
    if not ids:
        return {}
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.id.in_(ids))).all()
    vacancy_ids = {_vacancy_id(event.details) for event in events} - {None}
    vacancies = {
        vacancy_id: (title, company)
        for vacancy_id, title, company in db.session.execute(
            select(Vacancy.id, Vacancy.title, EmployerCompany.name)
            .join(EmployerCompany, EmployerCompany.registry_code == Vacancy.employer_code)
            .where(Vacancy.id.in_(vacancy_ids))
        )
    }
    uses = {}
    for event in events:
        title, company = vacancies.get(_vacancy_id(event.details), (None, None))
        uses[event.id] = Use(
            kind=UseKind.EMPLOYER,
            occurred_at=event.occurred_at,
            purpose=event.purpose,
            tag=str(event.tag),
            role=event.actor_role,
            company=company or _detail(event.details, "company"),
            vacancy=title,
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
    found = db.session.scalars(select(XRoadQuery).where(XRoadQuery.id.in_(ids))).all()
    return {
        query.id: Use(
            kind=UseKind.REGISTER if query.direction == QueryDirection.OUTGOING else UseKind.INSTITUTION,
            occurred_at=query.occurred_at,
            purpose=query.purpose,
            register=register_of(query.service, profile)
            if query.direction == QueryDirection.OUTGOING
            else None,
            client=profile.data_use.xroad_clients.get(query.client, query.client)
            if query.direction == QueryDirection.INCOMING
            else None,
            operation=query.operation,
            xroad_id=query.xroad_id,
        )
        for query in found
    }


def register_of(service: str, profile: CountryProfile) -> str:
    """The register's name (`labels.REGISTER_TITLES` key) for a full X-Road service id."""
    for name, service_id in profile.xroad_services.items():
        if service == service_id or service.startswith(service_id + "/"):
            return name.replace("-", "_")
    return service
