"""The person's inbox: something new in the portal (a decision, a certificate, an answer).

Whoever issues a document calls `deliver` inside its own transaction: the message and the outbox row
that says "tell the person" (`portal.services.outbox`, topic `inbox.notice`) are committed together,
so a process that dies after the commit loses no notice. After the commit the caller may call
`notify_after_commit` to have it sent at once; the outbox's periodic job sends it otherwise. The
notice tells the person by e-mail, and by SMS where a phone number is known, ONLY that there is
something new in the portal, with its address: no name, no code, no content, since mail and SMS are
not private channels. Messages waiting together are told about once (`notified_at`, set after the
sending, is what makes a repeated outbox row send nothing). Opening a message records the read
receipt (`read_at`) the first time only.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from functools import cache
from typing import Any, NamedTuple

from flask import current_app
from sqlalchemy import ColumnElement, Integer, ScalarSelect, Select, bindparam, func, select, update
from sqlalchemy.orm import Session

from portal.catalog import gettext
from portal.extensions import db
from portal.i18n import LANGUAGES, in_language
from portal.integrations.sms import SmsSender
from portal.models import Decision, DecisionKind, InboxMessage
from portal.models.base import utcnow
from portal.profiles import current_profile
from portal.services import jobseeker_profile, outbox
from portal.services.core_rows import read_kept
from portal.services.jobseeker_profile import contact_of
from portal.services.mail import absolute_url, send_mail
from portal.services.paging import DEFAULT_SIZE, Page, written_limit
from portal.services.request_memo import shelf

log = logging.getLogger(__name__)

DECISION = "decision"
CERTIFICATE = "certificate"
SMS_DIRECTORY = "sms"
INBOX_ENDPOINT = "jobseeker.inbox"
INBOX_FALLBACK_PATH = "/jobseeker/inbox"
NOTICE_TOPIC = "inbox.notice"
MESSAGES_PER_PAGE = DEFAULT_SIZE


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
    offer_id: int | None = None,
    notice: bool = True,
) -> InboxMessage:
    """Add a message, and the outbox row that tells the person, inside the caller's transaction
    (flushed, so its id is known). After the commit, pass the ids to `notify_after_commit`.
    `notice=False` leaves the telling to the caller's own outbox row: the decisions service tells
    the person only once the decision's document is stored.

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
        person_id=person_id,
        kind=kind,
        decision_id=decision_id,
        certificate_id=certificate_id,
        offer_id=offer_id,
    )
    session.add(message)
    session.flush()
    if notice:
        outbox.add(session, topic=NOTICE_TOPIC, payload={"message_id": message.id}, key=f"person:{person_id}")
    return message


def notify_after_commit(message_ids: Iterable[int]) -> None:
    """After the commit: send the notices now instead of at the outbox's next periodic run."""
    if list(message_ids):
        outbox.kick()


@outbox.handler(NOTICE_TOPIC)
def send_notices(payloads: list[dict]) -> None:
    """The outbox handler: one person's waiting notices (the first tells about them all)."""
    for message_id in sorted({int(payload["message_id"]) for payload in payloads}):
        notify(message_id)


# --- reading ------------------------------------------------------------------------------------


class MessageRow(NamedTuple):
    """A message of the inbox's page, read as columns (not an `InboxMessage`)."""

    id: int
    kind: str
    created_at: dt.datetime
    read_at: dt.datetime | None
    decision_kind: DecisionKind | None  # of the decision it carries


_PERSON = bindparam("person_id", type_=Integer)
# A page of the person's messages, newest first, with the count of them all and of the unread
# (the navigation's) as columns: one statement where the ORM's page, its COUNT and (beyond one
# page) the navigation's count were two or three, each a round trip on PostgreSQL. The counts are
# uncorrelated subqueries, run once by both databases. Built once; the first page's LIMIT written
# in the SQL (`written_limit`), a later page binding only its offset.
_MESSAGES = (
    select(
        InboxMessage.id,
        InboxMessage.kind,
        InboxMessage.created_at,
        InboxMessage.read_at,
        Decision.kind.label("decision_kind"),
        select(func.count())
        .select_from(InboxMessage)
        .where(InboxMessage.person_id == _PERSON)
        .correlate(None)
        .scalar_subquery()
        .label("total"),
        select(func.count())
        .select_from(InboxMessage)
        .where(InboxMessage.person_id == _PERSON, InboxMessage.read_at.is_(None))
        .correlate(None)
        .scalar_subquery()
        .label("unread"),
    )
    .outerjoin(Decision, Decision.id == InboxMessage.decision_id)
    .where(InboxMessage.person_id == _PERSON)
    .order_by(InboxMessage.created_at.desc(), InboxMessage.id.desc())
    .limit(written_limit(MESSAGES_PER_PAGE))
)
_LATER_MESSAGES = _MESSAGES.offset(bindparam("page_offset", type_=Integer))


def message_page(person_id: int, number: int = 1) -> Page[MessageRow]:
    """Page `number` of the person's messages, newest first, with the kind of the decision each
    carries (titles need no statement per message); a page past the end shows the last one, as
    `paging.paginate` does. The navigation's unread count is kept for the request
    (`keep_unread_count`) when the page has rows or the inbox is empty."""
    number = max(number, 1)
    rows = _message_rows(person_id, number)
    if not rows and number > 1:  # past the end (a typo or an old link): the last page, if any
        rows = _message_rows(person_id, 1)
        pages = (rows[0][5] + MESSAGES_PER_PAGE - 1) // MESSAGES_PER_PAGE if rows else 1
        number = 1
        if pages > 1:
            number, rows = pages, _message_rows(person_id, pages)
    keep_unread_count(person_id, rows[0][6] if rows else 0)
    new = tuple.__new__
    return Page(
        items=[new(MessageRow, row[:5]) for row in rows],
        total=rows[0][5] if rows else 0,
        number=number,
        size=MESSAGES_PER_PAGE,
    )


def _message_rows(person_id: int, number: int) -> list[Any]:
    if number == 1:
        return read_kept(_MESSAGES, {"person_id": person_id})[1]
    offset = (number - 1) * MESSAGES_PER_PAGE
    return read_kept(_LATER_MESSAGES, {"person_id": person_id, "page_offset": offset})[1]


@cache
def _unread_count_query() -> Select:
    # Built once: the jobseeker navigation asks on every page, and building the statement cost
    # about three times as much CPU as running it (0.16 of 0.22 ms).
    return (
        select(func.count())
        .select_from(InboxMessage)
        .where(InboxMessage.person_id == bindparam("person_id"), InboxMessage.read_at.is_(None))
    )


def unread_count_of(person_id: ColumnElement[int]) -> ScalarSelect[int]:
    """The unread count as a column of a statement a page runs about the person anyway (correlated
    to its `person_id` column): the navigation then costs no statement of its own, a round trip
    on PostgreSQL. The page hands the value to `keep_unread_count`."""
    return (
        select(func.count())
        .select_from(InboxMessage)
        .where(InboxMessage.person_id == person_id, InboxMessage.read_at.is_(None))
        .correlate_except(InboxMessage)
        .scalar_subquery()
    )


def keep_unread_count(person_id: int, count: int) -> None:
    """The count a page's statement read (`unread_count_of`), for this request's navigation."""
    shelf(_UNREAD)[person_id] = count


_UNREAD = "inbox_unread"


def unread_count(person_id: int) -> int:
    kept = shelf(_UNREAD).pop(person_id, None)  # read by the page's own statement, once
    if kept is not None:
        return int(kept)
    # On the session's connection: a count needs none of the ORM's execution (0.06 -> 0.02 ms)
    # but its autoflush, so that changes not yet flushed are counted as before.
    session = db.session()
    if session.autoflush:
        session.flush()
    return session.connection().execute(_unread_count_query(), {"person_id": person_id}).scalar() or 0


def mark_read(message_id: int) -> None:
    """Record the read receipt the first time the message is opened; later openings keep it."""
    shelf(_UNREAD).clear()  # a count read before is one too many now
    with db.write() as session:
        session.execute(
            update(InboxMessage)
            .where(InboxMessage.id == message_id, InboxMessage.read_at.is_(None))
            .values(read_at=utcnow())
            .execution_options(synchronize_session=False)
        )


# --- telling the person -------------------------------------------------------------------------


def sms_sender() -> SmsSender | None:
    """The app's SMS sender (built by `portal.composition`); None in production without a gateway."""
    return current_app.extensions["sms_sender"]


def notice_language(person_id: int) -> str:
    """The language to write to the person in, decided when a notice is rendered: the one they chose
    for e-mails and SMS, else the profile's first. The one place that decides."""
    return contact_language(jobseeker_profile.notice_language(person_id))


def contact_language(chosen: str | None) -> str:
    return chosen if chosen in LANGUAGES else current_profile().default_language


def notice_texts(language: str) -> tuple[str, str, str]:
    """Subject and body of the e-mail and the SMS text: only that something new is waiting."""
    url = absolute_url(INBOX_ENDPOINT, INBOX_FALLBACK_PATH)
    with in_language(language):
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
    `notified_at` once sent. False when there was nothing to do (already told, read, or no contact
    known). Raises `NotSent` when every channel failed (the outbox retries later)."""
    message = db.session.get(InboxMessage, message_id, populate_existing=True)
    if message is None or message.notified_at is not None or message.read_at is not None:
        return False
    person_id = message.person_id
    email, phone = contact_of(person_id)
    untold = list(
        db.session.scalars(
            select(InboxMessage.id).where(
                InboxMessage.person_id == person_id,
                InboxMessage.notified_at.is_(None),
                InboxMessage.read_at.is_(None),
            )
        )
    )
    if db.session().in_transaction():
        db.session.commit()  # nothing stays open while mail is sent
    sender = sms_sender()
    if sender is None:
        phone = None
    if not email and not phone:
        return False
    language = notice_language(person_id)
    subject, body, sms = notice_texts(language)
    sent = False
    if email:
        try:
            send_mail(to=email, subject=subject, body=body, language=language)
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
        raise NotSent(f"inbox message {message_id}")
    _mark_told(untold, utcnow())
    return True


def _mark_told(ids: list[int], now: dt.datetime) -> None:
    db.transaction(
        lambda session: session.execute(
            update(InboxMessage)
            .where(InboxMessage.id.in_(ids), InboxMessage.notified_at.is_(None))
            .values(notified_at=now)
            .execution_options(synchronize_session=False)
        )
    )
