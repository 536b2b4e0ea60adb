"""Meetings in Chromium: the counsellor books one from the case (a mistake first, told in the error
summary), the jobseeker sees it on their page and asks for another time with a reason, and the
request is in the counsellor's queue; axe at WCAG 2.1 AA (and best practices) on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Meeting, MeetingState, StaffRole
from portal.services.staff import add_staff
from tests.browser.test_counsellors_day import JAAN, MARI, served, sign_in  # noqa: F401 (fixture)
from tests.functional.caseload_helpers import add_jobseeker

pytestmark = pytest.mark.browser


def test_the_counsellor_books_and_the_jobseeker_asks_for_another_time(served, browser, check_accessibility):  # noqa: F811
    base, app = served
    with app.app_context():
        add_staff(app.extensions["profile"], MARI, StaffRole.COUNSELLOR, "Tallinn")
        day = app.extensions["profile"].today() + dt.timedelta(days=3)
    case_id = add_jobseeker(app, JAAN, "Jaak-Kristjan", "Jõeorg")

    counsellor = browser.new_context(locale="en-GB").new_page()
    sign_in(counsellor, base, f"Mari-Liis Männik ({MARI})")
    counsellor.goto(base + "/roles")
    counsellor.get_by_label("Counsellor").check()
    counsellor.get_by_role("button", name="Continue").click()
    counsellor.wait_for_url("**/back-office/")
    counsellor.goto(f"{base}/back-office/cases/{case_id}")
    assert "No meeting is booked." in counsellor.locator("main").inner_text()
    check_accessibility(counsellor)

    counsellor.get_by_role("link", name="Meetings", exact=True).click()
    counsellor.wait_for_url(f"**/back-office/cases/{case_id}/meetings")
    check_accessibility(counsellor)
    assert counsellor.get_by_label("Address (in person)").input_value() == "Lasnamäe 2, 11412 Tallinn"
    counsellor.get_by_label("Day").fill(str(day.day))
    counsellor.get_by_label("Month").fill(str(day.month))
    counsellor.get_by_label("Year").fill(str(day.year))
    counsellor.get_by_role("radio", name="By video").check()
    counsellor.get_by_role("button", name="Book the meeting").click()  # no time, no link
    counsellor.wait_for_load_state()
    assert counsellor.get_by_role("link", name="Enter the start time of the meeting").is_visible()
    check_accessibility(counsellor)

    counsellor.get_by_role("radio", name="In person").check()
    counsellor.get_by_label("Start time").fill("10:30")
    counsellor.get_by_label("What the meeting is about").fill("Your job search so far")
    counsellor.get_by_role("button", name="Book the meeting").click()
    counsellor.wait_for_url(f"**/back-office/cases/{case_id}/meetings/*")
    main = counsellor.locator("main").inner_text()
    assert "Meeting booked" in main and "10:30 to 11:15" in main
    check_accessibility(counsellor)

    jobseeker = browser.new_context(locale="en-GB").new_page()
    sign_in(jobseeker, base, f"Jaak-Kristjan Jõeorg ({JAAN})")
    assert "Your next meetings" in jobseeker.locator("main").inner_text()
    check_accessibility(jobseeker)
    jobseeker.get_by_role("link", name="10:30 to 11:15").click()
    jobseeker.wait_for_url("**/jobseeker/meetings/*")
    assert "In person: Lasnamäe 2, 11412 Tallinn" in jobseeker.locator("main").inner_text()
    check_accessibility(jobseeker)
    jobseeker.get_by_role("button", name="Ask for another time").click()  # no reason
    jobseeker.wait_for_load_state()
    assert jobseeker.get_by_role("link", name="Enter why you need another time").is_visible()
    check_accessibility(jobseeker)
    jobseeker.get_by_label("Why do you need another time?").fill("I have a job interview that morning")
    jobseeker.get_by_role("button", name="Ask for another time").click()
    jobseeker.wait_for_url("**/jobseeker/meetings/*")
    assert "waits for your counsellor's answer" in jobseeker.locator("main").inner_text()
    check_accessibility(jobseeker)
    jobseeker.goto(base + "/jobseeker/meetings")
    assert "You asked for another time" in jobseeker.locator("main").inner_text()
    check_accessibility(jobseeker)

    counsellor.get_by_role("link", name="Meetings to follow up").click()
    counsellor.wait_for_url("**/back-office/meetings")
    main = counsellor.locator("main").inner_text()
    assert "1 request for another time" in main and "I have a job interview that morning" in main
    check_accessibility(counsellor)
    counsellor.get_by_role("link", name="Jaak-Kristjan Jõeorg").click()
    counsellor.wait_for_url(f"**/back-office/cases/{case_id}/meetings/*")
    assert "The person asked for another time" in counsellor.locator("main").inner_text()
    check_accessibility(counsellor)

    with app.app_context():
        assert db.session.scalar(select(Meeting.state)) is MeetingState.RESCHEDULE_REQUESTED
