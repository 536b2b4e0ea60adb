"""Issue 10 defects 9 and 13: what the person entered stays visible beside the register, and the
correction page says what is corrected and what the register says."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.jobs.registration import refetch_failed_sections
from portal.models import Registration, RegistrationDraft, RegistrationState
from tests.forms import submit
from tests.jobs.conftest import add_registration
from tests.journeys import EN, complete, follow, registrations, same_browser_on, text

FAILED = {"status": "failed", "values": {}, "read_at": "2026-11-26T08:00:00+00:00", "error": "XRoadTimeout"}


def test_the_correction_page_names_the_item_and_shows_the_registers_value(start):
    """Defect 13."""
    app, client, started = start("unemployed")
    follow(client, started)
    with app.app_context():
        draft = db.session.scalars(select(RegistrationDraft)).one()
        address = draft.snapshot.section("population").values.address
    page = client.get("/jobseeker/registration/correct/population/address", headers=EN)
    assert page.status_code == 200
    shown = " ".join(re.sub(r"<[^>]+>", " ", page.get_data(as_text=True)).split())
    assert "What you are correcting Address" in shown
    assert f"The register says {address}" in shown


def test_a_manual_entry_survives_the_background_reread_and_the_counsellor_sees_it(start, make_app, client_as):
    """Defect 9: the population register was down, the person typed an address; the background
    re-read finds another address. The entry stays, the difference goes to a counsellor, and the
    case page shows both."""
    _app, client, started = start("unemployed", XROAD_FAULTS="population:status=503", XROAD_RETRIES=0)
    check = follow(client, started)
    enter = client.get("/jobseeker/registration/enter/population", headers=EN)
    saved = submit(client, enter, {"address": "Somewhere Else 1, Tartu"}, headers=EN)
    assert saved.status_code == 303
    recovered, recovered_client = same_browser_on(make_app, client)
    with recovered.app_context():
        draft_id = db.session.scalars(select(RegistrationDraft.id)).one()
        refetch_failed_sections(draft_id=draft_id)  # the register answers again
        draft = db.session.get(RegistrationDraft, draft_id, populate_existing=True)
        assert draft.snapshot.section("population").ok
        assert draft.answers["manual"]["population"] == {"address": "Somewhere Else 1, Tartu"}
    check = recovered_client.get("/jobseeker/registration/check", headers=EN)
    assert "Somewhere Else 1, Tartu" in text(check)  # the person still sees what they told us
    _done, _pages = complete(
        recovered_client, submit(recovered_client, check, button=("action", "continue"), headers=EN)
    )
    [registration] = registrations(recovered)
    assert "register_differs:population" in registration.review_reasons

    counsellor = client_as("counsellor")
    case = counsellor.get(f"/back-office/registrations/{registration.id}", headers=EN)
    assert case.status_code == 200
    assert "Somewhere Else 1, Tartu" in text(case)  # what the person entered, beside the register
    assert "now says something else" in text(case)


def test_after_the_reread_of_a_registration_the_case_shows_the_persons_entry(app, client_as):
    """Defect 9, the submitted registration: the re-read stores the register's answer and the case
    page still shows what the person entered in its place."""
    with app.app_context():
        registration_id, _ = add_registration(
            state=RegistrationState.PENDING,
            register_data={"sections": {"population": FAILED}},
            answers={"manual": {"population": {"address": "Somewhere Else 1, Tartu"}}},
            notify=False,
        )
        refetch_failed_sections(registration_id=registration_id)
        registration = db.session.get(Registration, registration_id, populate_existing=True)
        assert registration.snapshot.section("population").ok
        assert registration.review_reasons == ["register_differs:population"]
    counsellor = client_as("counsellor")
    case = counsellor.get(f"/back-office/registrations/{registration_id}", headers=EN)
    assert case.status_code == 200
    assert "now says something else" in text(case)
    assert "Somewhere Else 1, Tartu" in text(case)
