"""In Chromium: a signed-in jobseeker saves and removes vacancies with JavaScript (htmx swaps the
button in place, keeps the focus on it and announces the change) from a vacancy's page, from the
search results and on their list; axe at WCAG 2.1 AA and best practices finds nothing on the way.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Person,
    SavedVacancy,
)
from tests.vacancies import seed_bus_vacancies

pytestmark = pytest.mark.browser

JAAN = "38001085718"
WAIT = 60_000  # ms: bounded; on a machine shared by many test runs a first page load took over 15 s


def _saved(app) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(SavedVacancy.vacancy_id)
                .join(Person, Person.id == SavedVacancy.person_id)
                .where(Person.national_code == JAAN)
                .order_by(SavedVacancy.id)
            )
        )


def test_a_jobseeker_saves_vacancies_with_javascript_and_the_button_toggles_in_place(
    served, browser, check_accessibility
):
    base, app = served
    ids = seed_bus_vacancies(app)
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(WAIT)
    page = context.new_page()
    try:
        page.goto(f"{base}/jobs/{ids['tallinn']}")
        page.get_by_role("link", name="Sign in to save this vacancy").click()
        page.get_by_label(f"Jaak-Kristjan Jõeorg ({JAAN})").check()
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(lambda url: urlsplit(url).path == f"/jobs/{ids['tallinn']}", timeout=WAIT)
        check_accessibility(page)

        address = page.url
        page.get_by_role("button", name="Save this vacancy").click()
        remove = page.get_by_role("button", name="Remove from saved vacancies")
        remove.wait_for()
        assert page.url == address  # swapped in place, no page load
        assert page.locator(f"#save-vacancy-{ids['tallinn']}-status").inner_text() == "Vacancy saved."
        assert page.evaluate("document.activeElement.id") == f"save-vacancy-{ids['tallinn']}"
        assert _saved(app) == [ids["tallinn"]]
        check_accessibility(page)

        remove.click()
        page.get_by_role("button", name="Save this vacancy").wait_for()
        assert _saved(app) == []
        page.get_by_role("button", name="Save this vacancy").click()
        page.get_by_role("button", name="Remove from saved vacancies").wait_for()

        # From the search results: each result has its own button, named with the vacancy's title.
        page.goto(f"{base}/jobs?q=bussijuht")
        page.get_by_role("button", name=re.compile(r"^Save this vacancy\W+Bussijuht Tartus$")).click()
        page.get_by_role(
            "button", name=re.compile(r"^Remove from saved vacancies\W+Bussijuht Tartus$")
        ).wait_for()
        assert page.get_by_role(
            "button", name=re.compile(r"^Remove from saved vacancies\W+Bussijuht$")
        ).is_visible()
        assert sorted(_saved(app)) == sorted([ids["tallinn"], ids["tartu"]])
        check_accessibility(page)

        page.get_by_role("link", name="Your saved vacancies").first.click()
        page.wait_for_url(lambda url: urlsplit(url).path == "/jobseeker/saved-vacancies", timeout=WAIT)
        assert "You keep 2 vacancies." in page.locator("main").inner_text()
        check_accessibility(page)
        page.get_by_role("button", name=re.compile(r"^Remove\W+Bussijuht Tartus$")).click()
        page.get_by_role("alert").filter(has_text="Vacancy removed").wait_for()
        assert "You keep 1 vacancy." in page.locator("main").inner_text()
        assert _saved(app) == [ids["tallinn"]]
        check_accessibility(page)
    finally:
        context.close()
