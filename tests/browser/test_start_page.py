import re

import pytest

pytestmark = pytest.mark.browser


def test_start_page_in_three_languages_has_no_accessibility_violations(
    live_server, page, check_accessibility
):
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Find work and support"
    check_accessibility(page)

    page.get_by_role("link", name="Eesti").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "et"
    assert page.locator("h1").inner_text() == "Leidke tööd ja tuge"
    check_accessibility(page)

    page.get_by_role("link", name="Shqip").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "sq"
    assert page.locator("h1").inner_text() == "Gjeni punë dhe mbështetje"
    check_accessibility(page)

    assert page.csp_violations == []


def test_design_system_scripts_run_under_the_csp(live_server, page):
    static_requests = []
    page.on("request", lambda request: "/static/" in request.url and static_requests.append(request.url))
    page.goto(live_server + "/")
    # Set by the nonce'd inline script; GOV.UK Frontend's initAll marks initialised modules.
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")
    page.wait_for_function(
        "document.querySelector('[data-module=govuk-skip-link]').hasAttribute('data-govuk-skip-link-init')"
    )
    assert page.evaluate("typeof htmx") == "object"
    assert page.csp_violations == []
    # Every file, the module portal.js imports included, is fetched by its content-hashed name.
    assert any("govuk-frontend.min." in url for url in static_requests)
    for url in static_requests:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js|svg)$", url), url


def test_keyboard_user_reaches_the_skip_link_first(live_server, page):
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_not_found_page_is_accessible(live_server, page, check_accessibility):
    response = page.goto(live_server + "/no-such-page")
    assert response.status == 404
    check_accessibility(page)
