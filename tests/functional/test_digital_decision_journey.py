"""Issue 6's promise end to end: register, find the decision in the inbox, download the sealed PDF,
verify it publicly, ask for a review, and get a counsellor's answer as a new decision."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.documents import seal
from portal.extensions import db
from portal.models import Decision, DecisionKind, DecisionState, InboxMessage
from tests.forms import submit
from tests.functional.test_registration_journey import EN, complete

PREFIX = "/jobseeker/registration"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_from_registration_to_a_sealed_verified_reviewed_decision(eid_app, client_as):
    person = client_as("jobseeker")
    started = submit(person, person.get(f"{PREFIX}/", headers=EN), headers=EN)
    complete(person, started)

    inbox = person.get("/jobseeker/inbox", headers=EN)
    assert inbox.status_code == 200 and "New" in text(inbox)
    with eid_app.app_context():
        message_id = db.session.scalars(select(InboxMessage.id).where(InboxMessage.kind == "decision")).one()
    assert f'href="/jobseeker/inbox/{message_id}"' in inbox.get_data(as_text=True)
    opened = person.get(f"/jobseeker/inbox/{message_id}", headers={**EN, "Sec-Fetch-Site": "same-origin"})
    assert opened.status_code == 303 and "/jobseeker/decisions/" in opened.headers["Location"]
    decision_id = int(opened.headers["Location"].rstrip("/").split("/")[-1])
    with eid_app.app_context():
        message = db.session.scalars(
            select(InboxMessage).where(InboxMessage.decision_id == decision_id)
        ).one()
        assert message.read_at is not None
        decision = db.session.get(Decision, decision_id)
        code = decision.verification_code

    pdf = person.get(f"/jobseeker/decisions/{decision_id}/pdf?lang=en")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    with eid_app.app_context():
        assert seal.validate(pdf.data)

    verified = person.get(f"/verify?code={code.lower()}", headers=EN)
    assert "The document is authentic" in text(verified)

    page = person.get(f"/jobseeker/decisions/{decision_id}", headers=EN)
    asked = submit(
        person,
        page,
        {"reason": "My address is wrong."},
        action=f"/jobseeker/decisions/{decision_id}/review",
        headers=EN,
    )
    assert asked.status_code == 303

    counsellor = client_as("counsellor")
    review = counsellor.get(f"/back-office/reviews/{decision_id}", headers=EN)
    assert review.status_code == 200
    answered = submit(
        counsellor, review, {"outcome": "upheld", "reasoning": "The registers were right."}, headers=EN
    )
    assert answered.status_code == 303, text(answered)[:500]

    with eid_app.app_context():
        first = db.session.get(Decision, decision_id)
        answer = db.session.scalars(select(Decision).where(Decision.responds_to_id == decision_id)).one()
        assert first.state is DecisionState.UPHELD
        assert answer.kind is DecisionKind.REVIEW_OUTCOME and answer.issued_by_staff_id is not None
        waiting = db.session.scalars(select(InboxMessage).where(InboxMessage.decision_id == answer.id)).one()
        assert waiting.read_at is None
    unread = re.search(r"Inbox \((\d+)", text(person.get("/jobseeker/", headers=EN)))
    assert unread and int(unread.group(1)) >= 1  # the answer waits in the inbox, unread
