"""Both loops of offers in Chromium (Kosovo profile), with axe at WCAG 2.1 AA on every page:
counsellor proposes → the jobseeker reads the consequence preview and refuses → the counsellor
confirms → the SAS receives the report → the person sees the outcome; and counsellor proposes →
the jobseeker accepts → the employer sees the candidate → records "hired"."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import select, update
from werkzeug.serving import make_server

from portal.extensions import db
from portal.models import Person, Refusal, SasReportState, StaffRole, StatusEndProposal
from portal.services.staff import add_staff
from portal.services.xroad import simulator
from tests.offers_world import company, registered, vacancy

pytestmark = pytest.mark.browser

BENEFICIARY = "1184527396"  # Driton Berisha: social assistance, category II
COUNSELLOR = "1190817263"  # Mirëlinda Hasani
REPRESENTATIVE = "1152637481"  # Agron Shala, for Kalaja Ndërtimi SH.P.K.
COMPANY = "812345678"


@pytest.fixture
def served(make_app) -> Iterator[tuple[str, object]]:
    from tests.conftest import empty_tables

    holder: dict = {}
    server = make_server("127.0.0.1", 0, lambda environ, start: holder["app"](environ, start), threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    holder["app"] = make_app(
        PROFILE="XK",
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
            with db.engine.begin() as connection:
                connection.execute(update(Refusal).values(decision_id=None))
            empty_tables()


def sign_in(browser, base: str, code: str, landing: str = "**/jobseeker/"):
    page = browser.new_context(locale="en-GB").new_page()
    page.goto(base + "/login")
    page.locator(f"input[value='{code}']").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(landing)
    return page


def as_role(page, base: str, value: str, landing: str) -> None:
    page.goto(base + "/roles")
    page.locator(f"input[value='{value}']").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(landing)


def propose(counsellor, base: str, person_id: int, title: str, check) -> None:
    counsellor.goto(f"{base}/back-office/people/{person_id}/offers")
    check(counsellor)
    counsellor.get_by_label("What to offer").select_option(label=title)
    counsellor.get_by_label("Note to the person (optional)").fill("Close to your home.")
    counsellor.get_by_role("button", name="Send the offer").click()
    counsellor.wait_for_url(f"**/back-office/people/{person_id}/offers?proposed=1")
    assert "The offer was sent" in counsellor.locator("main").inner_text()
    check(counsellor)


def test_refusal_loop_and_acceptance_loop(served, browser, check_accessibility):
    base, app = served
    with app.app_context():
        add_staff(app.extensions["profile"], COUNSELLOR, StaffRole.COUNSELLOR, "Prishtinë")
        company(COMPANY, "Kalaja Ndërtimi SH.P.K.")
        vacancy("Warehouse worker", employer_code=COMPANY)
        vacancy("Mason", employer_code=COMPANY)

    jobseeker = sign_in(browser, base, BENEFICIARY)
    with app.app_context():
        person_id = registered(BENEFICIARY, "XK", social_assistance="ACTIVE")
    counsellor = sign_in(browser, base, COUNSELLOR)
    as_role(counsellor, base, "counsellor", "**/back-office/")

    # --- the refusal loop -------------------------------------------------------------------
    propose(counsellor, base, person_id, "Warehouse worker", check_accessibility)
    jobseeker.goto(base + "/jobseeker/offers")
    check_accessibility(jobseeker)
    jobseeker.get_by_role("link", name="Warehouse worker").click()
    jobseeker.wait_for_url("**/jobseeker/offers/*")
    check_accessibility(jobseeker)
    jobseeker.get_by_role("button", name="Refuse this offer").click()
    jobseeker.wait_for_url("**/refuse")
    check_accessibility(jobseeker)
    jobseeker.get_by_role("button", name="Continue").click()  # no reason chosen
    assert jobseeker.get_by_role("link", name="Select why you are refusing the offer").is_visible()
    check_accessibility(jobseeker)
    jobseeker.get_by_label("No reason").check()
    jobseeker.get_by_role("button", name="Continue").click()
    preview = jobseeker.locator("main").inner_text()
    assert "This is your first refusal." in preview
    assert "moved to the end of the list" in preview and "lower priority" in preview
    check_accessibility(jobseeker)
    jobseeker.get_by_role("button", name="Confirm the refusal").click()
    jobseeker.wait_for_url("**/jobseeker/offers/*?answered=refused")
    check_accessibility(jobseeker)

    counsellor.goto(base + "/back-office/")
    counsellor.get_by_role("link", name="Refusals to review").click()
    counsellor.wait_for_url("**/back-office/refusals")
    check_accessibility(counsellor)
    counsellor.get_by_role("link", name="Driton Berisha").click()
    counsellor.wait_for_url("**/back-office/refusals/*")
    assert "DEPRIORITISE" in counsellor.locator("main").inner_text()
    check_accessibility(counsellor)
    counsellor.get_by_label("No valid reason: apply the consequence shown").check()
    counsellor.get_by_label("Reasons").fill("The job matched the plan agreed with you.")
    counsellor.get_by_role("button", name="Record the finding").click()
    counsellor.wait_for_url("**/back-office/refusals?reviewed=*")
    check_accessibility(counsellor)
    with app.app_context():
        refusal = db.session.scalar(select(Refusal))
        assert refusal.sas_state is SasReportState.ACCEPTED
        [report] = simulator(app).extensions["register_simulator"].job_refusals[BENEFICIARY]
        assert report["recommendation"] == "DEPRIORITISE" and report["refusalId"] == refusal.sas_refusal_id
    counsellor.goto(f"{base}/back-office/refusals/{refusal.id}")
    assert "Received by the social assistance scheme" in counsellor.locator("main").inner_text()
    check_accessibility(counsellor)

    jobseeker.reload()
    outcome = jobseeker.locator("main").inner_text()
    assert "What the counsellor decided" in outcome and "The job matched the plan agreed with you." in outcome
    check_accessibility(jobseeker)

    # --- the acceptance loop ----------------------------------------------------------------
    propose(counsellor, base, person_id, "Mason", check_accessibility)
    jobseeker.goto(base + "/jobseeker/offers")
    jobseeker.get_by_role("link", name="Mason").click()
    jobseeker.wait_for_url("**/jobseeker/offers/*")
    jobseeker.get_by_label("Name").check()
    jobseeker.get_by_label("Occupations").check()
    jobseeker.get_by_role("button", name="Accept and share").click()
    jobseeker.wait_for_url("**/jobseeker/offers/*?answered=accepted")
    check_accessibility(jobseeker)

    employer = sign_in(browser, base, REPRESENTATIVE)
    as_role(employer, base, f"employer:{COMPANY}", "**/employer/")
    with app.app_context():
        from portal.models import Vacancy

        mason = db.session.scalar(select(Vacancy.id).where(Vacancy.title == "Mason"))
    employer.goto(f"{base}/employer/vacancies/{mason}/shortlist")
    shown = employer.locator("main").inner_text()
    assert "Driton Berisha" in shown and BENEFICIARY not in shown
    check_accessibility(employer)
    employer.get_by_text("Record an outcome").click()
    employer.get_by_label("Hired").check()
    employer.get_by_label("Day").fill("4")
    employer.get_by_label("Month").fill("1")
    employer.get_by_label("Year").fill("2027")
    employer.get_by_role("button", name="Save the outcome").click()
    employer.wait_for_url("**/shortlist?recorded=*")
    assert "The outcome was recorded" in employer.locator("main").inner_text()
    check_accessibility(employer)
    with app.app_context():
        proposal = db.session.scalar(select(StatusEndProposal))
        assert proposal.reason == "EMPLOYED" and proposal.person_id == person_id

    jobseeker.goto(base + "/jobseeker/offers")
    assert "Hired" in jobseeker.locator("main").inner_text()
    check_accessibility(jobseeker)
    with app.app_context():
        assert db.session.scalar(select(Person.id).where(Person.national_code == BENEFICIARY)) == person_id
