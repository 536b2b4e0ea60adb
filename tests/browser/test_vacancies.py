"""An employer posts a vacancy and a counsellor publishes it, in Chromium, with axe (WCAG 2.1 AA and
best practices) on every page on the way."""

import datetime as dt
import re

import pytest

pytestmark = pytest.mark.browser


def test_an_employer_posts_a_vacancy_and_a_counsellor_publishes_it(
    live_eid_server, make_app, page, check_accessibility
):
    from portal.models import StaffRole
    from portal.services.staff import add_staff

    staff_app = make_app()
    with staff_app.app_context():
        add_staff(staff_app.extensions["profile"], "49403136526", StaffRole.COUNSELLOR, "Tallinn")
        today = staff_app.extensions["profile"].today()
    base = live_eid_server

    # Kadri Tamm acts for Tartu Puit OÜ, where the register gives her the sole right.
    page.goto(base + "/login")
    page.get_by_label("Kadri Tamm (49004230347)").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/jobseeker/")
    page.goto(base + "/roles")
    page.get_by_label("Employer: Tartu Puit OÜ").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/employer/")
    check_accessibility(page)

    page.get_by_role("button", name="Add a vacancy").first.click()
    page.wait_for_url("**/employer/vacancies/new")
    check_accessibility(page)
    page.get_by_role("button", name="Save").click()  # nothing filled in: every error listed
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and "Enter the job title" in summary.inner_text()
    check_accessibility(page)

    page.get_by_label("Job title").fill("Puusepp")
    page.get_by_label("Search for an occupation").fill("carpenter")
    page.get_by_role("button", name="Search").click()  # without waiting for htmx: the button works too
    page.wait_for_load_state()
    page.get_by_label(re.compile(r"Carpenters and joiners \(7115\)")).first.check()
    page.get_by_label("Description of the job").fill("Building timber houses.\n\nWe train you.")
    page.get_by_label("Place of work", exact=True).select_option("0793")
    page.get_by_label("Full-time").check()
    page.get_by_label("Permanent").check()
    page.get_by_label("Lowest gross wage per month").fill("1500")
    page.get_by_label("Highest gross wage per month").fill("2100")
    deadline = today + dt.timedelta(days=30)
    group = page.locator("#deadline-day").locator("xpath=ancestor::fieldset")
    group.get_by_label("Day").fill(str(deadline.day))
    group.get_by_label("Month").fill(str(deadline.month))
    group.get_by_label("Year").fill(str(deadline.year))
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/employer/vacancies/\d+$"))
    assert page.locator("h1").inner_text() == "Puusepp"
    check_accessibility(page)
    vacancy_url = page.url
    vacancy_id = vacancy_url.rsplit("/", 1)[1]

    page.get_by_role("button", name="Send for publication").click()
    page.wait_for_url(vacancy_url)
    assert "A counsellor checks it first" in page.locator("main").inner_text()
    check_accessibility(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/signed-out")

    # Mari-Liis Männik checks it in the back office and publishes it.
    page.goto(base + "/login")
    page.get_by_label("Mari-Liis Männik (49403136526)").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    page.goto(base + "/roles")
    page.get_by_label("Counsellor").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/back-office/")
    page.locator("main").get_by_role("link", name="Vacancies to check").click()
    page.wait_for_url("**/back-office/vacancies/")
    check_accessibility(page)
    page.get_by_role("link", name="Puusepp").click()
    page.wait_for_url(f"**/back-office/vacancies/{vacancy_id}")
    assert "Nothing found automatically" in page.locator("main").inner_text()
    check_accessibility(page)
    page.get_by_role("button", name="Publish the vacancy").click()
    page.wait_for_url("**/back-office/vacancies/")
    assert "is published and checked" in page.locator("main").inner_text()
    check_accessibility(page)

    # Anyone reads it.
    page.goto(f"{base}/jobs/{vacancy_id}")
    assert page.locator("h1").inner_text() == "Puusepp"
    assert page.locator("script[type='application/ld+json']").count() == 1
    check_accessibility(page)
    page.get_by_role("link", name="Report this vacancy").click()
    check_accessibility(page)
    page.goto(f"{base}/jobs/{vacancy_id}/print")
    check_accessibility(page)
    assert page.csp_violations == []
