"""One service issues every decision: the own-case rule once, and what a changed decision changes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import (
    AutomatedRule,
    Certificate,
    Decision,
    DecisionKind,
    DecisionState,
    Person,
    Registration,
    RegistrationKind,
    RegistrationState,
    StaffMember,
    StaffRole,
)
from portal.services import appeals, decisions
from portal.services.registration.decide import decide, register_automatically, request_review
from portal.services.staff import add_staff
from tests.eid import JAAN, MARI

_counter = iter(range(1, 10_000))


@pytest.fixture(autouse=True)
def _unlinked_after_test(eid_app):
    yield
    with eid_app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:  # answers point at what they answer (RESTRICT)
            connection.execute(update(Decision).values(supersedes_id=None, responds_to_id=None))


def person(code: str) -> int:
    found = db.session.scalar(select(Person).where(Person.national_code == code))
    if found is None:
        with db.write() as session:
            found = Person(country="EE", national_code=code, given_name="Jaan", family_name="Tamm")
            session.add(found)
    return found.id


def registration(code: str, kind: RegistrationKind, state: RegistrationState) -> int:
    with db.write() as session:
        row = Registration(
            reference=f"REG-2026-SERVICE{next(_counter):03d}",
            person_id=person(code),
            kind=kind,
            state=state,
            decision_due_on=dt.date.today() + dt.timedelta(days=14),
            consent_at=dt.datetime.now(dt.UTC),
            consent_version="test",
            register_data={"sections": {}},
            answers={},
            review_reasons=[],
        )
        session.add(row)
    return row.id


def automated_registration(app, code: str, kind: RegistrationKind) -> int:
    """A person registered by the rule, as a submit with nothing to check would register them."""
    profile = app.extensions["profile"]
    registration_id = registration(code, kind, RegistrationState.PENDING)
    with decisions.issuing() as batch:
        found = batch.session.get(Registration, registration_id)
        decision = register_automatically(batch, found, profile, profile.today())
    return decision.id


def staff_member(app, role: StaffRole) -> StaffMember:
    add_staff(app.extensions["profile"], MARI, role, "Tallinn")
    return db.session.scalar(select(StaffMember).join(Person).where(Person.national_code == MARI))


def test_nobody_decides_their_own_case_whichever_decision_it_is(eid_app):
    """The rule is the decisions service's, so a registration, a review answer and an appeal
    answer all refuse it the same way (one exception, no message text to tell apart)."""
    with eid_app.app_context():
        profile = eid_app.extensions["profile"]
        staff = staff_member(eid_app, StaffRole.SUPERVISOR)
        pending = registration(MARI, RegistrationKind.UNEMPLOYED, RegistrationState.PENDING)
        with pytest.raises(decisions.OwnCase):
            decide(pending, approve=True, reason="Mine.", staff=staff, profile=profile)
        assert db.session.get(Registration, pending).state is RegistrationState.PENDING

        db.session.get(Registration, pending).state = RegistrationState.DEREGISTERED
        db.session.commit()
        automated = automated_registration(eid_app, MARI, RegistrationKind.JOBSEEKER)
        request_review(automated, staff.person_id, "Please look again.")
        with pytest.raises(decisions.OwnCase):
            appeals.answer_review(automated, staff=staff, upheld=False, reasoning="Mine.", profile=profile)

        appeal = appeals.file_appeal(automated, staff.person_id, "Wrong.", [], profile)
        with pytest.raises(decisions.OwnCase):
            appeals.decide_appeal(appeal.id, staff=staff, upheld=False, reasoning="Mine.", profile=profile)
        assert db.session.get(Decision, automated).state is DecisionState.APPEALED


def test_a_changed_appeal_changes_what_the_persons_page_shows(eid_app, client_as):
    client = client_as("jobseeker")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    with eid_app.app_context():
        profile = eid_app.extensions["profile"]
        automated = automated_registration(eid_app, JAAN, RegistrationKind.JOBSEEKER)
    before = re.sub(r"\s+", " ", client.get("/jobseeker/").get_data(as_text=True))
    assert "(jobseeker while employed)" in before and "Unemployment certificate" not in before

    with eid_app.app_context():
        staff = staff_member(eid_app, StaffRole.SUPERVISOR)
        appeal = appeals.file_appeal(automated, person(JAAN), "My employment ended in October.", [], profile)
        outcome = appeals.decide_appeal(
            appeal.id, staff=staff, upheld=False, reasoning="The employment ended.", profile=profile
        )
        found = db.session.get(Registration, outcome.registration_id)
        assert found.kind is RegistrationKind.UNEMPLOYED
        assert [c.revoked_on for c in db.session.scalars(select(Certificate))] == [None]
        outcome_id = outcome.id

    after = re.sub(r"\s+", " ", client.get("/jobseeker/").get_data(as_text=True))
    assert "(jobseeker while employed)" not in after
    assert "Unemployment certificate" in after
    # The page links the decision now in force, the appeal's answer, not the one it replaced.
    assert f'href="/jobseeker/decisions/{outcome_id}"' in after
    assert f'href="/jobseeker/decisions/{automated}"' not in after
    assert "Decision on your appeal" in after


def test_the_page_names_who_decided(eid_app, client_as):
    client = client_as("jobseeker")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    with eid_app.app_context():
        profile = eid_app.extensions["profile"]
        automated = automated_registration(eid_app, JAAN, RegistrationKind.UNEMPLOYED)
        assert (
            db.session.get(Decision, automated).automated_rule
            is AutomatedRule.REGISTRATION_FROM_REGISTER_DATA
        )
        staff = staff_member(eid_app, StaffRole.SUPERVISOR)
        appeal = appeals.file_appeal(automated, person(JAAN), "Wrong.", [], profile)
        outcome = appeals.decide_appeal(
            appeal.id, staff=staff, upheld=True, reasoning="Right.", profile=profile
        )
        assert outcome.kind is DecisionKind.APPEAL_OUTCOME and outcome.issuer_role is StaffRole.SUPERVISOR
        outcome_id = outcome.id
        # A later change of role does not change who decided.
        add_staff(profile, MARI, StaffRole.COUNSELLOR, "Tallinn")
    rule = client.get(f"/jobseeker/decisions/{automated}").get_data(as_text=True)
    assert "registration-from-register-data" not in rule
    assert "registers met every condition for registration" in rule
    answer = client.get(f"/jobseeker/decisions/{outcome_id}").get_data(as_text=True)
    assert "Decided by a supervisor" in answer
