"""The registration journey for people whose register answers are unusual but real: a refusal the
register has since corrected, no registered residence, ended or category I social assistance, an
education abroad, an old certificate."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import Certificate, InboxMessage, RegistrationDraft, RegistrationState
from tests.forms import submit
from tests.journeys import EN, complete, follow, registrations, same_browser_on, text


def test_a_refusal_is_assessed_again_when_the_person_returns_after_the_register_is_fixed(make_app, start):
    app, client, started = start("unemployed", XROAD_FAULTS="population:status=404", XROAD_RETRIES=0)
    refused = follow(client, started)
    assert "We could not find you in the population register" in text(refused)
    # The population register corrects its record; the person comes back to the journey's start.
    _fixed, browser = same_browser_on(make_app, client)
    start_page = browser.get("/jobseeker/registration/", headers=EN)
    assert "Continue your registration" in text(start_page)
    check = browser.get("/jobseeker/registration/check", headers=EN)
    assert check.status_code == 200 and "Jaak-Kristjan" in text(check)
    with app.app_context():
        draft = db.session.scalars(select(RegistrationDraft)).one()
        assert draft.snapshot.section("population").ok


def test_a_person_without_a_registered_residence_gives_an_address_and_a_counsellor_decides(start):
    app, client, started = start("no-residence")
    check = follow(client, started)
    assert check.request.path.endswith("/check"), text(check)[:1500]
    refused = submit(client, check, button=("action", "continue"), headers=EN)
    assert refused.status_code == 400 and "Tell us yourself" in text(refused)
    manual = client.get("/jobseeker/registration/enter/population", headers=EN)
    assert manual.status_code == 200 and "no residence" in text(manual)
    saved = submit(client, manual, {"address": "Tallinn, Pärnu mnt 10-3"}, headers=EN)
    check = follow(client, saved)
    assert "Tallinn, Pärnu mnt 10-3" in text(check) and "To be verified" in text(check)
    complete(client, saved, typed={"preferences": {"places": ["remote"]}})
    [registration] = registrations(app)
    assert registration.state is RegistrationState.PENDING
    assert registration.review_reasons == ["no_residence:population"]
    assert registration.answers["manual"]["population"] == {"address": "Tallinn, Pärnu mnt 10-3"}


def test_a_person_educated_abroad_enters_their_education_themselves(start):
    app, client, started = start("unknown-to-education")
    check = follow(client, started)
    assert "This register holds no data about you." in text(check)
    assert "/jobseeker/registration/enter/education" in text(check)
    manual = client.get("/jobseeker/registration/enter/education", headers=EN)
    assert manual.status_code == 200 and "studied abroad" in text(manual)
    saved = submit(client, manual, {"highest": "Diploma of a technical school, Pskov"}, headers=EN)
    check = follow(client, saved)
    assert "Diploma of a technical school, Pskov" in text(check) and "Declared by you" in text(check)
    complete(client, saved)
    [registration] = registrations(app)
    assert registration.answers["manual"]["education"] == {"highest": "Diploma of a technical school, Pskov"}
    # Education is no condition of registration: declaring it does not hold the decision back.
    assert registration.state is RegistrationState.REGISTERED


def test_ended_social_assistance_is_not_shown_as_received(start):
    _app, client, started = start("sa-ended")
    check = follow(client, started)
    assert "You receive social assistance" not in text(check)
    assert "Your social assistance ended on" in text(check)
    review, _pages = complete(client, started, stop_at="review")
    assert "You receive social assistance" not in text(review)
    assert "Your social assistance ended on" in text(review)


def test_social_assistance_category_one_is_decided_by_a_counsellor(start):
    app, client, started = start("sa-category-1")
    # His last job ended in 2016: nothing is suggested, he chooses an occupation himself.
    done, _pages = complete(client, started, typed={"occupations": {"occupations": ["9112"]}})
    [registration] = registrations(app)
    assert registration.state is RegistrationState.PENDING
    assert registration.review_reasons == ["unable_to_work:social_assistance"]
    assert "decides by" in text(done)


def test_occupations_are_suggested_from_recent_jobs_only_and_say_where_they_come_from(start):
    _app, client, started = start("unemployed")
    occupations, _pages = complete(client, started, stop_at="occupations")
    page = occupations.get_data(as_text=True)
    checked = set(re.findall(r'name="occupations" type="checkbox" value="(\d{4})" checked', page))
    # Software developer until two months ago; not the 2011 forklift certificate, nor the systems
    # analyst job that ended in January 2021.
    assert checked == {"2512"}
    assert 'value="8344"' not in page and 'value="2511"' not in page
    assert "Your job at Põhjarannik OÜ, 2021–" in text(occupations)


def test_the_certificate_has_a_page_with_its_pdf_reached_from_home_and_the_inbox(start):
    app, client, started = start("unemployed")
    complete(client, started)
    with app.app_context():
        certificate = db.session.scalars(select(Certificate)).one()
        message = db.session.scalars(select(InboxMessage).where(InboxMessage.kind == "certificate")).one()
        number, code, certificate_id, message_id = (
            certificate.number,
            certificate.verification_code,
            certificate.id,
            message.id,
        )
    page_url = f"/jobseeker/certificates/{certificate_id}"
    assert f'href="{page_url}"' in client.get("/jobseeker/", headers=EN).get_data(as_text=True)
    opened = client.get(f"/jobseeker/inbox/{message_id}", headers={"Sec-Fetch-Site": "same-origin", **EN})
    assert opened.status_code == 303 and opened.headers["Location"] == page_url
    page = client.get(page_url, headers=EN)
    assert page.status_code == 200 and number in text(page) and code in text(page)
    pdf_url = re.search(r'href="(/jobseeker/certificates/\d+/pdf[^"]*)"', page.get_data(as_text=True)).group(
        1
    )
    pdf = client.get(pdf_url.replace("&amp;", "&"))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
