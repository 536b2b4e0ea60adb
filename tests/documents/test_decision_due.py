""" "Decision due by" on a decision document only when the person waited for the decision."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.documents.render import render_decision
from portal.extensions import db
from portal.models import Decision, DecisionKind, StaffRole
from tests.documents.conftest import add_decision, add_staff, unlink_decisions


@pytest.fixture
def linked_decisions(app):
    yield
    with app.app_context():
        unlink_decisions()


def rendered(decision_id: int) -> str:
    return render_decision(db.session.get(Decision, decision_id), "en")


@pytest.mark.parametrize("kind", [DecisionKind.REGISTRATION, DecisionKind.REGISTRATION_REJECTED])
def test_a_decision_made_at_once_has_no_due_date(app, linked_decisions, kind):
    with app.app_context():
        html = rendered(add_decision(kind=kind, automated=True))

    assert "Decision due by" not in html


def test_a_counsellors_decision_on_the_day_of_the_application_has_no_due_date(app, linked_decisions):
    with app.app_context():
        staff_id = add_staff("49403136526", StaffRole.COUNSELLOR)
        html = rendered(add_decision(automated=False, staff_id=staff_id))  # submitted 08:00, decided 08:30

    assert "Decision due by" not in html


def test_a_decision_the_person_waited_for_shows_the_deadline_it_met(app, linked_decisions):
    with app.app_context():
        staff_id = add_staff("49403136526", StaffRole.COUNSELLOR)
        decision_id = add_decision(automated=False, staff_id=staff_id)
        with db.write() as session:
            session.get(Decision, decision_id).issued_at = dt.datetime(2026, 11, 10, 9, 0, tzinfo=dt.UTC)
        html = rendered(decision_id)

    assert "Decision due by" in html
    assert "16, 2026" in html or "16 November 2026" in html
