"""The columns the page shows of each use, read with the page's keys (the audit event's, with the
staff member's office and name; the X-Road message's), and the uses made of them (with the
vacancies of employers' uses, read by id)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import (
    FromClause,
    Select,
    String,
    Text,
    and_,
    bindparam,
    case,
    cast,
    literal_column,
    null,
    select,
    type_coerce,
)

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
from portal.services.core_rows import read_kept
from portal.services.data_use.uses import (
    AUDIT_LOG,
    BREAK_GLASS_DETAIL,
    EMPLOYER_ROLE,
    XROAD_LOG,
    Use,
    UseKind,
)

_IDS = bindparam("ids", expanding=True)
_STAFF_ACTOR = AuditEvent.actor_role != EMPLOYER_ROLE
# The columns the page shows, not the events as objects: the rows are read once and never changed,
# and loading 25 events into the session (identity map, the hash chain's columns) cost more CPU
# than the statement. Not the moment, which the page's keys read already; the tag as its text (the
# page words it by its text: no enum member made per row). The details as their JSON text, parsed
# once per page for each text (`_Details`).
_COLUMNS = (
    type_coerce(AuditEvent.tag, String).label("tag"),
    AuditEvent.actor_role.label("actor_role"),
    AuditEvent.purpose.label("audit_purpose"),
    cast(AuditEvent.details, Text).label("details"),
    StaffMember.office.label("office"),
    XRoadQuery.direction.label("direction"),
    XRoadQuery.purpose.label("xroad_purpose"),
    XRoadQuery.service.label("service"),
    XRoadQuery.client.label("client"),
    XRoadQuery.operation.label("operation"),
    XRoadQuery.xroad_id.label("xroad_id"),
)
_VACANCIES = (
    select(Vacancy.id, Vacancy.title, EmployerCompany.name)
    .join(EmployerCompany, EmployerCompany.registry_code == Vacancy.employer_code)
    .where(Vacancy.id.in_(_IDS))
)


_NAMES = (Person.given_name.label("given_name"), Person.family_name.label("family_name"))
_NO_NAMES = (null().label("given_name"), null().label("family_name"))


def with_columns(statement: Select[Any], joined: FromClause, keys: Any, *, names: bool) -> Select[Any]:
    """`statement` over `joined` (which holds the page's `keys`: kind, log, id, moment) with the
    columns the page shows of each key's row after its own, in the same statement: each key's
    audit event or X-Road message by its primary key (the other log's join is given no id, so
    nothing is looked up in it), and a staff member's office and (`names`) name. The joins skip the
    employer's events: a representative's name never leaves the database (the person learns
    which company, when and why, from the vacancy whose shortlist it was). One statement and one
    round trip for the page, where reading the rows by their ids was a second (and the ids'
    IN list, rendered for each page, cost the client more than the rows)."""
    audit_id = case((keys.c.log == literal_column(f"'{AUDIT_LOG}'"), keys.c.id))
    xroad_id = case((keys.c.log == literal_column(f"'{XROAD_LOG}'"), keys.c.id))
    joined = joined.outerjoin(AuditEvent, AuditEvent.id == audit_id).outerjoin(
        StaffMember, and_(StaffMember.person_id == AuditEvent.actor_person_id, _STAFF_ACTOR)
    )
    if names:  # else no person is looked up: the names are not shown
        joined = joined.outerjoin(Person, and_(Person.id == AuditEvent.actor_person_id, _STAFF_ACTOR))
    joined = joined.outerjoin(XRoadQuery, XRoadQuery.id == xroad_id)
    columns = (*_COLUMNS[:5], *(_NAMES if names else _NO_NAMES), *_COLUMNS[5:])
    return statement.add_columns(*columns).select_from(joined)


def page_uses(keys: list[tuple[UseKind, Any, tuple[Any, ...]]], profile: CountryProfile) -> list[Use]:
    """The uses of the page's keys (kind, cursor, the columns `with_columns` added), in their order;
    the vacancies of employers' uses in one statement when the page shows any."""
    parsed = _Details()
    vacancy_ids = {_vacancy_id(parsed(row[3])) for kind, _c, row in keys if kind == UseKind.EMPLOYER} - {None}
    vacancies = (
        {
            vacancy_id: (title, company)
            for vacancy_id, title, company in read_kept(_VACANCIES, {"ids": list(vacancy_ids)})[1]
        }
        if vacancy_ids
        else {}
    )
    names = profile.data_use.show_staff_names
    xroad_clients = profile.data_use.xroad_clients
    # What a staff use shows of its details, worked out once per page for each text and tag.
    staff_details: dict[tuple[str | None, str], tuple[str | None, str | None, tuple[str, ...]]] = {}
    uses = []
    for kind, cursor, row in keys:
        (tag, role, purpose, details, office, given, family, direction, *xroad) = row
        if kind == UseKind.STAFF:
            shown = staff_details.get((details, tag))
            if shown is None:
                found = parsed(details)
                shown = staff_details[details, tag] = (
                    # The office recorded with the event wins; else the staff member's office now.
                    _detail(found, "office") or _detail(found, "actor_office"),
                    _detail(found, BREAK_GLASS_DETAIL)
                    or (_detail(found, "reason") if _is_break_glass(tag) else None),
                    tuple(str(c) for c in found.get("data_categories") or ()),
                )
            uses.append(
                Use(
                    UseKind.STAFF,
                    cursor.occurred_at,
                    purpose,
                    tag,
                    role,
                    shown[0] or office,
                    f"{given} {family}".strip() if names and given is not None else None,
                    shown[1],
                    shown[2],
                )
            )
        elif kind == UseKind.EMPLOYER:
            details = parsed(details)
            title, company = vacancies.get(_vacancy_id(details), (None, None))
            uses.append(
                Use(
                    UseKind.EMPLOYER,
                    cursor.occurred_at,
                    purpose,
                    tag=tag,
                    role=role,
                    company=company or _detail(details, "company"),
                    vacancy=title,
                )
            )
        else:
            purpose, service, client, operation, xroad_id = xroad
            outgoing = direction == QueryDirection.OUTGOING
            uses.append(
                Use(
                    UseKind.REGISTER if outgoing else UseKind.INSTITUTION,
                    cursor.occurred_at,
                    purpose,
                    register=register_of(service, profile) if outgoing else None,
                    client=xroad_clients.get(client, client) if not outgoing else None,
                    operation=operation,
                    xroad_id=xroad_id,
                )
            )
    return uses


class _Details(dict[str | None, dict[str, Any]]):
    """Each event's details (the column's JSON text) parsed once per page for each text: a page's
    uses repeat a few (the same counsellor opening the same case, a queue listing the person), and
    the JSON column's own reading parsed every row's (about a tenth of the page's statement)."""

    def __call__(self, text: str | None) -> dict[str, Any]:
        found = self.get(text)
        if found is None:
            found = self[text] = (json.loads(text) if text else None) or {}
        return found


def _vacancy_id(details: dict[str, Any] | None) -> int | None:
    value = (details or {}).get("vacancy")
    return int(value) if isinstance(value, int) or (isinstance(value, str) and value.isdigit()) else None


def _is_break_glass(tag: AuditTag | str) -> bool:
    return "break-glass" in str(tag)


def _detail(details: dict[str, Any] | None, key: str) -> str | None:
    value = (details or {}).get(key)
    return str(value) if value else None


def register_of(service: str, profile: CountryProfile) -> str:
    """The register's name (`labels.REGISTER_TITLES` key) for a full X-Road service id."""
    for name, service_id in profile.xroad_services.items():
        if service == service_id or service.startswith(service_id + "/"):
            return name.replace("-", "_")
    return service
