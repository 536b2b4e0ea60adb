"""Unfinished registrations: one reminder, then deletion."""

from __future__ import annotations

import datetime as dt
import email
from email import policy
from pathlib import Path

from sqlalchemy import select

from portal.extensions import db
from portal.jobs.registration import expire_drafts
from portal.models import RegistrationDraft
from portal.services.registration.expiry import expire_and_remind
from tests.jobs.conftest import JAAN, add_person

CODES = ("38001085718", "38709140271", "49102210337", "48511020417", "36804090524")


def add_draft(code: str, *, age_days: float, email_address: str | None = None, reminded: bool = False) -> int:
    person = add_person(code)
    now = dt.datetime.now(dt.UTC)
    answers = {"contact": {"email": email_address, "phone": "+372 5555 0000"}} if email_address else {}
    with db.write() as session:
        draft = RegistrationDraft(
            person_id=person.id,
            consent_at=now - dt.timedelta(days=age_days),
            consent_version="test",
            prefill={"sections": {}},
            answers=answers,
            updated_at=now - dt.timedelta(days=age_days),
            reminder_sent_at=now - dt.timedelta(days=1) if reminded else None,
        )
        session.add(draft)
    return draft.id


def mails(instance_path: Path) -> list[email.message.EmailMessage]:
    directory = instance_path / "mail"
    files = sorted(directory.glob("*.eml")) if directory.exists() else []
    return [email.message_from_bytes(path.read_bytes(), policy=policy.default) for path in files]


def test_old_drafts_are_deleted_and_drafts_about_to_expire_get_one_reminder(app, instance_path):
    with app.app_context():
        expired = add_draft(CODES[0], age_days=31, email_address="old@example.org")
        due = add_draft(CODES[1], age_days=24, email_address="due@example.org")
        no_address = add_draft(CODES[2], age_days=24)
        reminded = add_draft(CODES[3], age_days=25, email_address="again@example.org", reminded=True)
        fresh = add_draft(CODES[4], age_days=10, email_address="fresh@example.org")
        before = db.session.get(RegistrationDraft, due)
        updated_at, version = before.updated_at, before.version

        expire_drafts()  # the periodic task, run now
        second = expire_and_remind()  # a second run the same day sends nothing more

        assert (second.deleted, second.reminded) == (0, 0)
        db.session.remove()
        remaining = set(db.session.scalars(select(RegistrationDraft.id)))
        assert remaining == {due, no_address, reminded, fresh} and expired not in remaining
        after = db.session.get(RegistrationDraft, due)
        assert after.reminder_sent_at is not None
        # Reminding is not the person's activity: the expiry clock and the version stay.
        assert (after.updated_at, after.version) == (updated_at, version)
        assert db.session.get(RegistrationDraft, no_address).reminder_sent_at is None

    [message] = mails(instance_path)
    assert message["To"] == "due@example.org"
    assert message["From"].addresses[0].addr_spec == "no-reply@localhost"
    assert "jobseeker" in message["Subject"]
    raw = message.as_string()
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "http://127.0.0.1:5000/jobseeker/registration/" in body
    expires = (updated_at + dt.timedelta(days=30)).astimezone(app.extensions["profile"].tz).date()
    assert str(expires.year) in body and str(expires.day) in body
    for personal in (CODES[1], "EE" + CODES[1], "+372 5555 0000", "Test Person"):
        assert personal not in raw and personal not in body


def test_the_link_follows_the_public_url(make_app, instance_path):
    app = make_app(PUBLIC_URL="https://tootukassa.example/portal/")
    with app.app_context():
        add_draft(JAAN, age_days=23.5, email_address="someone@example.org")
        assert expire_and_remind().reminded == 1
    [message] = mails(instance_path)
    assert (
        "https://tootukassa.example/portal/jobseeker/registration/"
        in message.get_body(preferencelist=("plain",)).get_content()
    )


def test_a_reminder_that_cannot_be_sent_is_tried_again_next_time(make_app, app, instance_path):
    broken = make_app(SMTP_URL="smtp://127.0.0.1:1")  # nothing listens on port 1
    with broken.app_context():
        draft_id = add_draft(JAAN, age_days=24, email_address="someone@example.org")
        assert expire_and_remind().reminded == 0
        db.session.remove()
        assert db.session.get(RegistrationDraft, draft_id).reminder_sent_at is None
    with app.app_context():
        assert expire_and_remind().reminded == 1
    assert len(mails(instance_path)) == 1
