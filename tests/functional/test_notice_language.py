"""Notices are written in the person's language and in the site's brand, decided when sent."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from portal.extensions import db
from portal.models import JobseekerProfile, Person, Registration
from portal.services import inbox
from portal.services.registration.expiry import _send_reminder
from tests.functional.test_inbox import add_pending, counsellor_decides, mails, sms_texts

ENGLISH_SUBJECT = "You have a new message from the public employment service"


def chooses(app, language: str, registration_id: int) -> None:
    """What the contact step stores when the person picks the language of notices."""
    with app.app_context():
        person_id = db.session.get(Registration, registration_id).person_id
        profile = db.session.scalar(select(JobseekerProfile).where(JobseekerProfile.person_id == person_id))
        profile.notice_language = language
        db.session.commit()


def test_an_english_speaker_in_estonia_is_told_in_english(app, instance_path):
    registration_id = add_pending(app)
    chooses(app, "en", registration_id)
    counsellor_decides(app, registration_id)

    [mail] = mails(instance_path)
    assert mail["Subject"] == ENGLISH_SUBJECT
    assert "There is something new for you" in mail.get_body(preferencelist=("plain",)).get_content()
    [sms] = sms_texts(instance_path)
    assert "\n\nPublic employment service: something new for you in the portal." in sms


def test_without_a_chosen_language_the_profiles_first_is_used(app, instance_path):
    counsellor_decides(app, add_pending(app))

    [mail] = mails(instance_path)
    assert mail["Subject"] == "Teile on töötukassalt uus sõnum"


def test_the_mail_carries_the_sites_name_and_colours(app, instance_path):
    registration_id = add_pending(app, contact={"phone": "", "email": "person@example.ee"})
    chooses(app, "en", registration_id)
    counsellor_decides(app, registration_id)

    [mail] = mails(instance_path)
    assert mail["From"].addresses[0].display_name == "Public employment service"
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="en">' in html
    assert "background:#00625e" in html and ">Public employment service</div>" in html
    assert "http://127.0.0.1:5000/jobseeker/inbox" in html


def test_a_kosovo_serb_is_written_to_in_serbian_latin(make_app):
    app = make_app(PROFILE="XK")  # its first language is Albanian
    with app.app_context():
        person = Person(
            country="XK", national_code="1234567890", given_name="Milica", family_name="Jovanović"
        )
        db.session.add(person)
        db.session.flush()
        db.session.add(
            JobseekerProfile(person_id=person.id, email="milica@example.org", notice_language="sr")
        )
        db.session.commit()
        language = inbox.notice_language(person.id)
        subject, body, sms = inbox.notice_texts(language)

    assert language == "sr"
    assert subject == "Imate novu poruku od javne službe za zapošljavanje"
    assert not any("\u0400" <= ch <= "\u04ff" for ch in subject + body + sms)


def test_the_draft_reminder_is_in_the_language_chosen_for_notices(app, instance_path):
    with app.app_context():
        expires_at = dt.datetime(2026, 12, 20, 12, 0, tzinfo=dt.UTC)
        _send_reminder("person@example.ee", expires_at, app.extensions["profile"], "en")

    [mail] = mails(instance_path)
    assert mail["Subject"] == "Your registration as a jobseeker is not finished"  # English only
    assert "20 December 2026" in mail.get_body(preferencelist=("plain",)).get_content()
