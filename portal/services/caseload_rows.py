"""A caseload's rows: the cases with their person's name and counsellor, as the caseload page, its
CSV export and the search show them (`rows_statement`, one row each: `row`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import aliased, outerjoin

from portal.models import JobseekerCase, Person, PlanStatus, RiskLevel, StaffMember


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


# Made once: a new alias per call rebuilt the aliased person table's column collection (every column
# of `person`) on each caseload page.
_COUNSELLOR_PERSON = aliased(Person, name="counsellor_person")


def rows_statement(order: tuple[Any, ...]) -> Select[Any]:
    """The rows with their names and counsellor, in `order`. A page's case ids are chosen first on
    `jobseeker_case` alone (its partial indexes cover every filter and sort column), and only those
    rows are joined to the names (`caseload._page_statements`): however deep the page, the joins touch
    `limit` rows, not every row before it."""
    counsellor_person = _COUNSELLOR_PERSON
    return (
        select(*row_columns())
        .join(Person, Person.id == JobseekerCase.person_id)
        .outerjoin(StaffMember, StaffMember.id == JobseekerCase.counsellor_id)
        .outerjoin(counsellor_person, counsellor_person.id == StaffMember.person_id)
        .order_by(*order)
    )


def row_columns() -> tuple[Any, ...]:
    """The columns `row` reads."""
    counsellor_person = _COUNSELLOR_PERSON
    return (
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


def rows_joined_to(left: Any, onclause: Any) -> Any:
    """`left` with the cases `onclause` picks, their person and their counsellor's person LEFT
    JOINed to it: a row of `left` without a case when none is picked. A flat chain of joins (each
    case has its person), not the cases' joins nested in one LEFT JOIN, which SQLite materialized
    whole, every case of the table, before applying `onclause`."""
    counsellor_person = _COUNSELLOR_PERSON
    return (
        outerjoin(left, JobseekerCase, onclause)
        .outerjoin(Person, Person.id == JobseekerCase.person_id)
        .outerjoin(StaffMember, StaffMember.id == JobseekerCase.counsellor_id)
        .outerjoin(counsellor_person, counsellor_person.id == StaffMember.person_id)
    )


def row(values: Any) -> CaseRow:
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
