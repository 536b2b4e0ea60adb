"""In Chromium: a jobseeker finds a vacancy by search with JavaScript switched off (the GET form
and its buttons alone); axe at WCAG 2.1 AA and best practices finds nothing on the way.

Why the first attempt at the no-JavaScript test hung: axe was run in the page whose JavaScript is
switched off. `page.evaluate` itself still works there (Playwright evaluates through the DevTools
protocol), but `axe.run` returns a promise that settles through timers and microtasks the page may
not run, so the evaluate waited forever (it has no timeout). Waiting for the htmx version's short
address (`/jobs?q=...`) would have hung too: without JavaScript the browser submits the whole GET
form, every field in the address. So axe runs on the same address in a second context with
JavaScript (the server sends the same HTML), every navigation is a click followed by
`wait_for_url` with a predicate on the query and a bounded timeout, and nothing waits for
`networkidle`."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.vacancies import seed_bus_vacancies

pytestmark = pytest.mark.browser

JAAN = "38001085718"
WAIT = 60_000  # ms: bounded; on a machine shared by many test runs a first page load took over 15 s


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_a_jobseeker_finds_a_vacancy_by_search_without_javascript(served, browser, check_accessibility):
    base, app = served
    seed_bus_vacancies(app)
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    context.set_default_timeout(WAIT)
    page = context.new_page()
    checker = browser.new_context(locale="en-GB")
    checker.set_default_timeout(WAIT)
    axe_page = checker.new_page()

    def check_the_same_page() -> None:
        """axe needs JavaScript: the same address, opened where it runs."""
        axe_page.goto(page.url, wait_until="load")
        check_accessibility(axe_page)

    try:
        page.goto(base + "/jobs", wait_until="load")
        assert page.get_by_role("status").inner_text() == "3 vacancies"
        check_the_same_page()

        page.get_by_label("Search vacancies").fill("BUSSIJUHT")
        page.get_by_role("button", name="Search", exact=True).click()
        # The whole form is submitted: every field is in the address, the empty ones too.
        page.wait_for_url(lambda url: _query(url).get("q") == ["BUSSIJUHT"], timeout=WAIT)
        assert "county=" in page.url  # what a browser without JavaScript sends
        assert page.get_by_role("status").inner_text() == "2 vacancies"

        page.get_by_label("County").select_option(label="Tartu maakond")
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url(lambda url: _query(url).get("county") == ["78"], timeout=WAIT)
        assert page.get_by_role("status").inner_text() == "1 vacancy"
        assert page.get_by_label("Search vacancies").input_value() == "BUSSIJUHT"  # the form keeps the search
        check_the_same_page()

        page.get_by_role("link", name="Bussijuht Tartus").click()
        page.wait_for_url(lambda url: urlsplit(url).path.startswith("/jobs/"), timeout=WAIT)
        assert page.locator("h1").inner_text() == "Bussijuht Tartus"
        assert page.get_by_role("link", name="Sign in to save this vacancy").is_visible()
        check_the_same_page()
    finally:
        context.close()
        checker.close()
