"""A person reads their decision and may ask a counsellor to review an automated one, once."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    AuditTag,
    Decision,
    DecisionKind,
    Person,
    Registration,
    RegistrationKind,
    RegistrationState,
)
from tests.eid import JAAN

AUTOMATED_RULE = "registration-from-register-data"


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def csrf_token(response) -> str:
    return re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', response.get_data(as_text=True)
    ).group(1)


def add_decision(
    app,
    code: str = JAAN,
    *,
    kind: DecisionKind = DecisionKind.REGISTRATION,
    automated: bool = True,
    reference: str = "REG-2026-TEST0001",
) -> int:
    """A registration and its decision for the person with `code` (created when not yet known)."""
    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.national_code == code))
        if person is None:
            person = Person(country="EE", national_code=code, given_name="Mari", family_name="Maasikas")
            db.session.add(person)
            db.session.flush()
        rejected = kind is DecisionKind.REGISTRATION_REJECTED
        registration = Registration(
            reference=reference,
            person_id=person.id,
            kind=RegistrationKind.UNEMPLOYED,
            state=RegistrationState.REJECTED if rejected else RegistrationState.REGISTERED,
            decision_due_on=dt.date(2026, 11, 16),
            registered_on=None if rejected else dt.date(2026, 11, 2),
            consent_at=dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC),
            consent_version="registration-start-2026-11",
            register_data={"sections": {}},
            answers={},
            review_reasons=[],
        )
        decision = Decision(
            registration=registration,
            person_id=person.id,
            kind=kind,
            legal_basis="Employment Services Act § 6",
            reasoning="The population register shows a resident of working age.\nThe tax register shows no employment.",
            automated_rule=AUTOMATED_RULE if automated else None,
            issued_at=dt.datetime(2026, 11, 2, 8, 30, tzinfo=dt.UTC),
        )
        db.session.add_all([registration, decision])
        db.session.commit()
        return decision.id


def jobseeker(client_as):
    client = client_as("jobseeker")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_a_person_reads_their_automated_decision(eid_app, client_as):
    client = jobseeker(client_as)
    decision_id = add_decision(eid_app)
    response = client.get(f"/jobseeker/decisions/{decision_id}")
    assert response.status_code == 200
    page = text_of(response)
    assert '<h1 class="govuk-heading-l">Registration decision</h1>' in page
    assert "2 November 2026" in page
    assert "You are registered as unemployed" in page
    assert "Employment Services Act § 6" in page
    # An automated registration explains itself with the rule's reasons, in the reader's language.
    assert "the tax and employment register shows no current employment" in page
    # Who decided, in plain words: the rule's identifier is for the record, not for the reader.
    assert (
        "Decided automatically: the data from the state" in page
        and "registers met every condition for registration" in page
    )
    assert AUTOMATED_RULE not in page
    assert "Ask a person to review this decision" in page
    assert f'action="/jobseeker/decisions/{decision_id}/review"' in page


def test_a_refusal_by_a_counsellor_offers_no_automated_review(eid_app, client_as):
    client = jobseeker(client_as)
    decision_id = add_decision(eid_app, kind=DecisionKind.REGISTRATION_REJECTED, automated=False)
    page = text_of(client.get(f"/jobseeker/decisions/{decision_id}"))
    assert "Registration refused" in page and "Your registration was refused" in page
    assert "Decided by a counsellor" in page
    assert "Ask a person to review this decision" not in page
    token = csrf_token(client.get("/roles"))
    assert (
        client.post(f"/jobseeker/decisions/{decision_id}/review", data={"csrf_token": token}).status_code
        == 404
    )
    with eid_app.app_context():
        assert db.session.get(Decision, decision_id).review_requested_at is None


def test_a_review_is_asked_for_once(eid_app, client_as):
    client = jobseeker(client_as)
    decision_id = add_decision(eid_app)
    page = client.get(f"/jobseeker/decisions/{decision_id}")
    token = csrf_token(page)
    url = f"/jobseeker/decisions/{decision_id}/review"
    response = client.post(url, data={"csrf_token": token, "reason": "  My job ended a month earlier.  "})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/jobseeker/decisions/{decision_id}"
    page = text_of(client.get(f"/jobseeker/decisions/{decision_id}"))
    assert "govuk-notification-banner--success" in page and "You asked for a review" in page
    assert "You asked for a review on " in page
    assert "Ask a person to review this decision" not in page
    with eid_app.app_context():
        decision = db.session.get(Decision, decision_id)
        first_asked = decision.review_requested_at
        assert first_asked is not None
        assert decision.review_reason == "My job ended a month earlier."

    again = client.post(url, data={"csrf_token": token, "reason": "Once more"})
    assert again.status_code == 303
    page = text_of(client.get(f"/jobseeker/decisions/{decision_id}"))
    assert "govuk-notification-banner" not in page  # nothing new happened
    with eid_app.app_context():
        decision = db.session.get(Decision, decision_id)
        assert decision.review_requested_at == first_asked
        assert decision.review_reason == "My job ended a month earlier."
        requests = select(func.count()).select_from(AuditEvent)
        assert db.session.scalar(requests.where(AuditEvent.tag == AuditTag.DECISION_REVIEW_REQUEST)) == 1


def test_the_review_reason_is_optional_but_bounded(eid_app, client_as):
    client = jobseeker(client_as)
    decision_id = add_decision(eid_app)
    token = csrf_token(client.get(f"/jobseeker/decisions/{decision_id}"))
    url = f"/jobseeker/decisions/{decision_id}/review"
    too_long = client.post(url, data={"csrf_token": token, "reason": "x" * 2001})
    assert too_long.status_code == 400
    page = text_of(too_long)
    assert "There is a problem" in page
    assert '<a href="#reason">Your reason must be 2000 characters or fewer</a>' in page
    assert client.post(url, data={"csrf_token": token}).status_code == 303
    with eid_app.app_context():
        decision = db.session.get(Decision, decision_id)
        assert decision.review_requested_at is not None and decision.review_reason == ""


def test_a_person_cannot_open_someone_elses_decision(eid_app, client_as):
    client = jobseeker(client_as)
    other = add_decision(eid_app, code="49403136526")
    # Someone else's decision answers like a missing one, so ids tell nothing about who has what.
    assert client.get(f"/jobseeker/decisions/{other}").status_code == 404
    token = csrf_token(client.get("/roles"))
    assert client.post(f"/jobseeker/decisions/{other}/review", data={"csrf_token": token}).status_code == 404
    assert client.get("/jobseeker/decisions/999999").status_code == 404
    with eid_app.app_context():
        assert db.session.get(Decision, other).review_requested_at is None
        refusals = db.session.scalars(
            select(AuditEvent).where(AuditEvent.tag == AuditTag.ACCESS_REFUSED).order_by(AuditEvent.id)
        ).all()
        assert [event.details for event in refusals] == [
            {"record": "decision", "id": other},
            {"record": "decision", "id": other},
            {"record": "decision", "id": 999999},
        ]
        assert {event.actor_role for event in refusals} == {"jobseeker"}
        assert all(event.actor_person_id is not None for event in refusals)


def test_staff_cannot_open_the_jobseeker_decision_page(eid_app, client_as):
    decision_id = add_decision(eid_app, code="37001010001")
    assert client_as("counsellor").get(f"/jobseeker/decisions/{decision_id}").status_code == 403


def test_an_automated_decision_explains_itself_in_the_readers_language(eid_app, client_as):
    client = jobseeker(client_as)
    decision_id = add_decision(eid_app)
    client.get("/language/et?next=/")  # the person chooses Estonian
    page = text_of(client.get(f"/jobseeker/decisions/{decision_id}"))
    assert "Kõik tingimused olid registrite andmetega täidetud" in page
    assert "The population register shows" not in page  # the stored English record is not shown
