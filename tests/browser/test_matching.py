"""A counsellor finds candidates for a vacancy, filters them, selects two and proposes the
vacancy, in Chromium, with axe at WCAG 2.1 AA (and best practices) on every page of the way; the
jobseeker sees "Recommended for you" and changes whether they may be proposed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Offer, StaffRole
from portal.services.staff import add_staff
from tests.matching_data import jobseeker, vacancy

pytestmark = pytest.mark.browser

JAAN = "38001085718"
MARI = "49403136526"
TARTU, ELVA, TALLINN = "0793", "0171", "0784"


def sign_in(page, base: str, label: str) -> None:
    page.goto(base + "/login")
    page.get_by_label(label).check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/jobseeker/")


def test_a_counsellor_chooses_candidates_and_proposes(served, browser, check_accessibility):
    base, app = served
    with app.app_context():
        add_staff(app.extensions["profile"], MARI, StaffRole.COUNSELLOR, "Tallinn")
        job = vacancy("2512", (TARTU,), title="Software developer", languages=(("et", "B2"),))
        jobseeker("Anu", ("2512",), home=TARTU, languages=(("et", "C1"),), assistance="II")
        jobseeker("Berit", ("2512",), home=ELVA, languages=(("et", "native"),))
        jobseeker("Carl", ("2511",), home=TALLINN)

    counsellor = browser.new_context(locale="en-GB").new_page()
    sign_in(counsellor, base, f"Mari-Liis Männik ({MARI})")
    counsellor.goto(base + "/roles")
    counsellor.get_by_label("Counsellor").check()
    counsellor.get_by_role("button", name="Continue").click()
    counsellor.wait_for_url("**/back-office/")

    counsellor.goto(f"{base}/back-office/vacancies/{job.id}/candidates")
    main = counsellor.locator("main")
    assert "Same occupation: Software developers (2512)" in main.inner_text()
    check_accessibility(counsellor)

    counsellor.get_by_label("Social assistance beneficiaries first").check()
    counsellor.get_by_role("button", name="Apply filters").click()
    counsellor.wait_for_url("**/candidates?*assistance_first=1*")
    check_accessibility(counsellor)

    counsellor.get_by_role("button", name="Propose the vacancy to the selected people").click()  # nobody
    counsellor.wait_for_load_state()
    assert counsellor.get_by_role(
        "link", name="Select at least one person to propose the vacancy to"
    ).is_visible()
    check_accessibility(counsellor)

    counsellor.get_by_label("Anu Test", exact=False).check()
    counsellor.get_by_label("Berit Test", exact=False).check()
    counsellor.get_by_role("button", name="Propose the vacancy to the selected people").click()
    counsellor.wait_for_url(f"**/back-office/vacancies/{job.id}/candidates*")
    assert "The vacancy was proposed to 2 people" in main.inner_text()
    assert "Anu Test" not in main.inner_text()  # an open offer now
    check_accessibility(counsellor)
    with app.app_context():
        assert len(db.session.scalars(select(Offer).where(Offer.vacancy_id == job.id)).all()) == 2


def test_a_jobseeker_sees_recommendations_and_opts_out(served, browser, check_accessibility):
    base, app = served
    person = browser.new_context(locale="en-GB").new_page()
    sign_in(person, base, f"Jaak-Kristjan Jõeorg ({JAAN})")
    with app.app_context():
        jobseeker("Jaak", ("2512",), home=TARTU, national_code=JAAN)
        vacancy("2512", (TARTU,), title="Developer in Tartu")

    person.goto(base + "/jobseeker/")
    assert "Developer in Tartu" in person.locator("main").inner_text()
    check_accessibility(person)
    person.goto(base + "/jobseeker/profile/proposals")
    check_accessibility(person)
    person.get_by_label("No, I will look for vacancies myself").check()
    person.get_by_role("button", name="Save changes").click()
    person.wait_for_url("**/jobseeker/profile?saved=1")
    assert "No, I look for vacancies myself" in person.locator("main").inner_text()
    check_accessibility(person)
