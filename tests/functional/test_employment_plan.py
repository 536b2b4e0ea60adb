"""The individual employment plan: drafted by the counsellor, agreed by the person in the portal
(timestamped, a sealed PDF), revised as a new version with what changed, activities marked done,
reminders before due dates, and overdue activities in the caseload filter."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from portal.extensions import db
from portal.models import InboxMessage, JobseekerCase, PlanActivity, PlanStatus, PlanVersion
from portal.services import plans
from tests.functional.caseload_helpers import add_jobseeker, csrf, text_of
from tests.functional.test_backoffice_registrations import today

JAAN = "38001085718"


def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def draft_form(page, goal: str, rows: list[tuple[str, str, dt.date, str]]) -> dict:
    data = {"csrf_token": csrf(page), "goal": goal}
    for index in range(6):
        kind, description, due, actor = rows[index] if index < len(rows) else ("apply", "", None, "jobseeker")
        data |= {
            f"activities-{index}-kind": kind,
            f"activities-{index}-description": description,
            f"activities-{index}-due_on": due.isoformat() if due else "",
            f"activities-{index}-actor": actor,
        }
    return data


def inbox_kinds(app, person_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(InboxMessage.kind).where(InboxMessage.person_id == person_id).order_by(InboxMessage.id)
            )
        )


def case_row(app, case_id: int) -> JobseekerCase:
    with app.app_context():
        row = db.session.get(JobseekerCase, case_id)
        db.session.expunge(row)
        return row


def test_a_plan_is_drafted_agreed_in_the_portal_and_sealed(eid_app, client_as):
    day = today(eid_app)
    case_id = add_jobseeker(eid_app, JAAN, "Jaak", "Jõeorg")
    counsellor = english(client_as("counsellor"))
    person = english(client_as("jobseeker"))
    page = counsellor.get(f"/back-office/cases/{case_id}/plan")
    assert "No plan has been drafted yet" in text_of(page)
    missing = counsellor.post(f"/back-office/cases/{case_id}/plan", data=draft_form(page, "", []))
    assert missing.status_code == 400 and "Enter the goal of the plan" in text_of(missing)
    no_date = counsellor.post(
        f"/back-office/cases/{case_id}/plan",
        data=draft_form(
            page, "Work as a developer", [("apply", "Apply to 3 jobs a week", None, "jobseeker")]
        ),
    )
    assert no_date.status_code == 400 and "Enter the due date of the activity" in text_of(no_date)
    drafted = counsellor.post(
        f"/back-office/cases/{case_id}/plan",
        data=draft_form(
            page,
            "Work as a developer",
            [
                ("apply", "Apply to 3 jobs a week", day + dt.timedelta(days=7), "jobseeker"),
                ("documents", "Bring your diploma", day + dt.timedelta(days=3), "jobseeker"),
            ],
        ),
    )
    assert drafted.status_code == 303
    row = case_row(eid_app, case_id)
    assert (row.plan_status, row.next_due_on) == (PlanStatus.DRAFT, day + dt.timedelta(days=3))
    assert inbox_kinds(eid_app, row.person_id) == ["plan_drafted"]

    mine = person.get("/jobseeker/plan")
    body = text_of(mine)
    assert "Waiting for your agreement" in body and "Bring your diploma" in body
    unconfirmed = person.post("/jobseeker/plan/agreement", data={"csrf_token": csrf(mine), "version": "1"})
    assert unconfirmed.status_code == 400
    assert "Confirm that you have read the plan and agree to it" in text_of(unconfirmed)
    agreed = person.post(
        "/jobseeker/plan/agreement", data={"csrf_token": csrf(mine), "version": "1", "confirm": "y"}
    )
    assert agreed.status_code == 303
    assert "You agreed the plan" in text_of(person.get("/jobseeker/plan"))
    with eid_app.app_context():
        version = db.session.scalar(select(PlanVersion))
        assert version.agreed_at is not None and version.pdf.startswith(b"%PDF")
        assert len(version.pdf_sha256) == 64
    assert case_row(eid_app, case_id).plan_status is PlanStatus.AGREED
    assert inbox_kinds(eid_app, row.person_id) == ["plan_drafted", "plan_agreed"]
    pdf = person.get("/jobseeker/plan/versions/1/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "Agreed" in text_of(counsellor.get(f"/back-office/cases/{case_id}/plan"))


def test_a_revision_is_a_new_version_showing_what_changed(eid_app, client_as):
    day = today(eid_app)
    case_id = add_jobseeker(eid_app, JAAN, "Jaak", "Jõeorg")
    counsellor = english(client_as("counsellor"))
    person = english(client_as("jobseeker"))
    page = counsellor.get(f"/back-office/cases/{case_id}/plan")
    first = [("apply", "Apply to 3 jobs a week", day + dt.timedelta(days=7), "jobseeker")]
    counsellor.post(f"/back-office/cases/{case_id}/plan", data=draft_form(page, "Developer", first))
    mine = person.get("/jobseeker/plan")
    person.post("/jobseeker/plan/agreement", data={"csrf_token": csrf(mine), "version": "1", "confirm": "y"})

    second = [
        ("apply", "Apply to 3 jobs a week", day + dt.timedelta(days=14), "jobseeker"),
        ("training", "Python course", day + dt.timedelta(days=30), "counsellor"),
    ]
    counsellor.post(f"/back-office/cases/{case_id}/plan", data=draft_form(page, "Developer", second))
    body = text_of(person.get("/jobseeker/plan"))
    assert "Version 2" in body and "What changed since the last version" in body
    assert "Added: Training, Python course" in body
    assert "Changed: Apply for jobs, Apply to 3 jobs a week" in body
    assert "Version 1, agreed on" in body  # the earlier agreed version stays downloadable
    stale = person.post(
        "/jobseeker/plan/agreement",
        data={"csrf_token": csrf(person.get("/jobseeker/plan")), "version": "1", "confirm": "y"},
    )
    assert stale.status_code == 409
    assert case_row(eid_app, case_id).plan_status is PlanStatus.DRAFT
    with eid_app.app_context():
        numbers = [v.number for v in db.session.scalars(select(PlanVersion).order_by(PlanVersion.number))]
    assert numbers == [1, 2]


def test_activities_are_marked_done_overdue_ones_are_filtered_and_reminded(eid_app, client_as):
    day = today(eid_app)
    case_id = add_jobseeker(eid_app, JAAN, "Jaak", "Jõeorg")
    other_case = add_jobseeker(eid_app, "37001010009", "Other", "Person")
    counsellor = english(client_as("counsellor"))
    person = english(client_as("jobseeker"))
    page = counsellor.get(f"/back-office/cases/{case_id}/plan")
    rows = [
        ("documents", "Bring your diploma", day - dt.timedelta(days=1), "jobseeker"),
        ("apply", "Apply to 3 jobs a week", day + dt.timedelta(days=2), "jobseeker"),
        ("meeting", "Book a meeting room", day + dt.timedelta(days=1), "counsellor"),
    ]
    counsellor.post(f"/back-office/cases/{case_id}/plan", data=draft_form(page, "Developer", rows))
    overdue = text_of(counsellor.get("/back-office/caseload?scope=office&flag=overdue"))
    assert "1 case matches" in overdue and "Jõeorg" in overdue and "Other Person" not in overdue
    assert case_row(eid_app, other_case).next_due_on is None

    mine = person.get("/jobseeker/plan")
    person.post("/jobseeker/plan/agreement", data={"csrf_token": csrf(mine), "version": "1", "confirm": "y"})
    with eid_app.app_context():
        diploma = db.session.scalar(
            select(PlanActivity.id).where(PlanActivity.description == "Bring your diploma")
        )
    done = person.post(f"/jobseeker/plan/activities/{diploma}/done", data={"csrf_token": csrf(mine)})
    assert done.status_code == 303
    assert case_row(eid_app, case_id).next_due_on == day + dt.timedelta(days=1)
    assert "1 case matches" not in text_of(counsellor.get("/back-office/caseload?scope=office&flag=overdue"))
    assert (
        person.post(f"/jobseeker/plan/activities/{diploma}/done", data={"csrf_token": csrf(mine)}).status_code
        == 404
    )

    with eid_app.app_context():
        assert plans.remind_due(day) == 1  # the jobseeker's activity due in two days; not the counsellor's
        assert plans.remind_due(day) == 0
        person_id = db.session.get(JobseekerCase, case_id).person_id
    assert inbox_kinds(eid_app, person_id).count("plan_reminder") == 1


def test_a_person_cannot_mark_anothers_activity(eid_app, client_as):
    day = today(eid_app)
    other_case = add_jobseeker(eid_app, "37001010009", "Other", "Person")
    own_case = add_jobseeker(eid_app, JAAN, "Jaak", "Jõeorg")
    counsellor = english(client_as("counsellor"))
    for case_id, text in ((other_case, "Apply elsewhere"), (own_case, "Apply")):
        page = counsellor.get(f"/back-office/cases/{case_id}/plan")
        counsellor.post(
            f"/back-office/cases/{case_id}/plan",
            data=draft_form(page, "Goal", [("apply", text, day + dt.timedelta(days=5), "jobseeker")]),
        )
    person = english(client_as("jobseeker"))
    with eid_app.app_context():
        others = db.session.scalar(
            select(PlanActivity.id).where(PlanActivity.description == "Apply elsewhere")
        )
    mine = person.get("/jobseeker/plan")
    assert "Apply elsewhere" not in text_of(mine)
    assert (
        person.post(f"/jobseeker/plan/activities/{others}/done", data={"csrf_token": csrf(mine)}).status_code
        == 404
    )
    assert person.get("/jobseeker/plan/versions/1/pdf").status_code == 404  # not agreed: no document
