"""Appeals against decisions and answers to review requests, from the person's page to the back office."""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import io
import logging
import re

import pytest
from sqlalchemy import func, select, update
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from portal.extensions import db
from portal.models import (
    Appeal,
    AppealState,
    AuditEvent,
    AuditTag,
    Certificate,
    Decision,
    DecisionKind,
    DecisionState,
    InboxMessage,
    Person,
    Registration,
    RegistrationKind,
    RegistrationState,
)
from portal.services import appeals, decisions
from portal.services.attachments import Upload
from portal.services.decision_figures import decisions_on_time
from tests.eid import JAAN, MARI
from tests.samples import JPEG, PDF, PNG

OTHER = "37001010001"
TEN_MB = 10 * 1024 * 1024
_counter = iter(range(1, 10_000))


def unlink_decisions() -> None:
    """Answers point at the decisions they answer (ON DELETE RESTRICT): unlink them, so that emptying
    the tables after the test can delete every decision in one statement."""
    db.session.remove()
    with db.engine.begin() as connection:
        connection.execute(update(Decision).values(supersedes_id=None, responds_to_id=None))


@pytest.fixture(autouse=True)
def _unlinked_after_test(eid_app):
    yield
    with eid_app.app_context():
        unlink_decisions()


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def csrf_token(response) -> str:
    return re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', response.get_data(as_text=True)
    ).group(1)


def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def person_id(code: str) -> int:
    found = db.session.scalar(select(Person).where(Person.national_code == code))
    if found is None:
        found = Person(country="EE", national_code=code, given_name="Kalle", family_name="Kask")
        db.session.add(found)
        db.session.flush()
    return found.id


def add_decision(
    app,
    code: str = JAAN,
    *,
    days_ago: int = 3,
    kind: DecisionKind = DecisionKind.REGISTRATION,
    automated: bool = False,
    issued_at: dt.datetime | None = None,
    due_on: dt.date | None = None,
    review_reason: str | None = None,
    answers: dict | None = None,
) -> int:
    with app.app_context():
        rejected = kind is DecisionKind.REGISTRATION_REJECTED
        registration = Registration(
            reference=f"REG-2026-APPEAL{next(_counter):03d}",
            person_id=person_id(code),
            kind=RegistrationKind.UNEMPLOYED,
            state=RegistrationState.REJECTED if rejected else RegistrationState.REGISTERED,
            decision_due_on=due_on or dt.date(2026, 11, 16),
            registered_on=None if rejected else dt.date(2026, 11, 2),
            consent_at=dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC),
            consent_version="registration-start-2026-11",
            register_data={"sections": {}},
            answers=answers or {},
            review_reasons=[],
        )
        moment = issued_at or dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago)
        decision = Decision(
            registration=registration,
            person_id=registration.person_id,
            kind=kind,
            legal_basis="Employment Services Act § 6",
            reasoning="The tax register shows an active employment.",
            automated_rule="registration-from-register-data" if automated else None,
            issued_at=moment,
            decision_due_on=due_on,
            review_requested_at=moment + dt.timedelta(hours=1) if review_reason is not None else None,
            review_reason=review_reason,
        )
        db.session.add_all([registration, decision])
        db.session.commit()
        return decision.id


def appeal_url(decision_id: int) -> str:
    return f"/jobseeker/decisions/{decision_id}/appeal"


def multipart(client, url: str, fields: list[tuple[str, object]]):
    """POST a multipart body built in memory: the test client would spool a large body to a
    temporary file it never closes (a ResourceWarning, which this suite treats as an error)."""
    items = [
        (name, FileStorage(io.BytesIO(value[1]), filename=value[0]) if isinstance(value, tuple) else value)
        for name, value in fields
    ]
    boundary, body = encode_multipart(MultiDict(items))
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def post_appeal(client, decision_id: int, reason: str = "My employment ended on 30 September.", files=()):
    token = csrf_token(client.get("/roles"))
    fields = [("csrf_token", token), ("reason", reason)]
    fields += [("attachments", (name, content)) for name, content in files]
    return multipart(client, appeal_url(decision_id), fields)


def file_appeal_directly(app, decision_id: int, files=()) -> int:
    with app.app_context():
        decision = db.session.get(Decision, decision_id)
        appeal = appeals.file_appeal(
            decision_id,
            decision.person_id,
            "The register is wrong.",
            [Upload(name, content) for name, content in files],
            app.extensions["profile"],
        )
        return appeal.id


# --- the person ----------------------------------------------------------------------------------


def test_a_person_appeals_within_the_period_with_documents(eid_app, client_as):
    client = english(client_as("jobseeker"))
    decision_id = add_decision(eid_app, days_ago=29)
    with eid_app.app_context():
        deadline = appeals.appeal_deadline(
            db.session.get(Decision, decision_id), eid_app.extensions["profile"]
        )
    page = text_of(client.get(f"/jobseeker/decisions/{decision_id}"))
    assert f"You can appeal until {deadline.day} {deadline:%B} {deadline.year}." in page
    assert f'href="{appeal_url(decision_id)}"' in page
    # The sealed PDF is offered only where the documents module provides it.
    has_documents = "jobseeker.decision_document" in eid_app.view_functions
    assert ("Download as a sealed PDF" in page) == has_documents

    form = client.get(appeal_url(decision_id))
    assert form.status_code == 200
    body = text_of(form)
    assert 'enctype="multipart/form-data"' in body
    assert body.count('type="file"') == 5

    response = post_appeal(
        client, decision_id, files=[("contract end.pdf", PDF), ("", b""), ("photo.JPG", JPEG), ("scan", PNG)]
    )
    assert response.status_code == 303, text_of(response)[:2000]
    assert response.headers["Location"] == f"/jobseeker/decisions/{decision_id}/appeal/confirmation"
    with eid_app.app_context():
        appeal = db.session.scalar(select(Appeal).where(Appeal.decision_id == decision_id))
        due_on = appeal.due_on
        assert appeal.state is AppealState.PENDING
        assert appeal.reason == "My employment ended on 30 September."
        assert due_on == eid_app.extensions["profile"].today() + dt.timedelta(days=30)
        assert [(a.filename, a.media_type, a.size) for a in appeal.attachments] == [
            ("contract end.pdf", "application/pdf", len(PDF)),
            ("photo.jpg", "image/jpeg", len(JPEG)),
            ("scan.png", "image/png", len(PNG)),
        ]
        assert db.session.get(Decision, decision_id).state is DecisionState.APPEALED
        kinds = db.session.scalars(select(InboxMessage.kind).where(InboxMessage.decision_id == decision_id))
        assert list(kinds) == ["appeal_received"]

    sent = text_of(client.get(response.headers["Location"]))
    assert "Your appeal has been sent" in sent
    assert f"A supervisor will answer by {due_on.day} {due_on:%B} {due_on.year}" in sent
    page = text_of(client.get(f"/jobseeker/decisions/{decision_id}"))
    assert "Appealed" in page and "You appealed against this decision on" in page
    assert "You can appeal until" not in page
    # A second appeal while one is open is not possible: the form leads to the confirmation.
    again = client.get(appeal_url(decision_id))
    assert again.status_code == 303 and again.headers["Location"].endswith("/appeal/confirmation")


def test_after_the_period_the_person_learns_what_else_they_can_do(eid_app, client_as):
    client = english(client_as("jobseeker"))
    decision_id = add_decision(eid_app, days_ago=31)
    page = text_of(client.get(f"/jobseeker/decisions/{decision_id}"))
    assert "The appeal period ended on" in page and "You can appeal until" not in page
    closed = client.get(appeal_url(decision_id))
    assert closed.status_code == 200
    body = text_of(closed)
    assert "The appeal period has ended" in body
    assert "Contact the PES" in body and "administrative court" in body
    refused = post_appeal(client, decision_id)
    assert refused.status_code == 409
    with eid_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Appeal)) == 0
        assert db.session.get(Decision, decision_id).state is DecisionState.ISSUED
        with pytest.raises(appeals.AppealWindowClosed) as closed_error:
            appeals.file_appeal(decision_id, person_id(JAAN), "late", [], eid_app.extensions["profile"])
        assert closed_error.value.deadline == appeals.appeal_deadline(
            db.session.get(Decision, decision_id), eid_app.extensions["profile"]
        )


def test_the_last_day_of_the_period_is_included(eid_app):
    decision_id = add_decision(eid_app, days_ago=0)
    with eid_app.app_context():
        profile = eid_app.extensions["profile"]
        decision = db.session.get(Decision, decision_id)
        deadline = appeals.appeal_deadline(decision, profile)
        assert appeals.can_appeal(decision, profile, deadline)
        assert not appeals.can_appeal(decision, profile, deadline + dt.timedelta(days=1))


def test_an_attachment_that_lies_about_its_type_is_refused_by_name(eid_app, client_as):
    client = english(client_as("jobseeker"))
    decision_id = add_decision(eid_app)
    response = post_appeal(
        client, decision_id, files=[("payslip.pdf", PDF), ("certificate.pdf", b"MZ\x90\x00PE")]
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "There is a problem" in page
    assert (
        '<a href="#attachments-2">The file “certificate.pdf” is not a PDF, JPEG or PNG file. '
        "Choose a PDF, JPEG or PNG file.</a>"
    ) in page
    assert "My employment ended on 30 September." in page  # the reason is kept
    with eid_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Appeal)) == 0
        assert db.session.get(Decision, decision_id).state is DecisionState.ISSUED


def test_a_file_over_10_mb_is_refused_but_the_route_accepts_the_upload(eid_app, client_as):
    client = english(client_as("jobseeker"))
    decision_id = add_decision(eid_app)
    too_big = PDF + b"0" * (TEN_MB + 1 - len(PDF))
    response = post_appeal(client, decision_id, files=[("big scan.pdf", too_big)])
    assert response.status_code == 400  # not 413: the appeal route takes up to 5 files of 10 MB
    assert "The file “big scan.pdf” is larger than 10 MB." in text_of(response)
    with eid_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Appeal)) == 0
    # Every other route keeps the app-wide 1 MB limit.
    token = csrf_token(client.get("/roles"))
    elsewhere = multipart(
        client,
        f"/jobseeker/decisions/{decision_id}/review",
        [("csrf_token", token), ("reason", "x"), ("file", ("a.pdf", PDF + b"0" * (2 * 1024 * 1024)))],
    )
    assert elsewhere.status_code == 413


def test_at_most_five_files(eid_app, client_as):
    client = english(client_as("jobseeker"))
    decision_id = add_decision(eid_app)
    six = [(f"page {n}.pdf", PDF) for n in range(1, 7)]
    response = post_appeal(client, decision_id, files=six)
    assert response.status_code == 400
    assert "You can attach up to 5 files" in text_of(response)
    assert post_appeal(client, decision_id, files=six[:5]).status_code == 303
    with eid_app.app_context():
        assert len(db.session.scalar(select(Appeal)).attachments) == 5


def test_the_reason_is_required_and_bounded(eid_app, client_as):
    client = english(client_as("jobseeker"))
    decision_id = add_decision(eid_app)
    empty = post_appeal(client, decision_id, reason="   ")
    assert empty.status_code == 400
    assert '<a href="#reason">Enter why you think the decision is wrong</a>' in text_of(empty)
    too_long = post_appeal(client, decision_id, reason="x" * 4001)
    assert too_long.status_code == 400
    assert "Your reason must be 4000 characters or fewer" in text_of(too_long)
    assert post_appeal(client, decision_id, reason="x" * 4000).status_code == 303


def test_a_person_cannot_appeal_someone_elses_decision(eid_app, client_as):
    client = english(client_as("jobseeker"))
    other = add_decision(eid_app, code=OTHER)
    assert client.get(appeal_url(other)).status_code == 404
    assert post_appeal(client, other).status_code == 404
    assert client.get(f"{appeal_url(other)}/confirmation").status_code == 404
    assert client.get(appeal_url(999_999)).status_code == 404
    with eid_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Appeal)) == 0
        with pytest.raises(LookupError):
            appeals.file_appeal(other, person_id(JAAN), "not mine", [], eid_app.extensions["profile"])


# --- the supervisor ------------------------------------------------------------------------------


def test_a_supervisor_upholds_a_decision(eid_app, client_as):
    decision_id = add_decision(eid_app)
    appeal_id = file_appeal_directly(eid_app, decision_id, files=[("evidence.pdf", PDF), ("photo.png", PNG)])
    supervisor = english(client_as("supervisor"))

    queue = supervisor.get("/back-office/appeals")
    assert queue.status_code == 200
    assert f'href="/back-office/appeals/{appeal_id}"' in text_of(queue)
    with eid_app.app_context():
        [listed] = db.session.scalars(select(AuditEvent).where(AuditEvent.tag == AuditTag.PERSON_LIST)).all()
        assert listed.subject_person_id == db.session.get(Appeal, appeal_id).person_id
        assert (listed.purpose, listed.actor_role) == ("appeals queue listed", "supervisor")
        assert listed.details["data_categories"] == ["name", "registration", "decision", "appeal"]
    case = supervisor.get(f"/back-office/appeals/{appeal_id}")
    assert case.status_code == 200
    page = text_of(case)
    assert "The register is wrong." in page and "evidence.pdf" in page
    with eid_app.app_context():
        attachment_ids = [a.id for a in db.session.get(Appeal, appeal_id).attachments]

    download = supervisor.get(f"/back-office/appeals/{appeal_id}/attachments/{attachment_ids[1]}")
    assert download.status_code == 200
    assert download.data == PNG
    assert download.mimetype == "image/png"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert "photo.png" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    other_decision = add_decision(eid_app, code=OTHER)
    other_appeal = file_appeal_directly(eid_app, other_decision, files=[("x.pdf", PDF)])
    assert (
        supervisor.get(f"/back-office/appeals/{other_appeal}/attachments/{attachment_ids[0]}").status_code
        == 404
    )

    token = csrf_token(case)
    url = f"/back-office/appeals/{appeal_id}/decision"
    missing = supervisor.post(url, data={"csrf_token": token, "outcome": "upheld"})
    assert missing.status_code == 400 and "Enter the reasons for your decision" in text_of(missing)
    done = supervisor.post(
        url, data={"csrf_token": token, "outcome": "upheld", "reasoning": "The employment was active."}
    )
    assert done.status_code == 303 and done.headers["Location"] == "/back-office/appeals"
    assert "The decision was upheld" in text_of(supervisor.get("/back-office/appeals"))

    with eid_app.app_context():
        appeal = db.session.get(Appeal, appeal_id)
        original = db.session.get(Decision, decision_id)
        outcome = db.session.get(Decision, appeal.outcome_decision_id)
        assert appeal.state is AppealState.DECIDED and appeal.handled_by_staff_id is not None
        assert original.state is DecisionState.UPHELD
        assert outcome.kind is DecisionKind.APPEAL_OUTCOME
        assert outcome.responds_to_id == decision_id and outcome.supersedes_id is None
        assert outcome.legal_basis == original.legal_basis
        assert outcome.decision_due_on == appeal.due_on
        assert outcome.reasoning == "The employment was active."
        messages = db.session.scalars(select(InboxMessage.kind).where(InboxMessage.decision_id == outcome.id))
        assert list(messages) == ["decision"]
        outcome_id = outcome.id

    again = supervisor.post(url, data={"csrf_token": token, "outcome": "changed", "reasoning": "Again"})
    assert again.status_code == 409

    jobseeker = english(client_as("jobseeker"))
    page = text_of(jobseeker.get(f"/jobseeker/decisions/{decision_id}"))
    assert "Upheld after review" in page
    assert f'href="/jobseeker/decisions/{outcome_id}"' in page
    answer = text_of(jobseeker.get(f"/jobseeker/decisions/{outcome_id}"))
    assert "Decision on your appeal" in answer and "The earlier decision stays as it was" in answer


def test_a_supervisor_changes_a_refusal_and_the_person_is_registered(eid_app, client_as):
    decision_id = add_decision(eid_app, kind=DecisionKind.REGISTRATION_REJECTED)
    appeal_id = file_appeal_directly(eid_app, decision_id)
    supervisor = english(client_as("supervisor"))
    case = supervisor.get(f"/back-office/appeals/{appeal_id}")
    assert "Changing the decision registers the person." in text_of(case)  # what "change" does, said
    token = csrf_token(case)
    done = supervisor.post(
        f"/back-office/appeals/{appeal_id}/decision",
        data={"csrf_token": token, "outcome": "changed", "reasoning": "The employment ended in September."},
    )
    assert done.status_code == 303
    with eid_app.app_context():
        original = db.session.get(Decision, decision_id)
        appeal = db.session.get(Appeal, appeal_id)
        outcome = db.session.get(Decision, appeal.outcome_decision_id)
        assert original.state is DecisionState.CHANGED
        assert outcome.kind is DecisionKind.APPEAL_OUTCOME
        assert outcome.supersedes_id == decision_id and outcome.responds_to_id == decision_id
        assert outcome.automated_rule is None and outcome.issued_by_staff_id is not None
        registration = original.registration
        assert registration.state is RegistrationState.REGISTERED
        assert registration.registered_on == eid_app.extensions["profile"].today()
        assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1
        # One act, one decision: the registration is the appeal's outcome itself.
        assert [d.kind for d in registration.decisions] == [
            DecisionKind.REGISTRATION_REJECTED,
            DecisionKind.APPEAL_OUTCOME,
        ]
        kinds = sorted(db.session.scalars(select(InboxMessage.kind)))
        assert kinds == ["appeal_received", "certificate", "decision"]
        outcome_id = outcome.id

    jobseeker = english(client_as("jobseeker"))
    page = text_of(jobseeker.get(f"/jobseeker/decisions/{decision_id}"))
    assert (
        f'<a class="govuk-link" href="/jobseeker/decisions/{outcome_id}">Changed: see the new decision</a>'
        in page
    )
    assert "You can appeal until" not in page
    new = text_of(jobseeker.get(f"/jobseeker/decisions/{outcome_id}"))
    assert "The earlier decision was changed" in new
    assert "This decision answers your appeal against the decision of" in new
    # The answer to an appeal is contested in court, not by another appeal.
    assert "This decision cannot be appealed" in text_of(jobseeker.get(appeal_url(outcome_id)))


def test_a_supervisor_does_not_answer_an_appeal_against_their_own_decision(eid_app, client_as):
    supervisor = english(client_as("supervisor"))
    decision_id = add_decision(eid_app)
    with eid_app.app_context():
        from portal.models import StaffMember

        staff = db.session.scalar(select(StaffMember))
        db.session.get(Decision, decision_id).issued_by_staff_id = staff.id
        db.session.commit()
        staff_id = staff.id
    appeal_id = file_appeal_directly(eid_app, decision_id)
    token = csrf_token(supervisor.get(f"/back-office/appeals/{appeal_id}"))
    refused = supervisor.post(
        f"/back-office/appeals/{appeal_id}/decision",
        data={"csrf_token": token, "outcome": "upheld", "reasoning": "Right"},
    )
    assert refused.status_code == 403
    assert "Another supervisor must answer this appeal." in text_of(refused)
    with eid_app.app_context():
        assert db.session.get(Appeal, appeal_id).state is AppealState.PENDING
        staff = db.session.get(StaffMember, staff_id)
        with pytest.raises(decisions.OwnDecision):
            appeals.decide_appeal(
                appeal_id, staff=staff, upheld=True, reasoning="x", profile=eid_app.extensions["profile"]
            )


def test_a_counsellor_cannot_open_the_supervisor_pages(eid_app, client_as):
    decision_id = add_decision(eid_app, code=OTHER)
    appeal_id = file_appeal_directly(eid_app, decision_id, files=[("a.pdf", PDF)])
    with eid_app.app_context():
        attachment_id = db.session.get(Appeal, appeal_id).attachments[0].id
    counsellor = english(client_as("counsellor"))
    assert counsellor.get("/back-office/appeals").status_code == 403
    assert counsellor.get(f"/back-office/appeals/{appeal_id}").status_code == 403
    assert counsellor.get(f"/back-office/appeals/{appeal_id}/attachments/{attachment_id}").status_code == 403
    token = csrf_token(counsellor.get("/roles"))
    refused = counsellor.post(
        f"/back-office/appeals/{appeal_id}/decision",
        data={"csrf_token": token, "outcome": "changed", "reasoning": "No"},
    )
    assert refused.status_code == 403
    home = text_of(counsellor.get("/back-office/"))
    assert "/back-office/appeals" not in home
    with eid_app.app_context():
        assert db.session.get(Appeal, appeal_id).state is AppealState.PENDING
    jobseeker = client_as("jobseeker")
    assert jobseeker.get("/back-office/appeals").status_code == 403


# --- review requests -----------------------------------------------------------------------------


def test_a_review_request_is_answered_by_a_decision(eid_app, client_as):
    decision_id = add_decision(eid_app, code=OTHER, automated=True, review_reason="My job ended earlier.")
    counsellor = english(client_as("counsellor"))
    queue = text_of(counsellor.get("/back-office/registrations"))
    assert f'href="/back-office/reviews/{decision_id}"' in queue
    page = counsellor.get(f"/back-office/reviews/{decision_id}")
    assert page.status_code == 200
    assert "My job ended earlier." in text_of(page)
    token = csrf_token(page)
    url = f"/back-office/reviews/{decision_id}"
    assert counsellor.post(url, data={"csrf_token": token, "reasoning": "x"}).status_code == 400
    done = counsellor.post(
        url, data={"csrf_token": token, "outcome": "upheld", "reasoning": "The tax register is right."}
    )
    assert done.status_code == 303 and done.headers["Location"] == url
    answered = text_of(counsellor.get(url))
    assert "The decision was upheld" in answered and "The tax register is right." in answered
    assert "Record the decision" not in answered
    with eid_app.app_context():
        original = db.session.get(Decision, decision_id)
        outcome = appeals.review_outcome(decision_id)
        assert original.state is DecisionState.UPHELD
        assert outcome.kind is DecisionKind.REVIEW_OUTCOME
        assert outcome.responds_to_id == decision_id and outcome.supersedes_id is None
        assert outcome.decision_due_on == appeals.review_due_on(original, eid_app.extensions["profile"])
        assert appeals.pending_reviews() == []
    assert (
        counsellor.post(url, data={"csrf_token": token, "outcome": "changed", "reasoning": "y"}).status_code
        == 409
    )
    # A decision nobody asked to review has no review page.
    plain = add_decision(eid_app, code=OTHER, kind=DecisionKind.REGISTRATION_REJECTED)
    assert counsellor.get(f"/back-office/reviews/{plain}").status_code == 404


def test_a_changed_review_supersedes_the_automated_decision(eid_app, client_as):
    decision_id = add_decision(eid_app, automated=True, review_reason="I am employed.")
    with eid_app.app_context():
        from portal.models import StaffMember, StaffRole

        counsellor = StaffMember(person_id=person_id(MARI), role=StaffRole.COUNSELLOR, office="Tallinn")
        db.session.add(counsellor)
        db.session.commit()
        outcome = appeals.answer_review(
            decision_id,
            staff=counsellor,
            upheld=False,
            reasoning="You are registered as a jobseeker, not as unemployed.",
            profile=eid_app.extensions["profile"],
        )
        assert outcome.supersedes_id == decision_id
        assert db.session.get(Decision, decision_id).state is DecisionState.CHANGED
        # The change reaches the registration: registered as unemployed, now as a jobseeker.
        assert outcome.registration.kind is RegistrationKind.JOBSEEKER
        outcome_id = outcome.id
    jobseeker = english(client_as("jobseeker"))
    page = text_of(jobseeker.get(f"/jobseeker/decisions/{decision_id}"))
    assert f'href="/jobseeker/decisions/{outcome_id}">Changed: see the new decision' in page
    assert "This decision answers your request to review the decision of" in text_of(
        jobseeker.get(f"/jobseeker/decisions/{outcome_id}")
    )


# --- figures and reminders -----------------------------------------------------------------------


def test_the_share_of_decisions_made_on_time(eid_app, client_as):
    tallinn_due = dt.date(2026, 3, 31)
    # On time: well before, and at 20:59 UTC on the due day (23:59 in Tallinn).
    add_decision(
        eid_app,
        kind=DecisionKind.REGISTRATION_REJECTED,
        issued_at=dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC),
        due_on=tallinn_due,
    )
    add_decision(
        eid_app,
        kind=DecisionKind.REGISTRATION_REJECTED,
        issued_at=dt.datetime(2026, 3, 31, 20, 59, tzinfo=dt.UTC),
        due_on=tallinn_due,
    )
    # Late: 23:30 UTC on the due day is already the next day in Tallinn.
    add_decision(
        eid_app,
        kind=DecisionKind.REGISTRATION_REJECTED,
        issued_at=dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC),
        due_on=tallinn_due,
    )
    add_decision(
        eid_app,
        kind=DecisionKind.REGISTRATION_REJECTED,
        issued_at=dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC),
    )  # no deadline
    with eid_app.app_context():
        assert decisions_on_time() == (2, 3)
        assert decisions_on_time(since=dt.date(2026, 3, 31)) == (1, 2)
        assert decisions_on_time(since=dt.date(2026, 4, 1)) == (0, 1)
    counsellor = english(client_as("counsellor"))
    assert "67% of decisions made on time (2 of 3)" in text_of(counsellor.get("/back-office/"))


def test_the_home_page_without_decisions_and_the_supervisor_link(client_as):
    supervisor = english(client_as("supervisor"))
    page = text_of(supervisor.get("/back-office/"))
    assert "No decision with a deadline has been made yet." in page
    assert 'href="/back-office/appeals"' in page


@contextlib.contextmanager
def captured(caplog):
    """The app's logger does not propagate to the root logger: listen on the job's logger itself."""
    logger = logging.getLogger("portal.services.deadline_reminders")
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO, logger="portal.services.deadline_reminders"):
            yield
    finally:
        logger.removeHandler(caplog.handler)


def _mails(instance_path) -> list[email.message.Message]:
    directory = instance_path / "mail"
    return [email.message_from_bytes(path.read_bytes()) for path in sorted(directory.glob("*.eml"))]


def test_the_office_reminder_holds_counts_and_no_personal_data(make_app, instance_path, caplog):
    app = make_app(STAFF_NOTIFY_EMAIL="office@pes.example", PUBLIC_URL="https://portal.example")
    try:
        today = dt.datetime.now(dt.UTC).date()
        add_decision(app, kind=DecisionKind.REGISTRATION_REJECTED, due_on=today)  # decided: not counted
        with app.app_context():
            registration = Registration(
                reference="REG-2026-SECRET01",
                person_id=person_id(JAAN),
                kind=RegistrationKind.UNEMPLOYED,
                state=RegistrationState.PENDING,
                decision_due_on=today - dt.timedelta(days=3),
                consent_at=dt.datetime.now(dt.UTC),
                consent_version="v",
                register_data={},
                answers={"contact": {"email": "kalle@example.com", "phone": "+372 5123 4567"}},
                review_reasons=["manual:education"],
            )
            db.session.add(registration)
            db.session.commit()
        decision_id = add_decision(app, code=OTHER, days_ago=1)
        file_appeal_directly(app, decision_id)  # due in 30 days: not counted

        from portal.jobs.reminders import remind_counsellors

        with app.app_context(), captured(caplog):
            remind_counsellors()  # the periodic task itself, run at once (immediate mode in tests)
        mails = _mails(instance_path)
        assert len(mails) == 1
        mail = mails[0]
        assert mail["To"] == "office@pes.example"
        plain = next(part for part in mail.walk() if part.get_content_type() == "text/plain")
        body = plain.get_payload(decode=True).decode(plain.get_content_charset() or "utf-8")
        text = str(mail["Subject"]) + body
        assert "Registrations waiting for a decision: 1 overdue, 0 due within 2 days" in body
        assert "Appeals: 0 overdue, 0 due within 2 days" in body
        assert "https://portal.example/back-office/" in body
        for personal in ("Kalle", "Kask", JAAN, OTHER, "REG-2026", "kalle@example.com", "5123", "education"):
            assert personal not in text
        assert "registrations 1 overdue" in caplog.text
    finally:
        with app.app_context():
            from tests.conftest import empty_tables

            empty_tables()


def test_without_an_office_address_the_counts_are_only_logged(make_app, instance_path, caplog):
    app = make_app()
    try:
        with app.app_context():
            db.session.add(
                Registration(
                    reference="REG-2026-LATE0001",
                    person_id=person_id(JAAN),
                    kind=RegistrationKind.UNEMPLOYED,
                    state=RegistrationState.PENDING,
                    decision_due_on=dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1),
                    consent_at=dt.datetime.now(dt.UTC),
                    consent_version="v",
                    register_data={},
                    answers={},
                    review_reasons=[],
                )
            )
            db.session.commit()
            from portal.services.deadline_reminders import send_deadline_reminder

            with captured(caplog):
                counts = send_deadline_reminder()
        assert counts.registrations_due_soon == 1 and counts.total == 1
        assert "registrations 0 overdue, 1 due soon" in caplog.text
        assert not (instance_path / "mail").exists() or _mails(instance_path) == []
    finally:
        with app.app_context():
            from tests.conftest import empty_tables

            empty_tables()
