"""The risk profile and the plan page read their case as a row of columns (`case_row`, `risk_rows`),
not as ORM objects: the same page byte for byte as through `load_case`, the same audit event, no
more statements."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import ActivityKind, Actor, AuditEvent, AuditTag, RiskLevel, StaffMember
from portal.services import plans, profiling, reconsideration
from portal.web.backoffice import case_access
from portal.web.backoffice.views import plan as plan_view
from portal.web.backoffice.views import risk as risk_view
from tests.functional.caseload_helpers import add_jobseeker, ee_code
from tests.functional.test_backoffice_registrations import today
from tests.functional.test_read_kept import counted
from tests.functional.test_risk_profiling import person_of

# What differs between two requests of the same page: the CSRF token's signature and the nonce.
_TOKEN = re.compile(r'((?:name="csrf_token"(?: type="hidden")? value|nonce)=")[^"]*"')


def _page(client, path: str, language: str, app) -> tuple[str, int]:
    with counted(app) as statements:
        response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200
    return _TOKEN.sub(r'\1"', response.get_data(as_text=True)), len(statements)


def _through_orm(monkeypatch) -> None:
    """The pages as they read their case before: `load_case` (ORM objects) and the history."""

    def risk_page(case_id: int, _staff_person_id: int):
        case = case_access.load_case(case_id)
        return case, None, risk_view._history(case)

    monkeypatch.setattr(risk_view, "load_risk_page", risk_page)
    monkeypatch.setattr(plan_view, "load_case_row", lambda case_id: (case_access.load_case(case_id), None))


def _last_view(app) -> tuple:
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.tag == AuditTag.PERSON_VIEW).order_by(AuditEvent.id.desc())
        ).first()
        return (
            event.actor_ref,
            event.subject_ref,
            event.subject_person_id,
            event.actor_person_id,
            event.purpose,
            event.details,
        )


@pytest.mark.parametrize("language", ["en", "et"])
def test_risk_and_plan_pages_as_rows_are_the_pages_through_the_orm(eid_app, client_as, monkeypatch, language):
    client = client_as("counsellor")
    case_id = add_jobseeker(eid_app, ee_code(61), "Kalle", "Kask")
    person_id = person_of(eid_app, case_id)
    day = today(eid_app)
    profile = eid_app.extensions["profile"]
    with eid_app.app_context():
        # Two assessments (an earlier profile), the latest overridden with a reason, and an open
        # request for reconsideration: every part of the risk page that the rows fill.
        profiling.assess_in(db.session, person_id, profile, day, trigger="registration", barriers=["caring"])
        db.session.commit()
        latest = profiling.assess_in(db.session, person_id, profile, day, trigger="on_demand")
        db.session.commit()
        other = next(level for level in RiskLevel if level != latest.computed_level)
        staff = db.session.scalars(select(StaffMember)).one()  # the signed-in counsellor
        profiling.decide(
            latest.id, level=other, reason="Long illness\nnot in the registers", actor=staff, request_id=None
        )
        reconsideration.request_reconsideration(person_id, "I care for my mother.\n\nEvery day.")
        # Two versions (the first among the earlier ones) and two activities, one of them overdue.
        for goal, due in (("Work in a warehouse", day), ("Work in a warehouse\n\nor a shop", day)):
            plans.draft(
                person_id,
                goal=goal,
                activities=[
                    plans.ActivityDraft(
                        kind=ActivityKind.APPLY,
                        description="Apply to <three> jobs",
                        due_on=due,
                        actor=Actor.JOBSEEKER,
                    ),
                    plans.ActivityDraft(
                        kind=ActivityKind.TRAINING,
                        description="A forklift course",
                        due_on=due - dt.timedelta(days=3),
                        actor=Actor.COUNSELLOR,
                    ),
                ],
                staff=staff,
                request_id=None,
            )

    risk_path, plan_path = f"/back-office/cases/{case_id}/risk-profile", f"/back-office/cases/{case_id}/plan"
    risk_rows, risk_statements = _page(client, risk_path, language, eid_app)
    risk_event = _last_view(eid_app)
    plan_rows, plan_statements = _page(client, plan_path, language, eid_app)
    plan_event = _last_view(eid_app)
    assert "Long illness" in risk_rows and "Every day." in risk_rows and "or a shop" in plan_rows
    assert "A forklift course" in plan_rows and plan_rows.count("govuk-tag") > 1

    _through_orm(monkeypatch)
    risk_orm, risk_orm_statements = _page(client, risk_path, language, eid_app)
    assert risk_rows == risk_orm and _last_view(eid_app) == risk_event
    plan_orm, plan_orm_statements = _page(client, plan_path, language, eid_app)
    assert plan_rows == plan_orm and _last_view(eid_app) == plan_event
    assert risk_statements <= risk_orm_statements and plan_statements <= plan_orm_statements
