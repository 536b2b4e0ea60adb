"""The registration journey against the register simulators, path by path."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    Certificate,
    Decision,
    NotificationState,
    OutboundNotification,
    RegistrationDraft,
    RegistrationKind,
    RegistrationState,
    XRoadQuery,
)
from portal.queue import huey
from tests.conftest import empty_tables
from tests.eid import persona, signed_in
from tests.forms import submit
from tests.journeys import EN, complete, follow, registrations, same_browser_on, text


def test_a_typical_person_is_registered_automatically_and_gets_a_certificate(start):
    app, client, started = start("unemployed")
    done, pages = complete(client, started)
    assert "You are registered" in text(done)
    assert pages[-1].startswith("/jobseeker/registration/confirmation/REG-")
    [registration] = registrations(app)
    assert registration.state is RegistrationState.REGISTERED
    assert registration.kind is RegistrationKind.UNEMPLOYED
    assert registration.review_reasons == []
    with app.app_context():
        decision = db.session.scalars(select(Decision)).one()
        assert decision.automated_rule and decision.issued_by_staff_id is None
        # The facts name the X-Road messages that brought the data, as the query log has them.
        logged = {row.xroad_id for row in db.session.scalars(select(XRoadQuery))}
        for name in ("population", "education", "employment", "health_insurance"):
            assert decision.facts[name]["xroad_id"] in logged
        certificate = db.session.scalars(select(Certificate)).one()
        assert re.fullmatch(r"EE-\d{4}-[0-9A-Z]{8}", certificate.number)
        states = {n.kind.value: n.state for n in db.session.scalars(select(OutboundNotification))}
        assert states == {
            "health_coverage": NotificationState.ACCEPTED,
            "social_assistance_status": NotificationState.ACCEPTED,
        }
        assert db.session.scalar(select(func.count()).select_from(RegistrationDraft)) == 0
    page = text(client.get(f"/jobseeker/decisions/{decision.id}", headers=EN))
    assert "Data used in this decision" in page and decision.facts["population"]["xroad_id"] in page
    home = text(client.get("/jobseeker/", headers=EN))
    assert "Registered" in home and certificate.number in home and "Accepted" in home
    # The PES tells other institutions the same, over X-Road.
    status = client.get(
        f"/xroad/pes/v1/jobseekers/{persona('unemployed').code}",
        headers={"X-Road-Client": "DEV/GOV/70000005/sas"},
    )
    assert (
        status.json["status"] == "REGISTERED" and status.json["certificate"]["number"] == certificate.number
    )


def test_the_typical_path_types_two_fields_and_passes_at_most_seven_pages(start):
    _app, client, started = start("unemployed")
    _done, pages = complete(client, started)
    # start, check, contact, occupations, preferences, review, confirmation
    assert len(pages) <= 7, pages


def test_a_correction_is_kept_beside_the_register_value_and_sends_it_to_a_counsellor(start):
    app, client, started = start("unemployed")
    follow(client, started)
    correct = client.get("/jobseeker/registration/correct/population/address", headers=EN)
    assert correct.status_code == 200
    saved = submit(client, correct, {"declared": "Tartu, Rüütli 1-2"}, headers=EN)
    check = follow(client, saved)
    assert "Tartu, Rüütli 1-2" in text(check) and "Declared by you" in text(check)
    done, _pages = complete(client, saved)
    [registration] = registrations(app)
    assert registration.state is RegistrationState.PENDING
    assert registration.review_reasons == ["correction:population.address"]
    assert registration.snapshot.section("population").values.address != "Tartu, Rüütli 1-2"  # kept
    assert registration.answers["corrections"]["population.address"]["declared"] == "Tartu, Rüütli 1-2"
    assert "decides by" in text(done)


def test_an_employed_person_may_register_only_as_a_jobseeker(start):
    app, client, started = start("employed")
    _done, pages = complete(client, started)
    assert any(path.endswith("/situation") for path in pages)
    [registration] = registrations(app)
    assert registration.kind is RegistrationKind.JOBSEEKER
    assert registration.state is RegistrationState.REGISTERED
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Certificate)) == 0


@pytest.mark.parametrize(
    ("key", "heading"),
    [
        ("deceased", "You cannot register online"),
        ("minor", "You are too young to register as a jobseeker"),
        ("pension-age", "You cannot register as unemployed after pension age"),
    ],
)
def test_people_who_cannot_register_get_an_explanation_not_a_crash(start, key, heading):
    app, client, started = start(key)
    page = follow(client, started)
    assert page.request.path == "/jobseeker/registration/not-possible"
    assert heading in text(page) and "Contact the employment service" in text(page)
    assert registrations(app) == []


def test_a_person_unknown_to_the_population_register_is_told_so(make_app):
    app, client = signed_in(make_app, "39912310174")  # a valid code nobody holds
    started = submit(client, client.get("/jobseeker/registration/", headers=EN), headers=EN)
    page = follow(client, started)
    assert "We could not find you in the population register" in text(page)
    with app.app_context():
        empty_tables()


def test_a_register_that_is_down_becomes_manual_entry_and_a_counsellor_checks_it(start):
    app, client, started = start(
        "unemployed", XROAD_FAULTS="education:xroad_error=Server.ServerProxy.DatabaseError", XROAD_RETRIES=0
    )
    check = follow(client, started)
    assert "Some registers did not answer" in text(check)
    # The register is asked again in the background, later (not while the person waits).
    with app.app_context():
        assert [task.name for task in huey.scheduled()][-1].endswith("refetch_failed_sections")
    refused = submit(client, check, button=("action", "continue"), headers=EN)
    assert refused.status_code == 400 and "Tell us yourself" in text(refused)
    manual = client.get("/jobseeker/registration/enter/education", headers=EN)
    saved = submit(client, manual, {"highest": "Master's degree in informatics"}, headers=EN)
    check = follow(client, saved)
    assert "To be verified" in text(check)
    _done, _pages = complete(client, saved)
    [registration] = registrations(app)
    assert registration.state is RegistrationState.PENDING
    assert "manual:education" in registration.review_reasons


def test_asking_the_registers_again_fills_in_what_was_missing(make_app, start):
    app, client, started = start(
        "unemployed", XROAD_FAULTS="education:xroad_error=Server.ServerProxy.DatabaseError", XROAD_RETRIES=0
    )
    follow(client, started)
    # The register recovers: the same browser session on a portal without the fault.
    with app.app_context():
        draft = db.session.scalars(select(RegistrationDraft)).one()
        assert draft.snapshot.section("education").failed
    _recovered, recovered_client = same_browser_on(make_app, client)
    check = recovered_client.get("/jobseeker/registration/check", headers=EN)
    again = submit(recovered_client, check, button=("action", "retry"), headers=EN)
    check = follow(recovered_client, again)
    assert "Some registers did not answer" not in text(check)
    with app.app_context():
        draft = db.session.scalars(select(RegistrationDraft)).one()
        assert draft.snapshot.section("education").ok


def test_a_double_submit_creates_one_registration(start):
    app, client, started = start("unemployed")
    page = follow(client, started)
    while not page.request.path.endswith("/review"):
        if page.request.path.endswith("/check") or page.request.path.endswith("/occupations"):
            page = follow(client, submit(client, page, button=("action", "continue"), headers=EN))
        elif page.request.path.endswith("/contact"):
            page = follow(
                client, submit(client, page, {"phone": "5123 4567", "email": "a@example.ee"}, headers=EN)
            )
        else:
            page = follow(client, submit(client, page, headers=EN))
    first = submit(client, page, headers=EN)
    second = submit(client, page, headers=EN)  # the same page sent again: a double click
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert len(registrations(app)) == 1


def test_two_tabs_cannot_overwrite_each_other(start):
    _app, client, started = start("unemployed")
    check = follow(client, started)
    contact = follow(client, submit(client, check, button=("action", "continue"), headers=EN))
    stale = contact  # a second tab holding the same version
    follow(client, submit(client, contact, {"phone": "5123 4567", "email": "first@example.ee"}, headers=EN))
    conflict = submit(client, stale, {"phone": "5999 9999", "email": "second@example.ee"}, headers=EN)
    assert conflict.status_code == 400
    assert "changed in another window" in text(conflict)
    assert "5999 9999" in text(conflict)  # what the person typed is still on the page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"phone": "", "email": "a@example.ee"}, "Enter a phone number"),
        ({"phone": "call me", "email": "a@example.ee"}, "Enter a phone number, like"),
        ({"phone": "5123 4567", "email": "not-an-address"}, "Enter an email address in the correct format"),
    ],
)
def test_contact_details_are_validated_with_specific_messages(start, typed, message):
    _app, client, started = start("unemployed")
    check = follow(client, started)
    contact = follow(client, submit(client, check, button=("action", "continue"), headers=EN))
    refused = submit(client, contact, typed, headers=EN)
    assert refused.status_code == 400
    assert "There is a problem" in text(refused) and message in text(refused)


def test_occupations_can_be_searched_without_javascript_and_with_htmx(start):
    _app, client, _started = start("unemployed")
    fragment = client.get("/jobseeker/registration/occupations/search?q=software", headers=EN)
    assert "2512" in fragment.get_data(as_text=True)
    everyday = client.get("/jobseeker/registration/occupations/search?q=Warehouse", headers=EN)
    assert 'value="4321"' in everyday.get_data(as_text=True)  # "warehouse worker": Stock clerks
    client.get("/jobseeker/registration/check", headers=EN)


def test_an_already_registered_person_sees_the_registration_not_a_new_form(start):
    _app, client, started = start("unemployed")
    complete(client, started)
    again = client.get("/jobseeker/registration/", headers=EN)
    assert again.status_code == 303 and again.headers["Location"].endswith("/jobseeker/")


def _occupations_page(client, started):
    check = follow(client, started)
    contact = follow(client, submit(client, check, button=("action", "continue"), headers=EN))
    return follow(
        client, submit(client, contact, {"phone": "5123 4567", "email": "a@example.ee"}, headers=EN)
    )


def test_the_search_button_without_javascript_lets_the_person_continue(start):
    _app, client, started = start("unemployed")
    occupations = _occupations_page(client, started)
    assert occupations.request.path.endswith("/occupations")
    searched = submit(client, occupations, {"q": "software"}, button=("action", "search"), headers=EN)
    assert searched.status_code == 200 and "changed in another window" not in text(searched)
    # Enter in the search box sends the form with the first button: searching twice works too.
    again = submit(client, searched, {"q": "analyst"}, button=("action", "search"), headers=EN)
    assert again.status_code == 200 and "changed in another window" not in text(again)
    onward = submit(client, again, {"occupations": ["2511"]}, button=("action", "continue"), headers=EN)
    assert onward.status_code == 303, text(onward)[:2000]
    assert onward.headers["Location"].endswith("/preferences")


def test_after_a_two_tab_conflict_the_reloaded_page_can_be_saved(start):
    _app, client, started = start("unemployed")
    check = follow(client, started)
    contact = follow(client, submit(client, check, button=("action", "continue"), headers=EN))
    follow(client, submit(client, contact, {"phone": "5123 4567", "email": "first@example.ee"}, headers=EN))
    conflict = submit(client, contact, {"phone": "5999 9999", "email": "second@example.ee"}, headers=EN)
    assert conflict.status_code == 400 and "We have loaded the latest version" in text(conflict)
    saved = submit(client, conflict, headers=EN)  # the person checks the page and saves it again
    assert saved.status_code == 303, text(saved)[:2000]
