"""Every route by every kind of visitor: the guard answers as the route's access rule says."""

from __future__ import annotations

import pytest
from flask import Blueprint

from portal.models import Person
from portal.security import Access, access, rule_for_endpoint
from portal.web.records import load_owned

ROLES = ("anonymous", "jobseeker", "counsellor", "supervisor")
# Routes whose variables need a concrete value in the matrix.
SAMPLE_VALUES = {
    "code": "en",
    "personal_code": "38001085718",
    "number": "PES-2026-000001",
    "rest": "v1/nothing",
    "registration_id": 1,
    "decision_id": 1,
    "appeal_id": 1,
    "attachment_id": 1,
    "message_id": 1,
    "certificate_id": 1,
    "figure_key": "appeals",
    "training_id": 1,
    "request_id": 1,
    "measure_id": 1,
    "export_id": 1,
    "vacancy_id": 1,
    "case_id": 1,
    "plan_version": 1,
    "proposal_id": 1,
    "run_id": 1,
    "signal_id": 1,
    # Registration journey (another module's routes; listed here so the matrix reaches them).
    "section": "population",
    "item": "address",
    "reference": "REG-2026-00000000",
    # Offers, refusals and shortlists (docs/offers.md).
    "offer_id": 1,
    "person_id": 1,
    "refusal_id": 1,
    "candidate_id": 1,
    "token": "not-a-valid-token",  # a saved search's unsubscribe link: a forged one is a 404
    "search_id": 1,
    "meeting_id": 1,
}
ALLOWED = {
    Access.PUBLIC: set(ROLES),
    Access.XROAD: set(ROLES),
    Access.EMPLOYER: set(),  # the employer role is tested in tests/functional/test_employer_role.py
    Access.AUTHENTICATED: {"jobseeker", "counsellor", "supervisor"},
    Access.CITIZEN: {"jobseeker"},
    Access.STAFF: {"counsellor", "supervisor"},
    Access.SUPERVISOR: {"supervisor"},
}


def get_routes(app):
    urls = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or "GET" not in rule.methods:
            continue
        values = {name: SAMPLE_VALUES[name] for name in rule.arguments}
        yield rule.endpoint, urls.build(rule.endpoint, values)


@pytest.mark.parametrize("role", ROLES)
def test_every_get_route_answers_each_role_as_its_rule_says(eid_app, client_as, role):
    client = client_as(None if role == "anonymous" else role)
    checked = 0
    for endpoint, path in get_routes(eid_app):
        rule = rule_for_endpoint(eid_app, endpoint)
        response = client.get(path)
        if role in ALLOWED[rule]:
            # Allowed: the view itself answers (a bare callback is a 400 page, which is its answer).
            assert response.status_code not in (401, 403), (endpoint, role, response.status_code)
            assert not response.headers.get("Location", "").startswith("/login?next="), (endpoint, role)
        elif role == "anonymous":
            assert response.status_code == 303 and "/login?next=" in response.headers["Location"], endpoint
        else:
            assert response.status_code == 403, (endpoint, role, response.status_code)
        checked += 1
    assert checked >= 8


def test_staff_signed_in_below_high_assurance_cannot_open_the_back_office(client_as):
    client = client_as("counsellor", acr="substantial")
    response = client.get("/back-office/", headers={"Accept-Language": "en"})
    assert response.status_code == 403
    assert "Staff pages need a stronger sign-in" in response.get_data(as_text=True)


def test_role_switch_is_checked_against_the_staff_table(eid_app, client_as):
    import re

    from portal.services.staff import remove_staff

    client = client_as("counsellor")
    assert client.get("/back-office/").status_code == 200
    with eid_app.app_context():
        remove_staff(eid_app.extensions["profile"], "49403136526")
    page = client.get("/roles").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    refused = client.post("/roles", data={"role": "counsellor", "csrf_token": token})
    assert refused.status_code == 400


@pytest.fixture
def record_app(eid_app):
    probe = Blueprint("records_probe", __name__)

    @probe.get("/probe-person/<int:person_id>")
    @access(Access.AUTHENTICATED)
    def person_page(person_id: int):
        person = load_owned(Person, person_id, owner=Person.id)
        return person.full_name

    eid_app.register_blueprint(probe)
    return eid_app


def test_records_are_loaded_only_for_those_allowed(record_app, client_as):
    from sqlalchemy import select

    from portal.extensions import db

    jobseeker = client_as("jobseeker")
    with record_app.app_context():
        other = Person(country="EE", national_code="49403136526", given_name="Mari", family_name="M")
        db.session.add(other)
        db.session.commit()
        own_id = db.session.scalar(select(Person.id).where(Person.national_code == "38001085718"))
        other_id = other.id
    assert jobseeker.get(f"/probe-person/{own_id}").get_data(as_text=True) == "Jaak-Kristjan Jõeorg"
    assert jobseeker.get(f"/probe-person/{other_id}").status_code == 404
    assert jobseeker.get("/probe-person/999999").status_code == 404


def test_staff_removed_from_the_staff_table_lose_the_back_office_at_once(eid_app, client_as):
    from portal.services.staff import remove_staff

    client = client_as("counsellor")
    assert client.get("/back-office/").status_code == 200
    with eid_app.app_context():
        remove_staff(eid_app.extensions["profile"], "49403136526")
    assert client.get("/back-office/").status_code == 403
    assert client.get("/jobseeker/").status_code == 200  # still signed in, as a citizen
