"""The inbox and the public verification page in Chromium, with axe at WCAG 2.1 AA on each state."""

import re

import pytest

pytestmark = pytest.mark.browser


def register(page, base: str) -> None:
    """Jaak registers through the journey: a decision and a certificate reach his inbox."""
    page.goto(base + "/login")
    page.get_by_label("Jaak-Kristjan Jõeorg (38001085718)").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/jobseeker/")
    page.get_by_role("button", name="Register now").click()
    page.wait_for_url("**/jobseeker/registration/")
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


def test_the_inbox_in_chromium(live_eid_server, page, check_accessibility):
    register(page, live_eid_server)
    # Seen as "Inbox (2)"; screen readers hear "Inbox (2 unread messages)".
    inbox_link = page.get_by_role("link", name=re.compile(r"^Inbox \(2 unread messages ?\)$"))
    assert inbox_link.locator(".govuk-visually-hidden").inner_text().strip() == "unread messages"
    inbox_link.click()
    page.wait_for_url("**/jobseeker/inbox")
    assert page.locator("h1").inner_text() == "Inbox"
    assert page.locator("main .govuk-tag").all_inner_texts() == ["New", "New"]
    check_accessibility(page)

    page.get_by_role("link", name="Registration decision").click()
    page.wait_for_url("**/jobseeker/decisions/*")
    assert page.locator("h1").inner_text() == "Registration decision"
    assert page.get_by_role("link", name=re.compile(r"^Inbox \(1 unread message ?\)$")).is_visible()
    check_accessibility(page)

    # The certificate's message leads to the certificate's page, with its sealed PDF.
    page.get_by_role("link", name=re.compile(r"^Inbox")).click()
    page.get_by_role("link", name="Unemployment certificate").click()
    page.wait_for_url("**/jobseeker/certificates/*")
    assert page.locator("h1").inner_text() == "Unemployment certificate"
    assert page.get_by_role("link", name="Download as a sealed PDF").is_visible()
    check_accessibility(page)
    assert page.csp_violations == []


def test_the_verification_page_in_chromium(live_eid_server, page, check_accessibility):
    register(page, live_eid_server)
    page.get_by_role("link", name="Go to your page").click()
    page.wait_for_url("**/jobseeker/")
    code = re.search(r"Verification code: (\w+)", page.locator("main").inner_text()).group(1)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/signed-out")

    page.goto(live_eid_server + "/verify")
    assert page.locator("h1").inner_text() == "Check a decision or certificate"
    check_accessibility(page)

    page.get_by_role("button", name="Check the document").click()  # nothing typed
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Enter the verification code").is_visible()
    check_accessibility(page)

    page.get_by_label("Verification code").fill(" " + code[:8].lower() + "-" + code[8:] + " ")
    page.get_by_role("button", name="Check the document").click()
    page.wait_for_url("**/verify?code=*")
    main = page.locator("main").inner_text()
    assert "The document is authentic" in main and "Unemployment certificate" in main
    assert "J.-K. J." in main and "1980" in main and "Jõeorg" not in main
    check_accessibility(page)

    page.get_by_label("Verification code").fill(code[:-1] + ("A" if code[-1] != "A" else "B"))
    page.get_by_role("button", name="Check the document").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="No document was found with this code").is_visible()
    check_accessibility(page)
    assert page.csp_violations == []
