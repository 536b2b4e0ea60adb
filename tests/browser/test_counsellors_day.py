"""A counsellor's day in Chromium: caseload → case → confirm the risk profile → draft the plan →
the jobseeker agrees in the portal; axe at WCAG 2.1 AA (and best practices) on every page."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from portal.extensions import db
from portal.models import JobseekerCase, PlanStatus, PlanVersion, StaffRole
from portal.services.staff import add_staff
from tests.functional.caseload_helpers import add_jobseeker

pytestmark = pytest.mark.browser

JAAN = "38001085718"
MARI = "49403136526"


@pytest.fixture
def served(make_app) -> Iterator[tuple[str, object]]:
    from tests.conftest import empty_tables

    holder: dict = {}
    server = make_server("127.0.0.1", 0, lambda environ, start: holder["app"](environ, start), threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    holder["app"] = make_app(
        DEV_EID=True,
        EID_DISCOVERY_URL=f"{base}/dev-eid/.well-known/openid-configuration",
        DEV_EID_REDIRECT_URIS=f"{base}/auth/callback",
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base, holder["app"]
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with holder["app"].app_context():
            db.session.remove()
            empty_tables()


def sign_in(page, base: str, label: str) -> None:
    page.goto(base + "/login")
    page.get_by_label(label).check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/jobseeker/")


def test_a_counsellors_day(served, browser, check_accessibility):
    base, app = served
    with app.app_context():
        add_staff(app.extensions["profile"], MARI, StaffRole.COUNSELLOR, "Tallinn")
        today = app.extensions["profile"].today()
    case_id = add_jobseeker(app, JAAN, "Jaak-Kristjan", "Jõeorg")

    counsellor = browser.new_context(locale="en-GB").new_page()
    sign_in(counsellor, base, f"Mari-Liis Männik ({MARI})")
    counsellor.goto(base + "/roles")
    counsellor.get_by_label("Counsellor").check()
    counsellor.get_by_role("button", name="Continue").click()
    counsellor.wait_for_url("**/back-office/")
    check_accessibility(counsellor)

    counsellor.get_by_role("link", name="My caseload").click()
    counsellor.wait_for_url("**/back-office/caseload")
    assert "1 case matches" in counsellor.locator("main").inner_text()
    check_accessibility(counsellor)
    counsellor.get_by_role("link", name="Jaak-Kristjan Jõeorg").click()
    counsellor.wait_for_url(f"**/back-office/cases/{case_id}")
    assert "Timeline" in counsellor.locator("main").inner_text()
    check_accessibility(counsellor)

    counsellor.get_by_role("link", name="Risk profile").click()
    counsellor.wait_for_url(f"**/back-office/cases/{case_id}/risk-profile")
    check_accessibility(counsellor)
    counsellor.get_by_label("Caring duties").check()
    counsellor.get_by_role("button", name="Compute the risk profile").click()
    counsellor.wait_for_url(f"**/back-office/cases/{case_id}/risk-profile")
    assert "Not yet confirmed" in counsellor.locator("main").inner_text()
    check_accessibility(counsellor)
    counsellor.get_by_role("button", name="Record the level").click()  # the computed level is chosen
    counsellor.wait_for_url(f"**/back-office/cases/{case_id}/risk-profile")
    assert "Confirmed" in counsellor.locator("main").inner_text()
    check_accessibility(counsellor)

    counsellor.get_by_role("link", name="Employment plan").click()
    counsellor.wait_for_url(f"**/back-office/cases/{case_id}/plan")
    check_accessibility(counsellor)
    counsellor.get_by_role("button", name="Send the plan to the person").click()  # nothing typed
    counsellor.wait_for_load_state()
    assert counsellor.get_by_role("link", name="Enter the goal of the plan").is_visible()
    check_accessibility(counsellor)
    counsellor.get_by_label("Goal").fill("Work as a software developer in Tallinn")
    counsellor.get_by_label("What exactly, activity 1").fill("Apply to three developer jobs a week")
    counsellor.get_by_label("Due by, activity 1").fill((today + dt.timedelta(days=7)).isoformat())
    counsellor.get_by_role("button", name="Send the plan to the person").click()
    counsellor.wait_for_url(f"**/back-office/cases/{case_id}/plan")
    assert "Waiting for the person's agreement" in counsellor.locator("main").inner_text()
    check_accessibility(counsellor)

    jobseeker = browser.new_context(locale="en-GB").new_page()
    sign_in(jobseeker, base, f"Jaak-Kristjan Jõeorg ({JAAN})")
    jobseeker.goto(base + "/jobseeker/risk-profile")
    assert "What it means for you" in jobseeker.locator("main").inner_text()
    check_accessibility(jobseeker)
    jobseeker.goto(base + "/jobseeker/plan")
    assert "Apply to three developer jobs a week" in jobseeker.locator("main").inner_text()
    check_accessibility(jobseeker)
    jobseeker.get_by_label("I have read the plan and agree to it").check()
    jobseeker.get_by_role("button", name="Agree the plan").click()
    jobseeker.wait_for_url("**/jobseeker/plan")
    assert "You agreed the plan" in jobseeker.locator("main").inner_text()
    check_accessibility(jobseeker)

    with app.app_context():
        assert db.session.get(JobseekerCase, case_id).plan_status is PlanStatus.AGREED
        assert db.session.scalar(select(PlanVersion.agreed_at)) is not None
