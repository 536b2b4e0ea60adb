"""A jobseeker finds a vacancy by search and saves the search, in Chromium, with axe at WCAG 2.1 AA
(and best practices) on every page of the way; with JavaScript the results follow the filters
(htmx) and Back returns to the previous search."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    JobseekerProfile,
    Person,
    SavedSearch,
)
from tests.vacancies import seed_bus_vacancies

pytestmark = pytest.mark.browser

JAAN = "38001085718"


def test_a_jobseeker_finds_a_vacancy_and_saves_the_search(served, browser, check_accessibility):
    base, app = served
    seed_bus_vacancies(app)

    page = browser.new_context(locale="en-GB").new_page()
    page.goto(base + "/")
    page.get_by_role("link", name="Browse vacancies").click()
    page.wait_for_url("**/jobs")
    check_accessibility(page)
    assert page.get_by_role("status").inner_text() == "3 vacancies"

    # With JavaScript: typing and choosing filters update the results and the address (htmx).
    page.get_by_label("Search vacancies").fill("BUSSIJUHT")
    page.wait_for_url("**/jobs?q=BUSSIJUHT")  # the address names only what was chosen
    page.get_by_role("status").filter(has_text="2 vacancies").wait_for()
    page.get_by_label("County").select_option(label="Tartu maakond")
    page.wait_for_url("**/jobs?q=BUSSIJUHT&county=78")
    page.get_by_role("status").filter(has_text="1 vacancy").wait_for()
    assert page.get_by_role("link", name="Bussijuht Tartus").is_visible()
    check_accessibility(page)
    page.go_back()
    page.wait_for_url("**/jobs?q=BUSSIJUHT")
    page.get_by_role("status").filter(has_text="2 vacancies").wait_for()

    # Saving needs a signed-in jobseeker: the link comes back to the same search.
    page.get_by_role("link", name="Sign in to save this search").click()
    page.get_by_label(f"Jaak-Kristjan Jõeorg ({JAAN})").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/jobs?q=BUSSIJUHT")
    with app.app_context():
        person_id = db.session.scalar(select(Person.id).where(Person.national_code == JAAN))
        with db.write() as session:
            session.add(JobseekerProfile(person_id=person_id, email="jaak@example.ee"))
    check_accessibility(page)
    page.get_by_role("button", name="Save this search and get e-mails of new vacancies").click()
    page.wait_for_url("**/jobseeker/saved-searches")
    assert "Search saved" in page.get_by_role("alert").inner_text()
    check_accessibility(page)
    page.get_by_role("link", name="Words: BUSSIJUHT").click()
    page.wait_for_url("**/jobs?q=BUSSIJUHT")
    page.get_by_role("link", name="Bussijuht", exact=True).click()
    page.wait_for_url("**/jobs/*")
    assert page.locator("h1").inner_text() == "Bussijuht"
    with app.app_context():
        saved = db.session.scalars(select(SavedSearch)).one()
        assert saved.query == {"q": "BUSSIJUHT"} and saved.alerts
