"""The person's inbox: something new in the portal (a decision, a certificate, an answer).

Whoever issues a document calls `deliver` inside its own transaction, so the message exists exactly
when the document does, and after the commit hands the ids to `notify_after_commit`. The background
task (`portal.jobs.inbox.notify_person`) then tells the person by e-mail, and by SMS where a phone
number is known, ONLY that there is something new in the portal, with its address: no name, no
code, no content, since mail and SMS are not private channels. Messages waiting together are told
about once. Opening a message records the read receipt (`read_at`) the first time only.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from pathlib import Path

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.integrations.sms import DirectorySmsSender, HttpSmsSender, SmsSender
from portal.models import InboxMessage, Registration
from portal.models.base import utcnow
from portal.profiles import CountryProfile
from portal.services.mail import absolute_url, send_mail

log = logging.getLogger(__name__)

DECISION = "decision"
CERTIFICATE = "certificate"
SMS_DIRECTORY = "sms"
INBOX_ENDPOINT = "jobseeker.inbox"
INBOX_FALLBACK_PATH = "/jobseeker/inbox"


class NotSent(Exception):
    """Every channel failed: raised so that the task is retried. Names no person."""


# --- delivering ---------------------------------------------------------------------------------


def deliver(
    session: Session,
    *,
    person_id: int,
    kind: str,
    decision_id: int | None = None,
    certificate_id: int | None = None,
) -> InboxMessage:
    """Add a message inside the caller's transaction (flushed, so its id is known). After the
    commit, pass the ids to `notify_after_commit`.

    One document, one message: delivering a decision or a certificate that already has its message
    (registering on appeal goes through the same path as a first registration) returns that one.
    """
    if kind in (DECISION, CERTIFICATE):
        existing = session.scalar(
            select(InboxMessage).where(
                InboxMessage.person_id == person_id,
                InboxMessage.kind == kind,
                InboxMessage.decision_id.is_(None)
                if decision_id is None
                else InboxMessage.decision_id == decision_id,
                InboxMessage.certificate_id.is_(None)
                if certificate_id is None
                else InboxMessage.certificate_id == certificate_id,
            )
        )
        if existing is not None:
            return existing
    message = InboxMessage(
        person_id=person_id, kind=kind, decision_id=decision_id, certificate_id=certificate_id
    )
    session.add(message)
    session.flush()
    return message


def notify_after_commit(message_ids: Iterable[int]) -> None:
    """Hand the messages to the background task that tells the person (call after the commit)."""
    from portal.jobs.inbox import notify_person

    for message_id in dict.fromkeys(message_ids):
        notify_person(message_id)


# --- reading ------------------------------------------------------------------------------------


def messages_for(person_id: int) -> list[InboxMessage]:
    """The person's messages, newest first."""
    return list(
        db.session.scalars(
            select(InboxMessage)
            .where(InboxMessage.person_id == person_id)
            .order_by(InboxMessage.created_at.desc(), InboxMessage.id.desc())
        )
    )


def unread_count(person_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(InboxMessage)
            .where(InboxMessage.person_id == person_id, InboxMessage.read_at.is_(None))
        )
        or 0
    )


def mark_read(message_id: int) -> None:
    """Record the read receipt the first time the message is opened; later openings keep it."""
    with db.write() as session:
        session.execute(
            update(InboxMessage)
            .where(InboxMessage.id == message_id, InboxMessage.read_at.is_(None))
            .values(read_at=utcnow())
            .execution_options(synchronize_session=False)
        )


# --- telling the person -------------------------------------------------------------------------


def sms_sender() -> SmsSender | None:
    """The SMS gateway; the file sink outside production; None in production without a gateway
    (SMS is optional there, e-mail is not: files of phone numbers on a server help nobody)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if "sms_sender" not in app.extensions:
        settings = app.config["PORTAL"]
        if settings["SMS_URL"]:
            app.extensions["sms_sender"] = HttpSmsSender(settings["SMS_URL"])
        elif settings["ENV"] == "production":
            app.extensions["sms_sender"] = None
        else:
            app.extensions["sms_sender"] = DirectorySmsSender(Path(settings["INSTANCE_PATH"]) / SMS_DIRECTORY)
    return app.extensions["sms_sender"]


def contact_of(person_id: int) -> tuple[str | None, str | None]:
    """E-mail address and phone number from the person's newest registration, if they gave them."""
    answers = db.session.scalar(
        select(Registration.answers)
        .where(Registration.person_id == person_id)
        .order_by(Registration.id.desc())
        .limit(1)
    )
    contact = (answers or {}).get("contact") or {}
    return (contact.get("email") or None), (contact.get("phone") or None)


def notice_texts(language: str) -> tuple[str, str, str]:
    """Subject and body of the e-mail and the SMS text: only that something new is waiting."""
    url = absolute_url(INBOX_ENDPOINT, INBOX_FALLBACK_PATH)
    with force_locale(language):
        subject = gettext("You have a new message from the public employment service")
        body = "\n\n".join(
            [
                gettext("There is something new for you in the portal of the public employment service."),
                gettext("To read it, sign in at %(url)s", url=url),
                gettext("This message was sent automatically. Please do not reply."),
            ]
        )
        sms = gettext("Public employment service: something new for you in the portal. %(url)s", url=url)
    return subject, body + "\n", sms


def notify(message_id: int) -> bool:
    """Tell the person about the message and any other of theirs not yet told about; set
    `notified_at`. False when there was nothing to do (already told, read, or no contact known).
    Raises `NotSent` when every channel failed (the claim is released for the retry)."""
    message = db.session.get(InboxMessage, message_id, populate_existing=True)
    if message is None or message.notified_at is not None or message.read_at is not None:
        return False
    person_id = message.person_id
    email, phone = contact_of(person_id)
    if db.session().in_transaction():
        db.session.commit()  # nothing stays open while mail is sent
    sender = sms_sender()
    if sender is None:
        phone = None
    if not email and not phone:
        return False
    now = utcnow()
    claimed = _claim(person_id, message_id, now)
    if not claimed:
        return False  # told meanwhile by a task for another message of theirs
    profile: CountryProfile = current_app.extensions["profile"]
    subject, body, sms = notice_texts(profile.default_language)
    sent = False
    if email:
        try:
            send_mail(to=email, subject=subject, body=body)
            sent = True
        except Exception as exc:  # the SMS may still reach the person
            log.warning("Inbox message %s: e-mail not sent (%s)", message_id, type(exc).__name__)
    if phone:
        try:
            sender.send(phone, sms)  # type: ignore[union-attr]
            sent = True
        except Exception as exc:
            log.warning("Inbox message %s: SMS not sent (%s)", message_id, type(exc).__name__)
    if not sent:
        _unclaim(claimed, now)
        raise NotSent(f"inbox message {message_id}")
    return True


def _claim(person_id: int, message_id: int, now: dt.datetime) -> list[int]:
    """Mark this message and the person's other untold, unread ones as told; empty when this one
    was told (or read) already, by another run."""
    untold = (InboxMessage.notified_at.is_(None), InboxMessage.read_at.is_(None))
    with db.write() as session:
        claimed = session.execute(
            update(InboxMessage)
            .where(InboxMessage.id == message_id, *untold)
            .values(notified_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:
            return []
        session.execute(
            update(InboxMessage)
            .where(InboxMessage.person_id == person_id, *untold)
            .values(notified_at=now)
            .execution_options(synchronize_session=False)
        )
        ids = list(
            session.scalars(
                select(InboxMessage.id).where(
                    InboxMessage.person_id == person_id, InboxMessage.notified_at == now
                )
            )
        )
    return ids


def _unclaim(ids: list[int], now: dt.datetime) -> None:
    with db.write() as session:
        session.execute(
            update(InboxMessage)
            .where(InboxMessage.id.in_(ids), InboxMessage.notified_at == now)
            .values(notified_at=None)
            .execution_options(synchronize_session=False)
        )
