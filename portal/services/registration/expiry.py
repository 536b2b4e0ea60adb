"""Unfinished registrations: a reminder before they expire, then deletion.

A draft untouched for `profile.registration.draft_days` days is deleted; one untouched for
`draft_days - draft_reminder_days` days gets one reminder e-mail, if the person gave an address.
The reminder says only when the draft will be deleted and where to continue: no personal data.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from flask_babel import format_date
from sqlalchemy import delete, select, update

from portal.catalog import gettext
from portal.extensions import db
from portal.i18n import LANGUAGES, in_language
from portal.models import RegistrationDraft
from portal.models.base import utcnow
from portal.profiles import CountryProfile, current_profile
from portal.services.mail import absolute_url, send_mail
from portal.services.registration.answers import Answers

log = logging.getLogger(__name__)

CONTINUE_ENDPOINT = "jobseeker.registration_start"
CONTINUE_FALLBACK_PATH = "/jobseeker/registration/"


@dataclass(frozen=True)
class ExpiryRun:
    deleted: int
    reminded: int


def expire_and_remind(now: dt.datetime | None = None) -> ExpiryRun:
    profile: CountryProfile = current_profile()
    rules = profile.registration
    now = now or utcnow()
    expire_before = now - dt.timedelta(days=rules.draft_days)
    remind_before = now - dt.timedelta(days=rules.draft_days - rules.draft_reminder_days)

    with db.write() as session:
        deleted = session.execute(
            delete(RegistrationDraft)
            .where(RegistrationDraft.updated_at < expire_before)
            .execution_options(synchronize_session=False)
        ).rowcount

    candidates = db.session.execute(
        select(RegistrationDraft.id, RegistrationDraft.updated_at, RegistrationDraft.answers).where(
            RegistrationDraft.updated_at < remind_before,
            RegistrationDraft.reminder_sent_at.is_(None),
        )
    ).all()
    if db.session().in_transaction():
        db.session.commit()  # no transaction stays open while mail is sent

    reminded = 0
    for draft_id, updated_at, answers in candidates:
        contact = Answers.from_json(answers).contact
        email = contact.email
        if not email:
            continue
        if not _claim(draft_id, remind_before, now):
            continue  # touched meanwhile, or another run reminded it
        try:
            expires_at = updated_at + dt.timedelta(days=rules.draft_days)
            _send_reminder(email, expires_at, profile, contact.notice_language)
        except Exception as exc:  # one bad address or a mail server hiccup must not stop the others
            log.warning("Draft %s: reminder not sent (%s)", draft_id, type(exc).__name__)
            _unclaim(draft_id, now)
            continue
        reminded += 1
    return ExpiryRun(deleted=deleted, reminded=reminded)


def _claim(draft_id: int, remind_before: dt.datetime, now: dt.datetime) -> bool:
    """Mark the reminder as sent unless the draft was touched or reminded meanwhile. A reminder is
    not the person's activity: neither the version nor the expiry clock (`updated_at`) moves."""
    with db.write() as session:
        claimed = session.execute(
            update(RegistrationDraft)
            .where(
                RegistrationDraft.id == draft_id,
                RegistrationDraft.reminder_sent_at.is_(None),
                RegistrationDraft.updated_at < remind_before,
            )
            .values(reminder_sent_at=now, updated_at=RegistrationDraft.updated_at)
            .execution_options(synchronize_session=False)
        ).rowcount
    return claimed == 1


def _unclaim(draft_id: int, now: dt.datetime) -> None:
    with db.write() as session:
        session.execute(
            update(RegistrationDraft)
            .where(RegistrationDraft.id == draft_id, RegistrationDraft.reminder_sent_at == now)
            .values(reminder_sent_at=None, updated_at=RegistrationDraft.updated_at)
            .execution_options(synchronize_session=False)
        )


def reminder_text(expires_at: dt.datetime, profile: CountryProfile, language: str) -> tuple[str, str]:
    """Subject and body of the reminder in one language."""
    url = absolute_url(CONTINUE_ENDPOINT, CONTINUE_FALLBACK_PATH)
    with in_language(language):
        day = format_date(profile.local_date(expires_at), "long")
        subject = gettext("Your registration as a jobseeker is not finished")
        body = "\n\n".join(
            [
                gettext(
                    "You started to register as a jobseeker but have not finished. "
                    "Your unfinished registration will be deleted on %(date)s.",
                    date=day,
                ),
                gettext("To continue, sign in at %(url)s", url=url),
                gettext("This message was sent automatically. Please do not reply."),
            ]
        )
    return subject, body


def _send_reminder(
    email: str, expires_at: dt.datetime, profile: CountryProfile, language: str | None = None
) -> None:
    """In the language the person chose for notices on the contact step; when not known, in the
    profile's language followed by English when that is another language."""
    if language in LANGUAGES:
        subject, body = reminder_text(expires_at, profile, language)
        send_mail(to=email, subject=subject, body=body + "\n", language=language)
        return
    languages = [profile.default_language] + (["en"] if profile.default_language != "en" else [])
    texts = [reminder_text(expires_at, profile, language) for language in languages]
    if len(texts) > 1 and texts[0][0] == texts[-1][0]:
        texts = texts[-1:]  # not translated (yet): say it once
    subject = " / ".join(subject for subject, _ in texts)
    body = "\n\n----\n\n".join(body for _, body in texts) + "\n"
    send_mail(to=email, subject=subject, body=body)
