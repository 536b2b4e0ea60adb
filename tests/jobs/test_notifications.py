"""Notifications to the health insurance fund and the social assistance service, through the real
register simulators reached in-process."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

from portal.extensions import db
from portal.jobs.notifications import retry_unaccepted_notifications, send_notification
from portal.models import (
    Certificate,
    NotificationKind,
    NotificationState,
    OutboundNotification,
    QueryDirection,
    Registration,
    RegistrationKind,
    XRoadQuery,
)
from portal.services.notifications import (
    due_for_retry,
    enqueue_registration_notifications,
    notification_status,
    schedule_notifications,
)
from tests.jobs.conftest import JAAN, UNKNOWN_TO_HEALTH, add_registration

NO_RETRIES = {"XROAD_RETRIES": 0}


def rows(registration_id: int) -> dict[NotificationKind, OutboundNotification]:
    db.session.remove()
    found = db.session.scalars(
        select(OutboundNotification).where(OutboundNotification.registration_id == registration_id)
    )
    return {row.kind: row for row in found}


def sent(operation: str) -> list[XRoadQuery]:
    return list(
        db.session.scalars(
            select(XRoadQuery)
            .where(XRoadQuery.direction == QueryDirection.OUTGOING, XRoadQuery.operation == operation)
            .order_by(XRoadQuery.id)
        )
    )


def test_a_registered_unemployed_person_is_notified_to_both_institutions(app):
    with app.app_context():
        registration_id, ids = add_registration()
        registration = db.session.get(Registration, registration_id)
        certificate = db.session.scalar(
            select(Certificate).where(Certificate.registration_id == registration_id)
        )
        today = dt.date.today().isoformat()

        pending = rows(registration_id)
        assert len(ids) == 2 and set(pending) == set(NotificationKind)
        health, social = (
            pending[NotificationKind.HEALTH_COVERAGE],
            pending[NotificationKind.SOCIAL_ASSISTANCE_STATUS],
        )
        assert health.payload == {"start": today, "end": None}
        assert social.payload == {
            "status": "REGISTERED",
            "since": today,
            "certificateNumber": certificate.number,
            "reason": None,
        }
        assert {health.state, social.state} == {NotificationState.PENDING}
        assert uuid.UUID(health.notification_id).version == uuid.UUID(social.notification_id).version == 4
        assert health.notification_id != social.notification_id

        schedule_notifications(ids)

        done = rows(registration_id)
        for row in done.values():
            assert row.state is NotificationState.ACCEPTED
            assert row.attempts == 1 and row.last_error is None
            assert row.accepted_at is not None and row.last_attempt_at is not None
        assert notification_status(registration) == [
            (NotificationKind.HEALTH_COVERAGE, NotificationState.ACCEPTED),
            (NotificationKind.SOCIAL_ASSISTANCE_STATUS, NotificationState.ACCEPTED),
        ]
        [coverage] = sent("createCoverageNotification")
        [status] = sent("createJobseekerStatusNotification")
        for query in (coverage, status):
            assert (query.subject_code, query.on_behalf_of, query.issue, query.purpose) == (
                JAAN,
                None,
                registration.reference,
                "registration notification",
            )
            assert (query.outcome, query.http_status) == ("ok", 201)


def test_a_jobseeker_is_notified_to_social_assistance_only_without_certificate(app):
    with app.app_context():
        registration_id, ids = add_registration(kind=RegistrationKind.JOBSEEKER)
        [row] = rows(registration_id).values()
        assert row.kind is NotificationKind.SOCIAL_ASSISTANCE_STATUS
        assert row.payload["certificateNumber"] is None
        schedule_notifications(ids)
        assert (
            rows(registration_id)[NotificationKind.SOCIAL_ASSISTANCE_STATUS].state
            is NotificationState.ACCEPTED
        )


def test_enqueueing_twice_adds_nothing_new(app):
    with app.app_context():
        registration_id, _ids = add_registration()
        with db.write() as session:
            registration = session.get(Registration, registration_id)
            assert enqueue_registration_notifications(session, registration) == []
        assert len(rows(registration_id)) == 2


def test_a_repeat_uses_the_stored_id_and_stays_accepted(app):
    with app.app_context():
        registration_id, ids = add_registration()
        schedule_notifications(ids)
        health = rows(registration_id)[NotificationKind.HEALTH_COVERAGE]
        original_id = health.notification_id

        # An accepted notification is not sent again.
        send_notification(health.id)
        assert len(sent("createCoverageNotification")) == 1

        # As if the answer had been lost: the row says SENT, the fund already has it.
        with db.write() as session:
            session.get(OutboundNotification, health.id).state = NotificationState.SENT
        send_notification(health.id)

        again = rows(registration_id)[NotificationKind.HEALTH_COVERAGE]
        assert again.state is NotificationState.ACCEPTED
        assert again.notification_id == original_id and again.attempts == 2
        assert [q.http_status for q in sent("createCoverageNotification")] == [201, 200]  # a repeat, not new


def test_a_register_that_does_not_answer_is_retried_until_it_accepts(app, make_app, queue):
    faulty = make_app(XROAD_FAULTS="health-insurance:status=503", **NO_RETRIES)
    with faulty.app_context():
        registration_id, ids = add_registration()
        schedule_notifications(ids)

        found = rows(registration_id)
        health = found[NotificationKind.HEALTH_COVERAGE]
        assert found[NotificationKind.SOCIAL_ASSISTANCE_STATUS].state is NotificationState.ACCEPTED
        assert (health.state, health.attempts) == (NotificationState.SENT, 1)
        assert health.last_error == "ProviderError InternalError HTTP 503"
        assert JAAN not in health.last_error
        # The retry waits in the queue's schedule (a minute away); immediate mode does not run it now.
        [retry] = queue.scheduled()
        assert retry.args == (health.id,)
        assert (
            dt.timedelta(seconds=50)
            < retry.eta - dt.datetime.now(dt.UTC).replace(tzinfo=None)
            < dt.timedelta(seconds=61)
        )

        send_notification(health.id)  # the scheduled retry, still failing: the delay doubles
        health = rows(registration_id)[NotificationKind.HEALTH_COVERAGE]
        assert (health.state, health.attempts) == (NotificationState.SENT, 2)
        later = max(task.eta for task in queue.scheduled())
        assert later - dt.datetime.now(dt.UTC).replace(tzinfo=None) > dt.timedelta(seconds=110)

    with app.app_context():  # the fund is back (same database, no faults)
        send_notification(health.id)
        health = rows(registration_id)[NotificationKind.HEALTH_COVERAGE]
        assert (health.state, health.attempts) == (NotificationState.ACCEPTED, 3)
        assert health.notification_id == found[NotificationKind.HEALTH_COVERAGE].notification_id
        assert health.last_error is None


def test_an_xroad_server_fault_is_retryable(app, make_app):
    faulty = make_app(
        XROAD_FAULTS="social-assistance:xroad_error=Server.ServerProxy.DatabaseError", **NO_RETRIES
    )
    with faulty.app_context():
        registration_id, ids = add_registration()
        schedule_notifications(ids)
        social = rows(registration_id)[NotificationKind.SOCIAL_ASSISTANCE_STATUS]
        assert social.state is NotificationState.SENT
        assert social.last_error == "XRoadSystemError Server.ServerProxy.DatabaseError HTTP 500"
    with app.app_context():
        send_notification(social.id)
        assert (
            rows(registration_id)[NotificationKind.SOCIAL_ASSISTANCE_STATUS].state
            is NotificationState.ACCEPTED
        )


def test_a_refusal_fails_for_good(app, make_app, queue):
    faulty = make_app(XROAD_FAULTS="social-assistance:status=400", **NO_RETRIES)
    with faulty.app_context():
        registration_id, ids = add_registration()
        schedule_notifications(ids)
        social = rows(registration_id)[NotificationKind.SOCIAL_ASSISTANCE_STATUS]
        assert (social.state, social.attempts) == (NotificationState.FAILED, 1)
        assert social.last_error.startswith("BadRequest")
        assert queue.scheduled() == []
    with app.app_context():  # FAILED waits for a person; the job never sends it again
        send_notification(social.id)
        assert rows(registration_id)[NotificationKind.SOCIAL_ASSISTANCE_STATUS].attempts == 1
        assert sent("createJobseekerStatusNotification")[-1].outcome == "bad_request"


def test_a_person_the_fund_does_not_know_fails_without_retry(app, queue):
    with app.app_context():
        registration_id, ids = add_registration(UNKNOWN_TO_HEALTH)
        schedule_notifications(ids)
        found = rows(registration_id)
        assert found[NotificationKind.HEALTH_COVERAGE].state is NotificationState.FAILED
        assert found[NotificationKind.HEALTH_COVERAGE].last_error == "NotFound HTTP 404"
        assert found[NotificationKind.SOCIAL_ASSISTANCE_STATUS].state is NotificationState.ACCEPTED
        assert queue.scheduled() == []


def test_the_safety_net_sends_what_the_queue_lost(app):
    with app.app_context():
        lost_id, lost = add_registration()  # enqueued, never handed to the queue
        waiting_id, waiting = add_registration("48511020417", kind=RegistrationKind.JOBSEEKER)
        now = dt.datetime.now(dt.UTC)
        with db.write() as session:
            for notification_id in lost:
                session.get(OutboundNotification, notification_id).created_at = now - dt.timedelta(minutes=6)
            [row] = [session.get(OutboundNotification, notification_id) for notification_id in waiting]
            row.created_at = now - dt.timedelta(hours=1)
            row.state, row.attempts = NotificationState.SENT, 1
            row.last_attempt_at = now - dt.timedelta(minutes=3)  # its retry is due in a minute: not lost

        assert due_for_retry(now) == sorted(lost)
        assert due_for_retry(now + dt.timedelta(minutes=4)) == sorted([*lost, *waiting])

        retry_unaccepted_notifications()

        assert {row.state for row in rows(lost_id).values()} == {NotificationState.ACCEPTED}
        assert rows(waiting_id)[NotificationKind.SOCIAL_ASSISTANCE_STATUS].state is NotificationState.SENT
        assert due_for_retry(now + dt.timedelta(days=1)) == waiting
