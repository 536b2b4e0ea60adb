"""The person ends their registration in two pages, in Chromium, with axe at WCAG 2.1 AA on each
page and each error state; the certificate's verification then says it is no longer valid."""

import datetime as dt
import re

import pytest

pytestmark = pytest.mark.browser


def register(page, base: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Jaak-Kristjan Jõeorg (38001085718)").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/jobseeker/")
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


def test_i_found_a_job_in_two_pages(live_eid_server, page, check_accessibility):
    register(page, live_eid_server)
    page.goto(live_eid_server + "/jobseeker/")
    code = re.search(r"Verification code: (\w+)", page.locator("main").inner_text()).group(1)
    page.get_by_role("link", name="End your registration").click()
    page.wait_for_url("**/jobseeker/end-registration")
    check_accessibility(page)
    page.get_by_role("button", name="Continue").click()  # nothing chosen
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Select why you want to end your registration").is_visible()
    check_accessibility(page)
    page.get_by_label("I found a job").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/end-registration/details?reason=found_work")
    assert page.locator("h1").inner_text() == "Your new job"
    check_accessibility(page)
    page.get_by_role("button", name="End my registration").click()  # nothing typed
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Enter the first day of your new job").is_visible()
    check_accessibility(page)
    today = dt.date.today()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Employer's name").fill("Tartu Puit OÜ")
    page.get_by_role("button", name="End my registration").click()
    page.wait_for_url("**/jobseeker/decisions/*")
    assert "You told us you start work at Tartu Puit OÜ" in page.locator("main").inner_text()
    check_accessibility(page)
    page.goto(live_eid_server + f"/verify?code={code}")
    assert "Revoked" in page.locator("main").inner_text() or "revoked" in page.locator("main").inner_text()
    assert page.csp_violations == []
