"""The jobseeker's record: registration writes it, the person changes it on "my profile", and the
code that contacts the person reads it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.jobs import huey
from portal.models import AuditEvent, AuditTag, Decision, JobseekerProfile, OccupationSource, Registration
from portal.services import jobseeker_profile
from portal.services.profile_page import ProfileSummary, profile_summary
from tests.conftest import empty_tables
from tests.eid import persona, signed_in
from tests.forms import submit

EN = {"Accept-Language": "en"}


@pytest.fixture
def registered(make_app, app):
    """The typical unemployed persona, registered through the journey with every default."""
    huey.flush()
    person_app, client = signed_in(make_app, persona("unemployed").code)
    page = client.get("/jobseeker/registration/", headers=EN)
    response = submit(client, page, headers=EN)
    while response.status_code == 303 and "/confirmation/" not in response.headers["Location"]:
        page = client.get(response.headers["Location"], headers=EN)
        path = page.request.path
        if path.endswith("/contact"):
            response = submit(
                client, page, {"phone": "+372 5123 4567", "email": "jaak@example.ee"}, headers=EN
            )
        elif path.endswith(("/check", "/occupations")):
            response = submit(client, page, button=("action", "continue"), headers=EN)
        else:
            response = submit(client, page, headers=EN)
    yield person_app, client
    huey.flush()
    with person_app.app_context():
        empty_tables()


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def record_of(app) -> JobseekerProfile:
    with app.app_context():
        record = db.session.scalars(select(JobseekerProfile)).one()
        # Load the rows while the session is open.
        record.occupations, record.places, record.languages  # noqa: B018
        return record


def test_registration_writes_the_record_with_rows(registered):
    app, _client = registered
    record = record_of(app)
    assert (record.email, record.phone) == ("jaak@example.ee", "+372 5123 4567")
    assert record.notice_language == "en"  # the page's language, preselected on the contact page
    assert record.occupations, "the suggested occupation was kept"
    assert OccupationSource.TAX_REGISTER in {row.source for row in record.occupations}
    assert record.places and record.language_codes == ["en"]
    assert record.education_level is not None  # the education register's highest ISCED level
    with app.app_context():
        registration = db.session.scalars(select(Registration)).one()
        assert jobseeker_profile.contact_of(registration.person_id) == ("jaak@example.ee", "+372 5123 4567")
        assert jobseeker_profile.notice_language(registration.person_id) == "en"
        # The decision's facts take each register's X-Road-Id from the typed snapshot.
        decision = db.session.scalars(select(Decision)).one()
        for name, xroad_id in registration.snapshot.message_ids().items():
            assert decision.facts[name]["xroad_id"] == xroad_id
        assert registration.snapshot.section("population").xroad_id


def test_the_person_changes_contact_and_work_on_my_profile(registered):
    app, client = registered
    page = client.get("/jobseeker/profile", headers=EN)
    assert page.status_code == 200 and "jaak@example.ee" in text(page)

    contact = client.get("/jobseeker/profile/contact", headers=EN)
    invalid = submit(client, contact, {"email": "not an address"}, headers=EN)
    assert invalid.status_code == 400  # the journey's validation
    assert "Enter an email address in the correct format" in text(invalid)
    saved = submit(client, contact, {"email": "jaak.new@example.ee", "notice_language": "et"}, headers=EN)
    assert saved.status_code == 303
    record = record_of(app)
    assert (record.email, record.notice_language) == ("jaak.new@example.ee", "et")

    occupations = client.get("/jobseeker/profile/occupations", headers=EN)
    searched = submit(client, occupations, {"q": "5120"}, button=("action", "search"), headers=EN)
    assert searched.status_code == 200
    assert "5120" in text(searched)
    saved = submit(client, searched, {"occupations": ["5120"]}, button=("action", "continue"), headers=EN)
    assert saved.status_code == 303
    assert record_of(app).occupation_codes == ["5120"]
    assert record_of(app).occupations[0].source is OccupationSource.DECLARED

    preferences = client.get("/jobseeker/profile/preferences", headers=EN)
    saved = submit(client, preferences, {"working_time": "part", "places": ["remote"]}, headers=EN)
    assert saved.status_code == 303
    record = record_of(app)
    assert record.working_time.value == "part" and record.remote and record.municipality_codes == []
    shown = client.get(saved.headers["Location"], headers=EN)
    assert "Part-time" in text(shown) and "Your profile has been saved" in text(shown)
    with app.app_context():
        changes = db.session.scalars(
            select(AuditEvent).where(AuditEvent.tag == AuditTag.PROFILE_UPDATE)
        ).all()
        assert len(changes) == 3


def test_the_person_adds_a_driving_licence_and_a_wage_expectation(registered):
    app, client = registered
    page = client.get("/jobseeker/profile/other-details", headers=EN)
    refused = submit(client, page, {"wage_expectation": "about 1500"}, headers=EN)
    assert refused.status_code == 400 and "whole number of euros" in text(refused)
    saved = submit(client, page, {"driving_licence": ["B", "C"], "wage_expectation": "1500"}, headers=EN)
    assert saved.status_code == 303
    record = record_of(app)
    assert (record.driving_licence, record.wage_expectation) == ("B,C", 1500)
    shown = text(client.get("/jobseeker/profile", headers=EN))
    assert "B, C" in shown and "1500 euros a month" in shown


def test_a_stale_profile_page_is_refused_and_keeps_what_was_typed(registered):
    _app, client = registered
    first = client.get("/jobseeker/profile/contact", headers=EN)
    second = client.get("/jobseeker/profile/contact", headers=EN)
    assert submit(client, first, {"phone": "+372 5000 0001"}, headers=EN).status_code == 303
    refused = submit(client, second, {"phone": "+372 5000 0002"}, headers=EN)
    assert refused.status_code == 400 and "changed in another window" in text(refused)
    assert "+372 5000 0002" in text(refused)
    again = submit(client, refused, {}, headers=EN)  # the reloaded version saves
    assert again.status_code == 303


def test_there_is_no_profile_before_registration(make_app, app):
    _app, client = signed_in(make_app, persona("unemployed").code)
    assert client.get("/jobseeker/profile", headers=EN).status_code == 404


def test_my_profile_reads_what_the_record_holds_in_one_statement(registered):
    app, client = registered
    record = record_of(app)
    with app.test_request_context():
        found = profile_summary(record.person_id)
        assert found is not None
        for name in ProfileSummary._fields:
            assert getattr(found, name) == getattr(record, name), name
        assert found.contracts == record.contracts
        assert found.occupation_codes and found.municipality_codes and found.language_codes
        assert profile_summary(record.person_id + 1000) is None
    assert client.get("/jobseeker/profile", headers=EN).status_code == 200
