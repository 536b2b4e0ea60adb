"""A typical persona registers end to end in Chromium: axe on every page, fields typed and pages counted.

The counts are the journey's promise (docs/performance.md, issue 10): no more than 2 typed fields and 7 pages.
"""

import pytest

pytestmark = pytest.mark.browser


def test_a_typical_person_registers_in_chromium(live_eid_server, page, check_accessibility):
    page.goto(live_eid_server + "/login")
    page.get_by_label("Jaak-Kristjan Jõeorg (38001085718)").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/jobseeker/")
    page.get_by_role("button", name="Register now").click()

    pages, typed = [], 0

    def arrive(pattern: str) -> None:
        page.wait_for_url(pattern)
        pages.append(page.url)
        check_accessibility(page)

    arrive("**/jobseeker/registration/")
    page.get_by_role("button", name="Start now").click()
    arrive("**/registration/check")
    assert page.get_by_role("heading", name="Population register").is_visible()
    page.get_by_role("button", name="Continue").click()
    arrive("**/registration/contact")
    page.get_by_label("Phone number").fill("+372 5123 4567")
    page.get_by_label("Email address").fill("jaak@example.ee")
    typed += 2
    page.get_by_role("button", name="Continue").click()
    arrive("**/registration/occupations")
    assert page.get_by_label("Software developers (2512)").is_checked()  # suggested from his last job
    page.get_by_role("button", name="Continue").click()
    arrive("**/registration/preferences")
    page.get_by_role("button", name="Continue").click()
    arrive("**/registration/review")
    page.get_by_role("button", name="Accept and send").click()
    arrive("**/registration/confirmation/**")
    assert page.locator("h1").inner_text() == "You are registered"

    assert typed <= 2 and len(pages) <= 7, (typed, pages)
    page.get_by_role("link", name="Go to your page").click()
    page.wait_for_url("**/jobseeker/")
    assert "Unemployment certificate" in page.locator("main").inner_text()
    check_accessibility(page)
    assert page.csp_violations == []
    print(f"\nregistration: {typed} typed fields, {len(pages)} pages")


def test_occupation_search_suggests_as_you_type(live_eid_server, page, check_accessibility):
    page.goto(live_eid_server + "/login")
    page.get_by_label("Jaak-Kristjan Jõeorg (38001085718)").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/jobseeker/")
    page.goto(live_eid_server + "/jobseeker/registration/")
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url("**/registration/check")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Phone number").fill("5123 4567")
    page.get_by_label("Email address").fill("jaak@example.ee")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/registration/occupations")
    page.get_by_label("Search for an occupation").press_sequentially("cook")
    page.get_by_label("Cooks (5120)").wait_for()
    page.get_by_label("Cooks (5120)").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/registration/preferences")
    check_accessibility(page)
