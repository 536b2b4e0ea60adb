"""Opening a jobseeker's case from any back-office page, with office scoping.

`load_case(case_id)` is what every case page (and another feature's page about a case: offers,
plans, meetings) calls: the case of the signed-in counsellor's office, or, for another office's
case, a 403 page asking for a break-glass reason unless one was given in this session lately.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, g, has_request_context, make_response, render_template, request, session
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.util import identity_key
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models import JobseekerCase, StaffMember
from portal.security import request_user
from portal.services import cases
from portal.services.request_memo import shelf
from portal.web.forms import PortalForm


class BreakGlassForm(PortalForm):
    reason = TextAreaField(
        _l("Why do you need to open this case?"),
        description=_l("The person can read this reason among the uses of their data."),
        validators=[
            DataRequired(message=_l("Enter why you need to open this case")),
            Length(max=cases.REASON_MAX, message=_l("The reason must be 500 characters or fewer")),
        ],
    )


GRANTS = "break_glass"  # session key: {case id: ISO end of the grant}


def _staff_memo() -> dict[int, StaffMember | None]:
    return request.environ.setdefault("portal.current_staff", {}) if has_request_context() else {}


def current_staff() -> StaffMember:
    """The signed-in staff member, read once per request (a case page asks for it in `load_case`,
    again for the office rule and for its actions; the memo also keeps the row in the session's
    identity map, so the case's counsellor link loads without a statement when it is them)."""
    memo = _staff_memo()
    person_id = request_user().person_id
    if person_id in memo:
        staff = memo[person_id]
    else:
        staff = memo[person_id] = cases.staff_of(person_id)
    if staff is None:  # removed from the staff table since signing in
        abort(403)
    return staff


def with_staff(statement: Select[Any]) -> Select[Any]:
    """`statement` with the signed-in staff member's row (or None) as its last column, read with it
    instead of by a statement of its own: `staff_person_id` is bound to their person's id
    (`staff_values`), and `keep_staff` keeps the row for `current_staff`. A LEFT JOIN on the staff
    table's unique `person_id`: it adds no row and removes none."""
    return statement.add_columns(StaffMember).outerjoin(
        StaffMember, StaffMember.person_id == bindparam("staff_person_id")
    )


def staff_values() -> dict[str, Any]:
    return {"staff_person_id": request_user().person_id}


def keep_staff(staff: StaffMember | None) -> None:
    """The signed-in staff member as `with_staff` read them (None: no longer staff)."""
    _staff_memo().setdefault(request_user().person_id, staff)


def granted(case_id: int) -> bool:
    until = session.get(GRANTS, {}).get(str(case_id))
    return bool(until) and dt.datetime.fromisoformat(until) > dt.datetime.now(dt.UTC)


def grant(case_id: int, until: dt.datetime) -> None:
    now = dt.datetime.now(dt.UTC)
    grants = {
        key: value for key, value in session.get(GRANTS, {}).items() if dt.datetime.fromisoformat(value) > now
    }
    grants[str(case_id)] = until.isoformat()
    session[GRANTS] = grants


# The case with its person (every case page's header names them) and with the signed-in staff
# member (the office rule), whose row would otherwise be a statement of its own. Built once:
# `Session.get` with loader options built the options and the statement's cache key on every
# call, 0.5 ms of CPU, four times what running it costs. (The case view reads its case as a row:
# `case_row`.)
CASE = with_staff(
    select(JobseekerCase)
    .where(JobseekerCase.id == bindparam("case_id"))
    .options(joinedload(JobseekerCase.person))
)


def load_case(case_id: int, statement: Select[Any] = CASE) -> JobseekerCase:
    """The case, read by `statement` (`CASE`, or another with the signed-in staff member as its
    last entity: `with_staff`) in one statement, or taken from the session when the request
    already holds it (as `Session.get` would)."""
    if identity_key(JobseekerCase, case_id) in db.session.identity_map:
        case = db.session.get(JobseekerCase, case_id)
    else:
        row = db.session.execute(statement, {"case_id": case_id, **staff_values()}).first()
        case = None
        if row is not None:
            case, staff = row
            keep_staff(staff)
    if case is None:
        abort(404)
    shelf("case_of_person")[case.person_id] = case  # the timeline's assignment entry reads it
    check_office(case)
    return case


def check_office(case: Any, staff: Any = None) -> None:
    """The office rule of `load_case`, also for a case a page read itself (a row with the case's
    `id` and `office`): another office's case answers the 403 page asking for a break-glass
    reason unless one was given in this session lately. `staff`: the signed-in staff member (or
    a row with their `office`) when the page read it; by default `current_staff()`."""
    if not cases.in_office(case, staff if staff is not None else current_staff()) and not granted(case.id):
        g.case_office = case.office
        page = render_template(
            "backoffice/case/break_glass.html",
            case_id=case.id,
            case_office=case.office,
            form=BreakGlassForm(formdata=None),
        )
        abort(make_response(page, 403))
