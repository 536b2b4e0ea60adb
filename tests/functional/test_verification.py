"""Anyone can check a decision or certificate by its code; the answer shows the least it can."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from portal.extensions import db
from portal.models import (
    Certificate,
    Decision,
    DecisionKind,
    DecisionState,
    Person,
    Registration,
    RegistrationKind,
    RegistrationState,
)
from portal.services.verification import VerificationStatus, normalise, verify

EN = {"Accept-Language": "en"}
DECISION_CODE = "7K3QM9TW2HXB4RPN5GZC"
CERTIFICATE_CODE = "QW8R4T6Y2M9PZX3B"
NOT_FOUND = "No document was found with this code"
CODE = "38001085718"
REASONING = "The tax register shows no employment since October."


def add_documents(
    app,
    *,
    state: DecisionState = DecisionState.ISSUED,
    kind: DecisionKind = DecisionKind.REGISTRATION,
    valid_days: int = 90,
    issued_days_ago: int = 0,
    revoked: bool = False,
) -> None:
    with app.app_context():
        today = app.extensions["profile"].today()
        person = Person(
            country="EE",
            national_code=CODE,
            given_name="Jaak-Kristjan",
            family_name="Jõeorg",
            date_of_birth=dt.date(1980, 1, 8),
        )
        db.session.add(person)
        db.session.flush()
        registration = Registration(
            reference="REG-2026-VERIFY01",
            person_id=person.id,
            kind=RegistrationKind.UNEMPLOYED,
            state=RegistrationState.REGISTERED,
            decision_due_on=today,
            registered_on=today,
            consent_at=dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC),
            consent_version="registration-start-2026-11",
            register_data={"sections": {}},
            answers={},
            review_reasons=[],
        )
        issued_on = today - dt.timedelta(days=issued_days_ago)
        decision = Decision(
            registration=registration,
            person_id=person.id,
            kind=kind,
            legal_basis="Employment Services Act § 6",
            reasoning=REASONING,
            automated_rule="registration-from-register-data",
            issued_at=dt.datetime.combine(issued_on, dt.time(12), tzinfo=app.extensions["profile"].tz),
            state=state,
            verification_code=DECISION_CODE,
        )
        certificate = Certificate(
            number="EE-2026-CERT0001",
            verification_code=CERTIFICATE_CODE,
            registration=registration,
            person_id=person.id,
            issued_on=issued_on,
            valid_until=issued_on + dt.timedelta(days=valid_days),
            revoked_on=today if revoked else None,
        )
        db.session.add_all([registration, decision, certificate])
        db.session.commit()


def main_of(response) -> str:
    """The page's main content, whitespace collapsed."""
    body = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", body[body.index("<main") : body.index("</main>")])


def test_a_valid_decision_is_confirmed_with_initials_and_birth_year_only(app, client):
    add_documents(app)
    response = client.get(f"/verify?code={DECISION_CODE}", headers=EN)
    assert response.status_code == 200
    page = main_of(response)
    assert "The document is authentic" in page
    assert "Registration decision" in page
    assert "govuk-tag--green" in page and ">Valid<" in page
    assert "J.-K. J." in page and "1980" in page
    for personal in ("Jaak", "Kristjan", "Jõeorg", CODE, REASONING, "Employment Services Act", "REG-2026"):
        assert personal not in response.get_data(as_text=True), personal


def test_the_public_form_is_a_get_form_that_works_without_a_code(client):
    response = client.get("/verify", headers=EN)
    assert response.status_code == 200
    page = main_of(response)
    assert '<form method="get" action="/verify"' in page
    assert 'name="code"' in page
    assert NOT_FOUND not in page and "The document is authentic" not in page


def test_an_empty_code_is_an_error_linked_to_the_field(client):
    response = client.get("/verify?code=+++", headers=EN)
    assert response.status_code == 400
    page = main_of(response)
    assert '<a href="#code">Enter the verification code</a>' in page


@pytest.mark.parametrize("state", [DecisionState.ISSUED, DecisionState.APPEALED, DecisionState.UPHELD])
def test_issued_appealed_and_upheld_decisions_are_valid(app, state):
    add_documents(app, state=state)
    with app.app_context():
        assert verify(DECISION_CODE).status is VerificationStatus.VALID


@pytest.mark.parametrize("state", [DecisionState.CHANGED, DecisionState.SUPERSEDED])
def test_changed_and_superseded_decisions_are_superseded(app, client, state):
    add_documents(app, state=state, kind=DecisionKind.REGISTRATION_REJECTED)
    response = client.get(f"/verify?code={DECISION_CODE}", headers=EN)
    page = main_of(response)
    assert response.status_code == 200
    assert "The document is authentic" in page and "Registration refused" in page
    assert "Replaced by a later decision" in page and "govuk-warning-text" in page
    with app.app_context():
        assert verify(DECISION_CODE).status is VerificationStatus.SUPERSEDED


def test_a_valid_certificate_shows_its_validity(app, client):
    add_documents(app)
    page = main_of(client.get(f"/verify?code={CERTIFICATE_CODE}", headers=EN))
    assert "Unemployment certificate" in page and ">Valid<" in page and "Valid until" in page
    assert "EE-2026-CERT0001" not in page


def test_a_revoked_certificate_says_so(app, client):
    add_documents(app, revoked=True)
    page = main_of(client.get(f"/verify?code={CERTIFICATE_CODE}", headers=EN))
    assert "The document is authentic" in page
    assert "Revoked" in page and "govuk-tag--red" in page
    assert "This certificate was revoked and is no longer valid." in page


def test_an_expired_certificate_says_so(app, client):
    add_documents(app, valid_days=90, issued_days_ago=91)
    page = main_of(client.get(f"/verify?code={CERTIFICATE_CODE}", headers=EN))
    assert "Expired" in page and "govuk-tag--grey" in page
    with app.app_context():
        result = verify(CERTIFICATE_CODE)
        assert result.status is VerificationStatus.EXPIRED and result.authentic


def test_an_unknown_and_a_tampered_code_get_the_same_answer(app, client):
    add_documents(app)
    tampered = DECISION_CODE[:-1] + ("A" if DECISION_CODE[-1] != "A" else "B")
    invalid_character = DECISION_CODE[:-1] + "O"  # not in Crockford's alphabet
    answers = []
    for code in ("ZZZZZZZZZZZZZZZZZZZZ", tampered, invalid_character, "x" * 500):
        response = client.get("/verify", query_string={"code": code}, headers=EN)
        assert response.status_code == 200
        page = main_of(response).replace(code, "CODE")  # the field shows what was typed
        assert NOT_FOUND in page and "The document is authentic" not in page
        answers.append(page)
    assert len(set(answers)) == 1
    with app.app_context():
        assert verify(tampered) is None and verify(invalid_character) is None


def test_lower_case_spaces_and_hyphens_are_ignored(app, client):
    add_documents(app)
    typed = " " + "-".join(DECISION_CODE[i : i + 4] for i in range(0, 20, 4)).lower().replace("-", " - ", 1)
    response = client.get("/verify", query_string={"code": typed}, headers=EN)
    assert "The document is authentic" in main_of(response)
    assert normalise(" 7k3q-m9tw 2hxb ") == "7K3QM9TW2HXB"
    assert normalise("7K3Q_M9TW") is None and normalise("ILOU") is None and normalise("") is None


def test_lookups_are_rate_limited_with_the_translated_page(make_app):
    app = make_app(RATELIMIT_VERIFY="3 per minute")
    client = app.test_client()
    statuses = [client.get(f"/verify?code=ABCD{i}").status_code for i in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/verify?code=ABCD", headers=EN)
    assert limited.status_code == 429 and "Too many requests" in limited.get_data(as_text=True)
    assert client.get("/verify").status_code == 200  # the empty form is not a lookup


def test_nothing_personal_is_logged(app, client, caplog):
    add_documents(app)
    with caplog.at_level("DEBUG"):
        client.get(f"/verify?code={DECISION_CODE}")
        client.get(f"/verify?code={CERTIFICATE_CODE}")
    logged = caplog.text
    for personal in ("Jaak", "Jõeorg", CODE, DECISION_CODE, CERTIFICATE_CODE):
        assert personal not in logged
