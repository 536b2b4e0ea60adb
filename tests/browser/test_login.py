import pytest

pytestmark = pytest.mark.browser


def test_login_with_the_development_eid_in_chromium(live_eid_server, page, check_accessibility):
    page.goto(live_eid_server + "/")
    page.get_by_role("button", name="Sign in with eID").click()
    page.wait_for_url("**/dev-eid/authorize**")
    check_accessibility(page)
    page.get_by_label("Jaak-Kristjan Jõeorg (38001085718)").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/jobseeker/")
    assert page.locator("h1").inner_text() == "Jaak-Kristjan Jõeorg"
    assert "Signed in as Jaak-Kristjan Jõeorg" in page.locator(".portal-account-bar").inner_text()
    check_accessibility(page)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/signed-out")
    assert page.locator("h1").inner_text() == "You have signed out"
    check_accessibility(page)
    assert page.csp_violations == []


def test_cancel_on_the_provider_returns_to_a_friendly_page(live_eid_server, page, check_accessibility):
    page.goto(live_eid_server + "/login")
    page.get_by_role("button", name="Cancel and return to the service").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "You cancelled signing in"
    check_accessibility(page)
