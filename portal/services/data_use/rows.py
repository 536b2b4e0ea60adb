"""The page's uses read by id: the audit events (with the staff member's office and name, the
employer's vacancy and company) and the X-Road messages, as the columns the page shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import String, and_, bindparam, select, type_coerce

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
from portal.services.core_rows import read_ahead, read_kept
from portal.services.data_use.uses import BREAK_GLASS_DETAIL, EMPLOYER_ROLE, Use, UseKind

_IDS = bindparam("ids", expanding=True)
_STAFF_ACTOR = AuditEvent.actor_role != EMPLOYER_ROLE
# The columns the page shows, not the events as objects: the rows are read once and never changed,
# and loading 25 events into the session (identity map, the hash chain's columns) cost more CPU
# than the statement. Not the moment, which the page's keys read already; the tag as its text (the
# page words it by its text: no enum member made per row).
_AUDIT_ROWS = (
    select(
        AuditEvent.id,
        type_coerce(AuditEvent.tag, String),
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
    XRoadQuery.direction,
    XRoadQuery.purpose,
    XRoadQuery.service,
    XRoadQuery.client,
    XRoadQuery.operation,
    XRoadQuery.xroad_id,
).where(XRoadQuery.id.in_(_IDS))


def audit_uses(
    staff: dict[int, dt.datetime], employer: dict[int, dt.datetime], profile: CountryProfile
) -> dict[int, Use]:
    """The page's audit events (by id, with the moment the page's keys read) in one statement, each
    staff member's office and name beside theirs. The joins skip the employer's events: a
    representative's name never leaves the database (the person learns which company, when and why,
    from the vacancy whose shortlist it was)."""
    if not staff and not employer:
        return {}
    rows = read_kept(_AUDIT_ROWS, {"ids": [*staff, *employer]})[1]
    employer_ids = set(employer)
    # Unpacked, not read by name (see `keyset.page_keys`).
    vacancy_ids = {_vacancy_id(row[4]) for row in rows if row[0] in employer_ids} - {None}
    vacancies = (
        {
            vacancy_id: (title, company)
            for vacancy_id, title, company in read_kept(_VACANCIES, {"ids": list(vacancy_ids)})[1]
        }
        if vacancy_ids
        else {}
    )
    names = profile.data_use.show_staff_names
    uses = {}
    for id_, tag, role, purpose, details, office, given, family in rows:
        details = details or {}
        if id_ in employer_ids:
            title, company = vacancies.get(_vacancy_id(details), (None, None))
            uses[id_] = Use(
                UseKind.EMPLOYER,
                employer[id_],
                purpose,
                tag=tag,
                role=role,
                company=company or _detail(details, "company"),
                vacancy=title,
            )
            continue
        uses[id_] = Use(
            UseKind.STAFF,
            staff[id_],
            purpose,
            tag=tag,
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


def read_xroad_ahead(moments: dict[int, dt.datetime]) -> None:
    """Announce `xroad_uses`' statement (`core_rows.read_ahead`): on PostgreSQL it goes with the
    audit events' read, in one round trip (the page's keys read already name both)."""
    if moments:
        read_ahead(_XROAD_ROWS, {"ids": list(moments)})


def xroad_uses(moments: dict[int, dt.datetime], profile: CountryProfile) -> dict[int, Use]:
    """The page's X-Road messages (by id, with the moment the page's keys read) in one statement."""
    if not moments:
        return {}
    rows = read_kept(_XROAD_ROWS, {"ids": list(moments)})[1]
    return {
        id_: Use(
            UseKind.REGISTER if direction == QueryDirection.OUTGOING else UseKind.INSTITUTION,
            moments[id_],
            purpose,
            register=register_of(service, profile) if direction == QueryDirection.OUTGOING else None,
            client=profile.data_use.xroad_clients.get(client, client)
            if direction == QueryDirection.INCOMING
            else None,
            operation=operation,
            xroad_id=xroad_id,
        )
        for id_, direction, purpose, service, client, operation, xroad_id in rows
    }


def register_of(service: str, profile: CountryProfile) -> str:
    """The register's name (`labels.REGISTER_TITLES` key) for a full X-Road service id."""
    for name, service_id in profile.xroad_services.items():
        if service == service_id or service.startswith(service_id + "/"):
            return name.replace("-", "_")
    return service
