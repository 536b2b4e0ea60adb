"""The risk profile page's view as rows: the case (`case_row.CaseRow`), the person's ten latest
assessments and their open request for reconsideration, read in one statement of columns.

The page read them as ORM objects (the case, its person, the signed-in staff member, an
assessment and a request per row: each identified, tracked and populated, and ~50 columns of
`cursor.description` made into psycopg's column objects): more of the client's CPU than the
statement. It only shows them, so it reads the columns it shows on the driver's cursor
(`core_rows.read_kept_named`) and applies `load_case`'s rules (`case_row.case_of`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from sqlalchemy import func, select

from portal.models import RiskAssessment, RiskReconsideration
from portal.models.caseload import RiskLevel
from portal.services.core_rows import read_kept_named
from portal.web.backoffice.case_row import CASE_ROW, CaseRow, StaffOffice, case_of


class AssessmentRow(NamedTuple):
    """What the page shows of a `RiskAssessment`, under the same names."""

    id: int
    computed_at: dt.datetime
    score: int
    computed_level: RiskLevel
    factors: list[dict[str, Any]]
    barriers: list[str]
    level: RiskLevel | None
    override_reason: str | None

    @property
    def overridden(self) -> bool:  # as RiskAssessment's
        return self.level is not None and self.level != self.computed_level

    @property
    def current_level(self) -> RiskLevel:  # as RiskAssessment's
        return self.level or self.computed_level


class RequestRow(NamedTuple):
    """What the page shows of an open `RiskReconsideration`."""

    id: int
    requested_at: dt.datetime
    reason: str


_ASSESSMENT = RiskAssessment.__table__.c
_REQUEST = RiskReconsideration.__table__
_OPEN = RiskReconsideration.__table__.alias("open_request")  # not correlated with the page's
_OPEN_REQUEST_ID = (
    select(func.min(_OPEN.c.id))
    .where(_OPEN.c.person_id == CASE_ROW.selected_columns.person_id, _OPEN.c.answered_at.is_(None))
    .scalar_subquery()
)
# Built once: `CASE_ROW` (the case, its person and counsellor, the signed-in staff member's office)
# with each of the person's ten latest assessments and the open request (the lowest id, as the
# ORM statement read it); a case without assessments is one row without one. The LEFT JOINs to the
# request and to the assessments add no case row and remove none.
_RISK_PAGE = (
    CASE_ROW.add_columns(
        _ASSESSMENT.id.label("assessment_id"),
        _ASSESSMENT.computed_at,
        _ASSESSMENT.score,
        _ASSESSMENT.computed_level,
        _ASSESSMENT.factors,
        _ASSESSMENT.barriers,
        _ASSESSMENT.level,
        _ASSESSMENT.override_reason,
        _REQUEST.c.id.label("request_id"),
        _REQUEST.c.requested_at,
        _REQUEST.c.reason,
    )
    .outerjoin(RiskAssessment.__table__, _ASSESSMENT.person_id == CASE_ROW.selected_columns.person_id)
    .outerjoin(_REQUEST, _REQUEST.c.id == _OPEN_REQUEST_ID)
    .order_by(_ASSESSMENT.computed_at.desc(), _ASSESSMENT.id.desc())
    .limit(10)
)


def load_risk_page(
    case_id: int, staff_person_id: int
) -> tuple[CaseRow, StaffOffice, list[tuple[AssessmentRow, RequestRow | None]]]:
    """The case under `load_case`'s rules and the page's (assessment, open request) rows, newest
    first, as `views.risk._HISTORY` gives them."""
    rows = read_kept_named(_RISK_PAGE, {"case_id": case_id, "staff_person_id": staff_person_id})
    case, staff = case_of(rows)
    history = [
        (
            AssessmentRow(
                row.assessment_id,
                row.computed_at,
                row.score,
                row.computed_level,
                row.factors,
                row.barriers,
                row.level,
                row.override_reason,
            ),
            RequestRow(row.request_id, row.requested_at, row.reason) if row.request_id is not None else None,
        )
        for row in rows
        if row.assessment_id is not None
    ]
    return case, staff, history
