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


def test_register_data_and_the_employer_role_in_chromium(live_eid_server, page, check_accessibility):
    page.goto(live_eid_server + "/login")
    page.get_by_label("Kadri Tamm (49004230347)").check()  # the company representative persona
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/jobseeker/")
    page.get_by_role("link", name="See what the state's registers hold about you").click()
    page.wait_for_url("**/jobseeker/register-data")
    assert page.locator("h1").inner_text() == "What the registers hold about you"
    assert page.get_by_role("heading", name="Business register").is_visible()
    check_accessibility(page)

    # Her only role in the portal is jobseeker: the way to the employer role says what it is for.
    page.get_by_role("link", name="Act for a company").click()
    page.wait_for_url("**/roles")
    check_accessibility(page)
    page.get_by_label("Employer: Põhjarannik OÜ").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/employer/")
    assert page.locator("h1").inner_text() == "Põhjarannik OÜ"
    check_accessibility(page)
    assert page.csp_violations == []
