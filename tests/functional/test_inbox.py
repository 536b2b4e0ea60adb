"""The inbox: a message per issued decision and certificate, told about by e-mail and SMS that say
nothing but "something new, here", a read receipt on first opening, and the unread count."""

from __future__ import annotations

import datetime as dt
import json
import re
from email import policy
from email.parser import BytesParser
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.integrations.sms import HttpSmsSender
from portal.models import (
    Certificate,
    Decision,
    InboxMessage,
    JobseekerProfile,
    Person,
    Registration,
    RegistrationKind,
    RegistrationState,
    StaffMember,
    StaffRole,
)
from portal.services import inbox
from portal.services.registration.decide import decide
from portal.services.staff import add_staff
from tests.conftest import empty_tables
from tests.eid import JAAN, MARI, persona, signed_in
from tests.forms import submit

EN = {"Accept-Language": "en"}
FROM_THE_PORTAL = {"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "navigate"}
COUNSELLOR = "37001010007"
REASONING = "The person's employment ended on 30 September; every condition is met."
INBOX_URL = "http://127.0.0.1:5000/jobseeker/inbox"


def add_pending(app, code: str = JAAN, *, contact=None, kind=RegistrationKind.UNEMPLOYED) -> int:
    """A pending registration of the person with `code` (created when not yet known)."""
    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.national_code == code))
        if person is None:
            person = Person(country="EE", national_code=code, given_name="Mari", family_name="Maasikas")
            db.session.add(person)
            db.session.flush()
        today = app.extensions["profile"].today()
        registration = Registration(
            reference=f"REG-2026-{code[-8:]}",
            person_id=person.id,
            kind=kind,
            state=RegistrationState.PENDING,
            decision_due_on=today + dt.timedelta(days=14),
            consent_at=dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC),
            consent_version="registration-start-2026-11",
            register_data={"sections": {}},
            answers={
                "contact": {"phone": "+372 5123 4567", "email": "person@example.ee"}
                if contact is None
                else contact
            },
            review_reasons=["manual:education"],
        )
        db.session.add(registration)
        given = registration.answers["contact"]
        if db.session.scalar(select(JobseekerProfile).where(JobseekerProfile.person_id == person.id)) is None:
            db.session.add(
                JobseekerProfile(person_id=person.id, email=given.get("email"), phone=given.get("phone"))
            )
        db.session.commit()
        return registration.id


def counsellor_decides(app, registration_id: int, *, approve: bool = True) -> None:
    with app.app_context():
        profile = app.extensions["profile"]
        add_staff(profile, COUNSELLOR, StaffRole.COUNSELLOR, "Tallinn")
        staff = db.session.scalar(select(StaffMember))
        decide(registration_id, approve=approve, reason=REASONING, staff=staff, profile=profile)


def messages(app) -> list[InboxMessage]:
    with app.app_context():
        return list(db.session.scalars(select(InboxMessage).order_by(InboxMessage.id)))


def mails(instance_path: Path) -> list:
    folder = instance_path / "mail"
    return [
        BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        for path in sorted(folder.glob("*.eml"))
    ]


def sms_texts(instance_path: Path) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted((instance_path / "sms").glob("*.txt"))]


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def jobseeker(client_as):
    client = client_as("jobseeker")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


# --- issuing creates messages and tells the person ---------------------------------------------


def test_a_counsellors_registration_delivers_the_decision_and_the_certificate(app, instance_path):
    registration_id = add_pending(app)
    counsellor_decides(app, registration_id)
    decision_message, certificate_message = messages(app)
    with app.app_context():
        decision = db.session.scalars(select(Decision)).one()
        certificate = db.session.scalars(select(Certificate)).one()
    assert (decision_message.kind, decision_message.decision_id) == ("decision", decision.id)
    assert (certificate_message.kind, certificate_message.certificate_id) == ("certificate", certificate.id)
    assert decision_message.notified_at is not None and certificate_message.notified_at is not None
    assert decision_message.read_at is None
    # Told once about both: one e-mail, one SMS.
    assert len(mails(instance_path)) == 1
    assert len(sms_texts(instance_path)) == 1


def test_the_email_says_only_that_something_is_new_and_where(app, instance_path):
    registration_id = add_pending(app)
    counsellor_decides(app, registration_id)
    [mail] = mails(instance_path)
    assert mail["To"] == "person@example.ee"
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert INBOX_URL in body
    with app.app_context():
        decision = db.session.scalars(select(Decision)).one()
        certificate = db.session.scalars(select(Certificate)).one()
        registration = db.session.get(Registration, registration_id)
        secrets = [
            "Mari",
            "Maasikas",
            JAAN,
            REASONING,
            "employment ended",
            decision.legal_basis,
            decision.verification_code,
            certificate.verification_code,
            certificate.number,
            registration.reference,
        ]
    whole = mail.as_string() + body
    for secret in secrets:
        assert secret not in whole, secret


def test_an_sms_goes_to_the_phone_and_names_nothing(app, instance_path):
    registration_id = add_pending(app)
    counsellor_decides(app, registration_id)
    [sms] = sms_texts(instance_path)
    assert sms.startswith("To: +372 5123 4567\n")
    assert INBOX_URL in sms
    for secret in ("Mari", "Maasikas", JAAN, REASONING):
        assert secret not in sms


def test_without_a_phone_only_the_email_goes_out(app, instance_path):
    registration_id = add_pending(app, contact={"email": "person@example.ee"})
    counsellor_decides(app, registration_id)
    assert len(mails(instance_path)) == 1
    assert sms_texts(instance_path) == []


def test_without_any_contact_the_message_waits_untold(app, instance_path):
    registration_id = add_pending(app, contact={})
    counsellor_decides(app, registration_id)
    assert [m.notified_at for m in messages(app)] == [None, None]
    assert mails(instance_path) == [] and sms_texts(instance_path) == []


def test_a_refusal_is_delivered_and_told_too(app, instance_path):
    registration_id = add_pending(app)
    counsellor_decides(app, registration_id, approve=False)
    [message] = messages(app)
    with app.app_context():
        refusal = db.session.scalars(select(Decision)).one()
    assert (message.kind, message.decision_id) == ("decision", refusal.id)
    assert message.notified_at is not None
    assert len(mails(instance_path)) == 1


def test_a_jobseeker_registration_has_no_certificate_message(app):
    registration_id = add_pending(app, kind=RegistrationKind.JOBSEEKER)
    counsellor_decides(app, registration_id)
    assert [m.kind for m in messages(app)] == ["decision"]


def test_delivering_the_same_document_twice_keeps_one_message(app):
    registration_id = add_pending(app, contact={})
    counsellor_decides(app, registration_id, approve=False)
    with app.app_context():
        decision = db.session.scalars(select(Decision)).one()
        with db.write() as session:
            again = inbox.deliver(
                session, person_id=decision.person_id, kind="decision", decision_id=decision.id
            )
            other = inbox.deliver(
                session, person_id=decision.person_id, kind="appeal_received", decision_id=decision.id
            )
            again_id, other_id = again.id, other.id
    first, second = messages(app)
    assert again_id == first.id and other_id == second.id


def test_telling_again_sends_nothing_new(app, instance_path):
    registration_id = add_pending(app)
    counsellor_decides(app, registration_id)
    with app.app_context():
        for message in messages(app):
            assert inbox.notify(message.id) is False
    assert len(mails(instance_path)) == 1


def test_when_every_channel_fails_the_claim_is_released_for_the_retry(app, instance_path):
    registration_id = add_pending(app, contact={"phone": "+372 5123 4567"})

    class Down:
        def send(self, to, text):
            raise httpx.ConnectError("gateway down")

    working = app.extensions["sms_sender"]
    app.extensions["sms_sender"] = Down()
    counsellor_decides(app, registration_id, approve=False)  # the task fails inside the request
    [message] = messages(app)
    assert message.notified_at is None
    with app.app_context(), pytest.raises(inbox.NotSent):
        inbox.notify(message.id)
    app.extensions["sms_sender"] = working
    with app.app_context():
        assert inbox.notify(message.id) is True
    assert messages(app)[0].notified_at is not None and len(sms_texts(instance_path)) == 1


def test_an_sms_gateway_gets_json_when_configured(make_app):
    app = make_app(SMS_URL="https://sms.example/send?key=secret")
    with app.app_context():
        sender = inbox.sms_sender()
    assert isinstance(sender, HttpSmsSender) and "secret" not in repr(sender)
    received = []

    def gateway(request: httpx.Request) -> httpx.Response:
        received.append((str(request.url), json.loads(request.content)))
        return httpx.Response(202)

    HttpSmsSender("https://sms.example/send", transport=httpx.MockTransport(gateway)).send("+3725", "Hi")
    assert received == [("https://sms.example/send", {"to": "+3725", "text": "Hi"})]
    refusing = HttpSmsSender(
        "https://sms.example/send", transport=httpx.MockTransport(lambda r: httpx.Response(500))
    )
    with pytest.raises(httpx.HTTPStatusError):
        refusing.send("+3725", "Hi")


@pytest.fixture
def start(make_app, app):
    apps = []

    def begin(key: str):
        app, client = signed_in(make_app, persona(key).code)
        apps.append(app)
        page = client.get("/jobseeker/registration/", headers=EN)
        return app, client, submit(client, page, headers=EN)

    yield begin
    if apps:
        with apps[0].app_context():
            empty_tables()


def test_an_automatic_registration_through_the_journey_delivers_and_tells(start, instance_path):
    app, client, response = start("unemployed")
    while response.status_code == 303:
        page = client.get(response.headers["Location"], headers=EN)
        path = page.request.path
        if path.endswith("/contact"):
            response = submit(
                client, page, {"phone": "+372 5123 4567", "email": "jaak@example.ee"}, headers=EN
            )
        elif path.endswith(("/check", "/occupations")):
            response = submit(client, page, button=("action", "continue"), headers=EN)
        elif path.endswith(("/preferences", "/situation", "/review")):
            response = submit(client, page, headers=EN)
        else:
            break
    assert "/confirmation/" in page.request.path
    assert sorted(m.kind for m in messages(app)) == ["certificate", "decision"]
    assert all(m.notified_at is not None for m in messages(app))
    [mail] = mails(instance_path)
    assert mail["To"] == "jaak@example.ee"
    assert "Jaak" not in mail.as_string() and JAAN not in mail.as_string()
    home = text_of(client.get("/jobseeker/", headers=EN))
    assert 'href="/jobseeker/inbox"' in home and "Inbox (2" in home


# --- the pages ---------------------------------------------------------------------------------


def test_the_header_shows_the_unread_count(eid_app, client_as):
    client = jobseeker(client_as)
    page = text_of(client.get("/jobseeker/"))
    assert '<a class="govuk-service-navigation__link" href="/jobseeker/inbox"' in page
    assert "Inbox (" not in page  # nothing unread: no count
    counsellor_decides(eid_app, add_pending(eid_app))
    page = text_of(client.get("/jobseeker/"))
    assert 'Inbox (2<span class="govuk-visually-hidden"> unread messages</span>)' in page


def test_the_inbox_lists_messages_newest_first_with_new_ones_tagged(eid_app, client_as):
    client = jobseeker(client_as)
    empty = text_of(client.get("/jobseeker/inbox"))
    assert "You have no messages yet." in empty
    counsellor_decides(eid_app, add_pending(eid_app))
    decision_message, certificate_message = messages(eid_app)
    response = client.get("/jobseeker/inbox")
    assert response.status_code == 200
    page = text_of(response)
    assert '<h1 class="govuk-heading-l">Inbox</h1>' in page
    assert page.index(f"/jobseeker/inbox/{certificate_message.id}") < page.index(
        f"/jobseeker/inbox/{decision_message.id}"
    )
    assert "Unemployment certificate" in page and "Registration decision" in page
    assert page.count('<strong class="govuk-tag govuk-tag--blue">New</strong>') == 2
    assert 'aria-current="page"' in page


def test_opening_a_message_records_the_read_receipt_once(eid_app, client_as):
    client = jobseeker(client_as)
    counsellor_decides(eid_app, add_pending(eid_app))
    decision_message, certificate_message = messages(eid_app)
    response = client.get(f"/jobseeker/inbox/{decision_message.id}", headers=FROM_THE_PORTAL)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/jobseeker/decisions/{decision_message.decision_id}"
    first_read = messages(eid_app)[0].read_at
    assert first_read is not None
    assert client.get(f"/jobseeker/inbox/{decision_message.id}", headers=FROM_THE_PORTAL).status_code == 303
    assert messages(eid_app)[0].read_at == first_read
    page = text_of(client.get("/jobseeker/inbox"))
    assert page.count(">New</strong>") == 1
    assert "Inbox (1<span" in page and "unread message</span>" in page

    opened = client.get(f"/jobseeker/inbox/{certificate_message.id}", headers=FROM_THE_PORTAL)
    assert opened.status_code == 303
    assert opened.headers["Location"] == f"/jobseeker/certificates/{certificate_message.certificate_id}"
    page = text_of(client.get("/jobseeker/inbox"))
    assert ">New</strong>" not in page and "Inbox (" not in page


@pytest.mark.parametrize(
    "headers",
    [
        {},  # no Fetch Metadata, no referrer: who knows where it came from
        {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"},
        {"Sec-Fetch-Site": "none"},
        {"Referer": "https://attacker.example/page"},
        {"Sec-Fetch-Site": "cross-site", "Referer": "http://localhost/jobseeker/inbox"},
    ],
)
def test_a_navigation_from_elsewhere_does_not_record_the_read_receipt(eid_app, client_as, headers):
    client = jobseeker(client_as)
    counsellor_decides(eid_app, add_pending(eid_app))
    decision_message, _certificate = messages(eid_app)
    response = client.get(f"/jobseeker/inbox/{decision_message.id}", headers=headers)
    assert response.status_code == 303  # still shows the message
    assert response.headers["Location"] == f"/jobseeker/decisions/{decision_message.decision_id}"
    assert messages(eid_app)[0].read_at is None


def test_a_referrer_from_the_portal_or_a_post_records_it(eid_app, client_as):
    client = jobseeker(client_as)
    counsellor_decides(eid_app, add_pending(eid_app))
    decision_message, certificate_message = messages(eid_app)
    client.get(
        f"/jobseeker/inbox/{decision_message.id}", headers={"Referer": "http://localhost/jobseeker/inbox"}
    )
    assert messages(eid_app)[0].read_at is not None
    token = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/roles").get_data(as_text=True)
    )
    posted = client.post(f"/jobseeker/inbox/{certificate_message.id}", data={"csrf_token": token.group(1)})
    assert posted.status_code == 303 and messages(eid_app)[1].read_at is not None


def test_another_persons_message_is_refused(eid_app, client_as):
    client = jobseeker(client_as)
    counsellor_decides(eid_app, add_pending(eid_app, code=MARI))
    [other, _certificate] = messages(eid_app)
    assert client.get(f"/jobseeker/inbox/{other.id}").status_code == 404
    assert client.get("/jobseeker/inbox/999999").status_code == 404
    assert messages(eid_app)[0].read_at is None
    page = text_of(client.get("/jobseeker/inbox"))
    assert f"/jobseeker/inbox/{other.id}" not in page and "You have no messages yet." in page


def test_staff_cannot_open_the_inbox(client_as):
    assert client_as("counsellor").get("/jobseeker/inbox").status_code == 403


def test_the_inbox_page_counts_the_unread_for_the_navigation_from_its_rows_or_in_sql(eid_app, client_as):
    client = jobseeker(client_as)
    counsellor_decides(eid_app, add_pending(eid_app))
    # Every message on the page: the navigation's count is the page's own rows'.
    assert "Inbox (2<span" in text_of(client.get("/jobseeker/inbox"))
    with eid_app.app_context():
        person = messages(eid_app)[0].person_id
        read = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        db.session.add_all(
            InboxMessage(person_id=person, kind="plan_reminder", read_at=None if n < 3 else read)
            for n in range(30)
        )
        db.session.commit()
    # More than a page: the count of every unread message, not only the shown ones'.
    assert "Inbox (5<span" in text_of(client.get("/jobseeker/inbox"))
    assert "Inbox (5<span" in text_of(client.get("/jobseeker/inbox?page=2"))
