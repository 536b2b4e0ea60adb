"""The transactional outbox: a notice committed with its message is sent once, whatever dies when.

"Dying" here is an exception the sender does not catch (`ProcessDied`, a BaseException like the
SystemExit a killed worker raises) or simply never running the code after the commit: what is left
in the database is exactly what a crashed process leaves.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from portal import worker
from portal.extensions import db
from portal.jobs.outbox import send_due_outbox
from portal.models import InboxMessage, OutboxMessage, Registration
from portal.models.base import utcnow
from portal.services import inbox, outbox
from tests.jobs.conftest import add_registration

CONTACT = {"contact": {"email": "person@example.ee"}}


class ProcessDied(BaseException):
    """What the worker "raises" when it is killed: nothing in the portal catches it."""


class DyingMailer:
    def send(self, message) -> None:
        raise ProcessDied


def mails(instance_path: Path) -> int:
    return len(list((instance_path / "mail").glob("*.eml")))


def commit_a_message() -> int:
    """Deliver a message and commit, then "die" before anything after the commit runs."""
    registration_id, _ = add_registration(answers=CONTACT, notify=False)
    with db.write() as session:
        person_id = session.get(Registration, registration_id).person_id
        message = inbox.deliver(session, person_id=person_id, kind="appeal_received")
    return message.id


def rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_the_row_that_says_notify_is_committed_with_the_message(app):
    with app.app_context():
        message_id = commit_a_message()
        [row] = rows()
        assert (row.topic, row.payload, row.sent_at) == ("inbox.notice", {"message_id": message_id}, None)


def test_a_message_committed_right_before_the_process_dies_is_still_told_once(
    app, instance_path, monkeypatch
):
    monkeypatch.setattr(worker, "_worker_app", app)  # the consumer's own app, on the same database
    with app.app_context():
        commit_a_message()  # and nothing after the commit ran: no kick, no task queued
    assert mails(instance_path) == 0
    send_due_outbox()  # the periodic job, as the consumer runs it every minute
    assert mails(instance_path) == 1
    send_due_outbox()
    assert mails(instance_path) == 1
    with app.app_context():
        [row] = rows()
        assert row.sent_at is not None and row.attempts == 1


def test_a_sender_killed_while_sending_leaves_the_row_to_the_next_run_after_its_lease(app, instance_path):
    with app.app_context():
        message_id = commit_a_message()
        working = app.extensions["mailer"]
        app.extensions["mailer"] = DyingMailer()
        now = utcnow()
        with pytest.raises(ProcessDied):
            outbox.send_due(now)
        app.extensions["mailer"] = working
        assert outbox.send_due(now).sent == []  # still claimed by the dead sender
        assert mails(instance_path) == 0
        report = outbox.send_due(now + outbox.LEASE)
        assert len(report.sent) == 1 and mails(instance_path) == 1
        assert outbox.send_due(now + 2 * outbox.LEASE).sent == []
        assert db.session.get(InboxMessage, message_id, populate_existing=True).notified_at is not None
    assert mails(instance_path) == 1


def test_a_crash_after_sending_but_before_the_sent_mark_sends_nothing_twice(app, instance_path):
    with app.app_context():
        message_id = commit_a_message()
        assert inbox.notify(message_id) is True  # the notice went out and notified_at was written …
        now = utcnow()
        [row] = rows()
        assert row.sent_at is None  # … but the sender died before marking the row
        report = outbox.send_due(now)
        assert report.sent == [row.id]
    assert mails(instance_path) == 1


def test_a_failing_handler_backs_off_and_is_given_up_after_the_last_attempt(app, monkeypatch):
    calls = []

    @outbox.handler("test.always-fails")
    def fails(payloads):
        calls.append(payloads)
        raise ConnectionError("down")

    monkeypatch.setattr(outbox, "MAX_ATTEMPTS", 3)
    with app.app_context():
        with db.write() as session:
            row_id = outbox.add(session, topic="test.always-fails", payload={"n": 1}).id
        now = utcnow()
        assert outbox.send_due(now).retried == [row_id]
        assert outbox.send_due(now).retried == []  # not due before the backoff
        later = now + outbox.retry_delay(1)
        assert outbox.send_due(later).retried == [row_id]
        assert outbox.send_due(later + outbox.retry_delay(2)).failed == [row_id]
        [row] = rows()
        assert row.failed_at is not None and row.last_error == "ConnectionError" and row.attempts == 3
        assert outbox.send_due(later + outbox.retry_delay(10)).failed == []
    assert len(calls) == 3


def test_rows_with_one_key_go_to_their_handler_together(app):
    calls = []

    @outbox.handler("test.grouped")
    def grouped(payloads):
        calls.append(sorted(payload["n"] for payload in payloads))

    with app.app_context():
        with db.write() as session:
            for n in (1, 2):
                outbox.add(session, topic="test.grouped", payload={"n": n}, key="person:1")
            outbox.add(session, topic="test.grouped", payload={"n": 3}, key="person:2")
        outbox.send_due()
        assert all(row.sent_at is not None for row in rows())
    assert sorted(calls) == [[1, 2], [3]]
