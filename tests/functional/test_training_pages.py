"""The trainings pages end to end, through real forms: a counsellor adds and publishes a course,
anyone reads it, a jobseeker asks to join, a counsellor approves; refusals and other people's
requests."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import (
    AuditEvent,
    AuditTag,
    Decision,
    DecisionKind,
    Person,
    Training,
    TrainingRequest,
    TrainingRequestState,
    TrainingState,
)
from portal.services.trainings import requests
from tests import trainings as rows
from tests.forms import form_values, submit

EN = {"Accept-Language": "en"}
JAAN = "38001085718"
COURSE = {
    "title": "CNC machining basics",
    "provider_name": "Tartu Vocational Education Centre",
    "description": "Reading drawings.\nSetting up and running a CNC lathe.",
    "isco_code": "7223",
    "starts_on-day": "1",
    "starts_on-month": "3",
    "starts_on-year": "2027",
    "ends_on-day": "30",
    "ends_on-month": "4",
    "ends_on-year": "2027",
    "hours": "240",
    "municipality_code": "0793",
    "remote": "no",
    "language": "et",
    "seats_total": "8",
    "certificate": "CNC operator, level 3",
}


@pytest.fixture(autouse=True)
def _unlinked_after_test(eid_app):
    yield
    with eid_app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            connection.execute(update(TrainingRequest).values(decision_id=None))
            connection.execute(update(Decision).values(supersedes_id=None, responds_to_id=None))


def _text(response) -> str:
    return response.get_data(as_text=True)


def _person_id(code: str) -> int:
    return db.session.scalar(select(Person.id).where(Person.national_code == code))


def test_a_counsellor_adds_edits_publishes_and_closes_a_training(eid_app, client_as):
    staff = client_as("counsellor")
    anonymous = client_as(None)
    page = staff.get("/back-office/trainings/new", headers=EN)
    assert page.status_code == 200
    refused = submit(staff, page, {**COURSE, "title": "", "ends_on-year": "2026"}, headers=EN)
    assert refused.status_code == 400
    assert "Enter the title" in _text(refused)
    assert "The end date must be on or after the start date" in _text(refused)

    saved = submit(staff, page, COURSE, headers=EN)
    assert saved.status_code == 303
    edit_path = saved.headers["Location"]
    with eid_app.app_context():
        training = db.session.scalar(select(Training))
        assert (training.state, training.title, training.hours, training.isco_code) == (
            TrainingState.DRAFT,
            "CNC machining basics",
            240,
            "7223",
        )
    assert anonymous.get(f"/trainings/{training.id}", headers=EN).status_code == 404  # a draft is not public

    edit = staff.get(edit_path, headers=EN)
    assert 'value="CNC machining basics"' in _text(edit)
    assert submit(staff, edit, {"seats_total": "9"}, headers=EN, action=edit_path).status_code == 303
    published = submit(staff, staff.get(edit_path, headers=EN), headers=EN, action=f"{edit_path}/publish")
    assert published.status_code == 303
    public = anonymous.get(f"/trainings/{training.id}", headers=EN)
    assert public.status_code == 200
    assert "CNC machining basics" in _text(public) and "9 of 9" in _text(public)
    assert "Sign in to ask to join" in _text(public)

    listing = staff.get("/back-office/trainings?state=published", headers=EN)
    assert "CNC machining basics" in _text(listing)
    closed = submit(staff, staff.get(edit_path, headers=EN), headers=EN, action=f"{edit_path}/close")
    assert closed.status_code == 303
    assert anonymous.get(f"/trainings/{training.id}", headers=EN).status_code == 404
    with eid_app.app_context():
        assert db.session.get(Training, training.id).state is TrainingState.CLOSED


def test_a_jobseeker_asks_and_a_counsellor_approves_with_a_decision(eid_app, client_as):
    jobseeker = client_as("jobseeker")
    staff = client_as("counsellor")
    with eid_app.app_context():
        rows.registration(_person_id(JAAN))
        training_id = rows.training(seats=2)

    public = jobseeker.get(f"/trainings/{training_id}", headers=EN)
    assert "Ask to join this training" in _text(public)
    form = jobseeker.get(f"/jobseeker/trainings/{training_id}/request", headers=EN)
    assert form.status_code == 200
    empty = submit(jobseeker, form, {"reason": ""}, headers=EN)
    assert empty.status_code == 400 and "Tell us why you want to join" in _text(empty)
    sent = submit(jobseeker, form, {"reason": "I ran a lathe in my last job."}, headers=EN)
    assert sent.status_code == 303
    mine = jobseeker.get("/jobseeker/training-requests", headers=EN)
    assert "Waiting for an answer" in _text(mine) and "Your request was sent to a counsellor" in _text(mine)
    again = submit(jobseeker, form, {"reason": "again"}, headers=EN)
    assert again.status_code == 409 and "You have already asked to join this training." in _text(again)

    queue = staff.get("/back-office/training-requests", headers=EN)
    assert "Welding (MIG/MAG) basic course" in _text(queue)
    with eid_app.app_context():
        found = db.session.scalar(select(TrainingRequest))
        listed = db.session.scalars(select(AuditEvent).where(AuditEvent.tag == AuditTag.PERSON_LIST)).all()
        assert any(event.subject_person_id == found.person_id for event in listed)
    case = staff.get(f"/back-office/training-requests/{found.id}", headers=EN)
    assert "I ran a lathe in my last job." in _text(case)
    missing = submit(staff, case, {"reason": ""}, headers=EN)
    assert missing.status_code == 400 and "Select whether to approve or refuse the request" in _text(missing)
    answered = submit(staff, case, {"outcome": "approve", "reason": "Your experience fits."}, headers=EN)
    assert answered.status_code == 303

    with eid_app.app_context():
        found = db.session.get(TrainingRequest, found.id)
        assert found.state is TrainingRequestState.APPROVED
        assert db.session.get(Decision, found.decision_id).kind is DecisionKind.TRAINING_APPROVED
        assert db.session.get(Training, training_id).seats_taken == 1
    mine = jobseeker.get("/jobseeker/training-requests", headers=EN)
    assert "Approved" in _text(mine) and "Your experience fits." in _text(mine)
    assert f"/jobseeker/decisions/{found.decision_id}" in _text(mine)
    assert jobseeker.get(f"/jobseeker/decisions/{found.decision_id}", headers=EN).status_code == 200
    # Answered already: a second answer changes nothing and says so.
    late = submit(staff, case, {"outcome": "reject", "reason": "No."}, headers=EN)
    assert late.status_code == 409


def test_a_jobseeker_withdraws_their_own_request_but_not_anothers(eid_app, client_as):
    jobseeker = client_as("jobseeker")
    with eid_app.app_context():
        rows.registration(_person_id(JAAN))
        training_id = rows.training()
        other = rows.person("39001010005")
        rows.registration(other)
        theirs = requests.ask_to_join(other, training_id, "mine").id
        own = requests.ask_to_join(_person_id(JAAN), training_id, "").id

    mine = jobseeker.get("/jobseeker/training-requests", headers=EN)
    _, fields = form_values(_text(mine), f"/jobseeker/training-requests/{own}/withdraw")
    refused = jobseeker.post(f"/jobseeker/training-requests/{theirs}/withdraw", data=dict(fields), headers=EN)
    assert refused.status_code == 404
    with eid_app.app_context():
        assert db.session.get(TrainingRequest, theirs).state is TrainingRequestState.REQUESTED
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.tag == AuditTag.ACCESS_REFUSED))
        assert event.details == {"record": "training_request", "id": theirs}

    withdrawn = submit(jobseeker, mine, headers=EN, action=f"/jobseeker/training-requests/{own}/withdraw")
    assert withdrawn.status_code == 303
    assert "Withdrawn" in _text(jobseeker.get("/jobseeker/training-requests", headers=EN))


def test_not_registered_people_are_told_to_register(eid_app, client_as):
    jobseeker = client_as("jobseeker")
    with eid_app.app_context():
        training_id = rows.training()
    form = jobseeker.get(f"/jobseeker/trainings/{training_id}/request", headers=EN)
    refused = submit(jobseeker, form, {"reason": "Please."}, headers=EN)
    assert refused.status_code == 409
    assert "Only registered jobseekers can ask to join a training." in _text(refused)


def test_measures_show_their_rules_and_a_case_shows_who_meets_them(eid_app, client_as):
    staff = client_as("counsellor")
    page = staff.get("/back-office/measures/new", headers=EN)
    saved = submit(
        staff,
        page,
        {
            "kind": "work_practice",
            "title": "Work practice for young people",
            "eligibility_key": "ee-work-practice",
        },
        headers=EN,
    )
    assert saved.status_code == 303
    listing = staff.get("/back-office/measures", headers=EN)
    assert "Work practice for young people" in _text(listing) and "Age: 16–29" in _text(listing)
    with eid_app.app_context():
        person_id = rows.person("39001010005")  # no birth date known
        rows.registration(person_id)
        request_id = requests.ask_to_join(person_id, rows.training(), "").id
    case = staff.get(f"/back-office/training-requests/{request_id}", headers=EN)
    assert "Work practice for young people" in _text(case)
    assert "Not known yet" in _text(case)  # no birth date: the age criterion is not known


def _statements(app, client, path: str) -> int:
    from sqlalchemy import event

    engine = app.extensions["database_engine"]
    seen = []

    def count(*_args) -> None:
        seen.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path, headers=EN).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_the_lists_cost_the_same_statements_for_one_row_or_many(eid_app, client_as):
    jobseeker = client_as("jobseeker")
    staff = client_as("counsellor")
    with eid_app.app_context():
        person_id = _person_id(JAAN)
        rows.registration(person_id)
        requests.ask_to_join(person_id, rows.training(title="First"), "")
    few = (
        _statements(eid_app, jobseeker, "/jobseeker/training-requests"),
        _statements(eid_app, staff, "/back-office/trainings"),
    )
    with eid_app.app_context():
        for n in range(5):
            requests.ask_to_join(person_id, rows.training(title=f"Course {n}"), "")
    many = (
        _statements(eid_app, jobseeker, "/jobseeker/training-requests"),
        _statements(eid_app, staff, "/back-office/trainings"),
    )
    assert many == few


def test_the_back_office_catalogue_links_its_second_page(eid_app, client_as):
    # More trainings than fit a page: the pagination once answered 500 (the template read `items`
    # of a dict, which Jinja resolves to the dict's method).
    staff = client_as("counsellor")
    with eid_app.app_context():
        for n in range(26):
            rows.training(title=f"Course {n:02}")
    first = staff.get("/back-office/trainings", headers=EN)
    assert first.status_code == 200
    assert "page=2" in first.get_data(as_text=True)
    assert staff.get("/back-office/trainings?page=2", headers=EN).status_code == 200
