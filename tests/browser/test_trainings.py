"""A jobseeker asks to join a training and a counsellor approves it, in Chromium, with axe at
WCAG 2.1 AA (and best practices) on every page of the way."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import select, update
from werkzeug.serving import make_server

from portal.extensions import db
from portal.models import Person, StaffRole, TrainingRequest, TrainingRequestState
from portal.services.staff import add_staff
from tests import trainings as rows

pytestmark = pytest.mark.browser

JAAN = "38001085718"
MARI = "49403136526"


@pytest.fixture
def served(make_app) -> Iterator[tuple[str, object]]:
    """The portal with the development eID provider on a free port, and the app (to add rows)."""
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
            with db.engine.begin() as connection:
                connection.execute(update(TrainingRequest).values(decision_id=None))
            empty_tables()


def sign_in(page, base: str, label: str) -> None:
    page.goto(base + "/login")
    page.get_by_label(label).check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/jobseeker/")


def test_a_jobseeker_asks_to_join_and_a_counsellor_approves(served, browser, check_accessibility):
    base, app = served
    with app.app_context():
        training_id = rows.training(seats=5)
        add_staff(app.extensions["profile"], MARI, StaffRole.COUNSELLOR, "Tallinn")

    jobseeker = browser.new_context(locale="en-GB").new_page()
    sign_in(jobseeker, base, f"Jaak-Kristjan Jõeorg ({JAAN})")
    with app.app_context():
        rows.registration(db.session.scalar(select(Person.id).where(Person.national_code == JAAN)))

    jobseeker.goto(f"{base}/trainings/{training_id}")
    assert jobseeker.locator("h1").inner_text() == "Welding (MIG/MAG) basic course"
    check_accessibility(jobseeker)
    jobseeker.get_by_role("button", name="Ask to join this training").click()
    jobseeker.wait_for_url(f"**/jobseeker/trainings/{training_id}/request")
    check_accessibility(jobseeker)
    jobseeker.get_by_role("button", name="Send the request").click()  # nothing typed
    jobseeker.wait_for_load_state()
    assert jobseeker.get_by_role("link", name="Tell us why you want to join").is_visible()
    check_accessibility(jobseeker)
    jobseeker.get_by_label("Why do you want to join this training?").fill("I welded gates in my last job.")
    jobseeker.get_by_role("button", name="Send the request").click()
    jobseeker.wait_for_url("**/jobseeker/training-requests")
    assert "Waiting for an answer" in jobseeker.locator("main").inner_text()
    check_accessibility(jobseeker)

    counsellor = browser.new_context(locale="en-GB").new_page()
    sign_in(counsellor, base, f"Mari-Liis Männik ({MARI})")
    counsellor.goto(base + "/roles")
    counsellor.get_by_label("Counsellor").check()
    counsellor.get_by_role("button", name="Continue").click()
    counsellor.wait_for_url("**/back-office/")
    check_accessibility(counsellor)
    counsellor.get_by_role("link", name="Training requests waiting for an answer").click()
    counsellor.wait_for_url("**/back-office/training-requests")
    check_accessibility(counsellor)
    counsellor.get_by_role("link", name="Jaak-Kristjan Jõeorg").click()
    counsellor.wait_for_url("**/back-office/training-requests/*")
    assert "I welded gates in my last job." in counsellor.locator("main").inner_text()
    check_accessibility(counsellor)
    counsellor.get_by_label("Approve: the person gets a seat").check()
    counsellor.get_by_label("Reasons").fill("Your experience fits the course.")
    counsellor.get_by_role("button", name="Send the answer").click()
    counsellor.wait_for_url("**/back-office/training-requests")
    assert "Request approved" in counsellor.locator("main").inner_text()
    check_accessibility(counsellor)

    counsellor.get_by_role("link", name="Back office").first.click()
    counsellor.get_by_role("link", name="Trainings").first.click()
    counsellor.wait_for_url("**/back-office/trainings")
    assert "1 of 5" in counsellor.locator("main").inner_text()
    check_accessibility(counsellor)

    jobseeker.reload()
    assert "Approved" in jobseeker.locator("main").inner_text()
    check_accessibility(jobseeker)
    jobseeker.get_by_role("link", name="Read the decision").click()
    jobseeker.wait_for_url("**/jobseeker/decisions/*")
    assert jobseeker.locator("h1").inner_text() == "Training request approved"
    check_accessibility(jobseeker)
    with app.app_context():
        found = db.session.scalar(select(TrainingRequest))
        assert found.state is TrainingRequestState.APPROVED
