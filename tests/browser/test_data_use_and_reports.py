"""Who used my data, my data to take away, and the reports with their charts, in Chromium, with axe at
WCAG 2.1 AA (and best practices) on each page and no Content-Security-Policy violation."""

from __future__ import annotations

import pytest

from portal.models import StaffRole
from portal.services.staff import add_staff

pytestmark = pytest.mark.browser

JAAN = "38001085718"
MARI = "49403136526"


def sign_in(page, base: str, label: str) -> None:
    page.goto(base + "/login")
    page.get_by_label(label).check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/jobseeker/")


def register(page) -> None:
    """Jaak registers through the journey: registers are read, a decision is issued."""
    page.get_by_role("button", name="Register now").click()
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url("**/registration/check")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/registration/contact")
    page.get_by_label("Phone number").fill("+372 5123 4567")
    page.get_by_label("Email address").fill("jaak@example.ee")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/registration/occupations")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/registration/preferences")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/registration/review")
    page.get_by_role("button", name="Accept and send").click()
    page.wait_for_url("**/registration/confirmation/**")


def test_the_person_sees_who_used_their_data_and_takes_it_away(live_eid_server, page, check_accessibility):
    base = live_eid_server
    sign_in(page, base, f"Jaak-Kristjan Jõeorg ({JAAN})")
    register(page)
    page.goto(base + "/jobseeker/")
    page.get_by_role("link", name="See who used your data").click()
    page.wait_for_url("**/jobseeker/data-use")
    assert page.locator("h1").inner_text() == "Who used your data"
    main = page.locator("main").inner_text()
    assert "Population register" in main and "X-Road message id" in main
    check_accessibility(page)
    page.get_by_label("Who used it").select_option("register")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/jobseeker/data-use?kind=register*")
    check_accessibility(page)

    page.get_by_role("link", name="Download all your data").click()
    page.wait_for_url("**/jobseeker/my-data")
    check_accessibility(page)
    page.get_by_role("button", name="Prepare my data").click()
    page.wait_for_url("**/jobseeker/my-data")
    assert page.get_by_role("link", name="JSON file").is_visible()
    assert page.get_by_role("link", name="PDF summary").is_visible()
    check_accessibility(page)
    assert page.csp_violations == []


def test_the_reports_with_charts(live_eid_server, browser, make_app, check_accessibility):
    base = live_eid_server
    jobseeker = browser.new_context(locale="en-GB").new_page()
    sign_in(jobseeker, base, f"Jaak-Kristjan Jõeorg ({JAAN})")
    register(jobseeker)
    app = make_app()
    with app.app_context():
        add_staff(app.extensions["profile"], MARI, StaffRole.COUNSELLOR, "Tallinn")

    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in(page, base, f"Mari-Liis Männik ({MARI})")
    page.goto(base + "/roles")
    page.get_by_label("Counsellor").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/back-office/")
    page.get_by_role("link", name="Reports", exact=True).first.click()
    page.wait_for_url("**/back-office/reports")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Reports"
    assert "1 person was registered" in page.locator("main").inner_text()
    # Every chart is a drawn SVG image with a text alternative.
    images = page.locator("main figure img")
    assert images.count() >= 10
    for index in range(images.count()):
        image = images.nth(index)
        assert image.get_attribute("alt").startswith("Chart: ")
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    check_accessibility(page)
    page.get_by_label("Region").select_option("Harju maakond")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/back-office/reports?*region=Harju*")
    check_accessibility(page)
    assert violations == []
