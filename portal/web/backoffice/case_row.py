"""The case view's case as one row: the case's columns with its person's and its counsellor's,
and the signed-in staff member's office, read in one statement of columns.

`load_case` with the counsellor joined made five ORM objects for the same page (the case, its
person, its counsellor and their person, the signed-in staff member), each identified, tracked
and populated: more CPU than the statement. The case view only shows them, so it reads the
columns it shows (`core_rows.read_named`, no ORM execution) and applies the same rules: 404 for no such
case, 403 when the signed-in person is no longer staff, the office rule of `check_office`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from flask import abort
from sqlalchemy import bindparam, select

from portal.models import JobseekerCase, Person, StaffMember
from portal.models.caseload import PlanStatus, RiskLevel
from portal.models.person import full_name
from portal.security import request_user
from portal.services.core_rows import read_kept_named
from portal.services.request_memo import shelf
from portal.web.backoffice.case_access import check_office


class CaseRow(NamedTuple):
    """What the case view reads of a case (`case` in its templates) and of its person (`person`:
    the same row). The timeline's assignment entry and the case's panels and actions read the
    case's attributes by the same names."""

    id: int
    person_id: int
    office: str
    assigned_at: dt.datetime
    opened_on: dt.date
    risk_level: RiskLevel | None
    plan_status: PlanStatus
    next_due_on: dt.date | None
    social_assistance: bool
    country: str
    national_code: str
    full_name: str
    date_of_birth: dt.date | None
    counsellor_name: str | None  # None: no counsellor assigned


class StaffOffice(NamedTuple):
    """The signed-in staff member as `cases.in_office` reads them."""

    office: str


_CASE, _PERSON = JobseekerCase.__table__.c, Person.__table__.c
_COUNSELLOR = StaffMember.__table__.alias("counsellor")
_COUNSELLOR_PERSON = Person.__table__.alias("counsellor_person")
_SIGNED_IN = StaffMember.__table__.alias("signed_in")
# Built once. LEFT JOINs to the counsellor (none when the case is not assigned) and to the
# signed-in staff member (none when no longer staff) by the staff table's unique `person_id`:
# neither adds a row nor removes one.
CASE_ROW = (
    select(
        _CASE.id,
        _CASE.person_id,
        _CASE.office,
        _CASE.assigned_at,
        _CASE.opened_on,
        _CASE.risk_level,
        _CASE.plan_status,
        _CASE.next_due_on,
        _CASE.social_assistance,
        _PERSON.country,
        _PERSON.national_code,
        _PERSON.given_name,
        _PERSON.family_name,
        _PERSON.date_of_birth,
        _COUNSELLOR_PERSON.c.given_name.label("counsellor_given_name"),
        _COUNSELLOR_PERSON.c.family_name.label("counsellor_family_name"),
        _SIGNED_IN.c.office.label("staff_office"),
    )
    .join(Person.__table__, _PERSON.id == _CASE.person_id)
    .outerjoin(_COUNSELLOR, _COUNSELLOR.c.id == _CASE.counsellor_id)
    .outerjoin(_COUNSELLOR_PERSON, _COUNSELLOR_PERSON.c.id == _COUNSELLOR.c.person_id)
    .outerjoin(_SIGNED_IN, _SIGNED_IN.c.person_id == bindparam("staff_person_id"))
    .where(_CASE.id == bindparam("case_id"))
)


def load_case_row(case_id: int) -> tuple[CaseRow, StaffOffice]:
    """The case as `CaseRow` and the signed-in staff member's office, under `load_case`'s rules
    (404, 403, the office rule)."""
    return case_of(
        read_kept_named(CASE_ROW, {"case_id": case_id, "staff_person_id": request_user().person_id})
    )


def case_of(rows: list[Any]) -> tuple[CaseRow, StaffOffice]:
    """`load_case_row`'s result and rules from the rows of `CASE_ROW` or of a statement built on
    it (`CASE_ROW` with more columns and joins: the risk profile's, one row per assessment)."""
    if not rows:
        abort(404)
    row = rows[0]
    if row.staff_office is None:  # removed from the staff table since signing in
        abort(403)
    case = CaseRow(
        row.id,
        row.person_id,
        row.office,
        row.assigned_at,
        row.opened_on,
        row.risk_level,
        row.plan_status,
        row.next_due_on,
        row.social_assistance,
        row.country,
        row.national_code,
        full_name(row.given_name, row.family_name),
        row.date_of_birth,
        full_name(row.counsellor_given_name, row.counsellor_family_name)
        if row.counsellor_given_name is not None
        else None,
    )
    shelf("case_of_person")[case.person_id] = case  # the timeline's assignment entry reads it
    staff = StaffOffice(row.staff_office)
    check_office(case, staff)
    return case, staff
