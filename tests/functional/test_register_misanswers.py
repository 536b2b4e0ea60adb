"""A register that answers wrong, through the whole registration journey: another person's record
is discarded, logged as a security event with its X-Road message id, and the person enters the
data themselves; nothing is decided on it."""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    AuditTag,
    Decision,
    Registration,
    RegistrationDraft,
    RegistrationState,
    XRoadQuery,
)
from portal.simulators.registers.population import population, utc_today
from tests.conftest import empty_tables
from tests.eid import persona, signed_in
from tests.forms import submit

EN = {"Accept-Language": "en"}


@pytest.fixture
def start(make_app, app):
    apps = []

    def begin(key: str, **settings):
        app, client = signed_in(make_app, persona(key).code, **settings)
        apps.append(app)
        page = client.get("/jobseeker/registration/", headers=EN)
        return app, client, submit(client, page, headers=EN)

    yield begin
    if apps:
        with apps[0].app_context():
            empty_tables()


@pytest.fixture
def security_log():
    """What the portal's security logger says (the portal's logger does not propagate to pytest)."""
    messages: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Keep(logging.WARNING)
    logger = logging.getLogger("portal.security")
    logger.addHandler(handler)
    yield messages
    logger.removeHandler(handler)


def follow(client, response):
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    return client.get(response.headers["Location"], headers=EN)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def neighbour_of(code: str, settings) -> object:
    """The person the simulator's `other_person` fault answers with: the next known code."""
    people = population("EE", settings["XROAD_SIMULATOR_SEED"], utc_today()).persons
    codes = sorted(people)
    return people[next(c for c in codes[codes.index(code) + 1 :] + codes if c != code)]


@pytest.mark.parametrize("fault", ["other_person", "crossed"])
def test_another_persons_record_is_discarded_logged_and_entered_by_hand(start, security_log, fault):
    me = persona("unemployed")
    app, client, started = start("unemployed", XROAD_FAULTS=f"population:{fault}", XROAD_RETRIES=0)
    other = neighbour_of(me.code, app.config["PORTAL"])
    check = follow(client, started)
    page = text(check)
    # Nothing of the other person reaches the page.
    assert other.family_name not in page and other.given_names not in page
    assert other.residence is None or other.residence.address_line not in page
    assert "Some registers did not answer" in page
    with app.app_context():
        draft = db.session.scalars(select(RegistrationDraft)).one()
        section = draft.prefill["sections"]["population"]
        assert (section["status"], section["values"], section["error"]) == ("failed", {}, "IdentityMismatch")
        [query] = db.session.scalars(select(XRoadQuery).where(XRoadQuery.operation == "getPerson"))
        assert query.outcome == "identity_mismatch"
        [event] = db.session.scalars(
            select(AuditEvent).where(AuditEvent.tag == AuditTag.REGISTER_IDENTITY_MISMATCH)
        )
        assert event.details["xroad_id"] == query.xroad_id and event.subject_person_id == draft.person_id
    assert any(query.xroad_id in message for message in security_log)
    # The person enters the address; a counsellor decides, never the automatic rule.
    manual = client.get("/jobseeker/registration/enter/population", headers=EN)
    saved = submit(client, manual, {"address": "Pikk 1, Tallinn"}, headers=EN)
    page = follow(client, saved)
    while True:
        path = page.request.path
        if path.endswith(("/check", "/occupations")):
            response = submit(client, page, button=("action", "continue"), headers=EN)
        elif path.endswith("/contact"):
            response = submit(
                client, page, {"phone": "+372 5123 4567", "email": "jaak@example.ee"}, headers=EN
            )
        elif path.endswith("/preferences"):  # no home municipality known: pick a place
            response = submit(client, page, {"places": "remote"}, headers=EN)
        elif path.endswith(("/situation", "/review")):
            response = submit(client, page, headers=EN)
        else:
            break
        page = follow(client, response)
    assert "/confirmation/" in page.request.path
    with app.app_context():
        [registration] = db.session.scalars(select(Registration))
        assert registration.state is RegistrationState.PENDING
        assert "manual:population" in registration.review_reasons
        assert db.session.scalars(select(Decision)).all() == []
        assert other.family_name not in str(registration.register_data)


def test_an_80_megabyte_answer_becomes_manual_entry_after_reading_at_most_the_cap(start):
    app, client, started = start("unemployed", XROAD_FAULTS="education:huge=80", XROAD_RETRIES=0)
    check = follow(client, started)
    assert "Some registers did not answer" in text(check)
    with app.app_context():
        draft = db.session.scalars(select(RegistrationDraft)).one()
        section = draft.prefill["sections"]["education"]
        assert (section["status"], section["error"]) == ("failed", "MalformedResponse")
    assert (
        app.extensions["register_simulator"].extensions["register_simulator"].streamed_bytes < 3 * 1024 * 1024
    )
