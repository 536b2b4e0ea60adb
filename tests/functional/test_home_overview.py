"""The jobseeker home's overview read as rows in one statement, with the navigation's unread count
(issue 18): the same decision, certificate and notifications the objects gave."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    Certificate,
    Decision,
    DecisionKind,
    DecisionState,
    InboxMessage,
    NotificationKind,
    NotificationState,
    OutboundNotification,
    RegistrationState,
)
from portal.services import inbox
from portal.services.registration.overview import overview
from tests.eid import JAAN
from tests.functional.test_appeals import add_decision, person_id


def _decision(first: Decision, state: DecisionState) -> Decision:
    return Decision(
        registration_id=first.registration_id,
        person_id=first.person_id,
        kind=DecisionKind.REVIEW_OUTCOME,
        legal_basis=first.legal_basis,
        reasoning=first.reasoning,
        issued_at=first.issued_at + dt.timedelta(days=1),
        state=state,
    )


def test_the_overview_reads_the_decision_in_force_the_latest_certificate_and_the_notifications(eid_app):
    first_id = add_decision(eid_app)
    with eid_app.app_context():
        first = db.session.get(Decision, first_id)
        in_force = _decision(first, DecisionState.ISSUED)
        changed = _decision(first, DecisionState.CHANGED)  # later, but replaced: not shown
        db.session.add_all([in_force, changed])
        for number in ("C-1", "C-2"):
            db.session.add(
                Certificate(
                    number=number,
                    verification_code=f"V{number}",
                    registration_id=first.registration_id,
                    person_id=first.person_id,
                    issued_on=dt.date(2026, 11, 2),
                    valid_until=dt.date(2026, 12, 2),
                )
            )
        for kind, state in (
            (NotificationKind.SOCIAL_ASSISTANCE_STATUS, NotificationState.SENT),
            (NotificationKind.HEALTH_COVERAGE, NotificationState.ACCEPTED),
        ):
            db.session.add(
                OutboundNotification(
                    notification_id=str(uuid.uuid4()),
                    registration_id=first.registration_id,
                    kind=kind,
                    payload={},
                    state=state,
                )
            )
        db.session.commit()
        in_force_id = in_force.id
        jaan = person_id(JAAN)
        unread = db.session.scalar(
            select(func.count()).where(InboxMessage.person_id == jaan, InboxMessage.read_at.is_(None))
        )

    with eid_app.test_request_context():
        found = overview(jaan)
        assert found.draft is False
        assert found.registration is not None
        assert found.registration.state == RegistrationState.REGISTERED
        assert found.registration.is_active
        assert found.decision is not None
        assert (found.decision.id, found.decision.kind) == (in_force_id, DecisionKind.REVIEW_OUTCOME)
        assert found.certificate is not None
        assert (found.certificate.number, found.certificate.valid_until) == ("C-2", dt.date(2026, 12, 2))
        assert [(n.kind, n.state) for n in found.notifications] == [
            (NotificationKind.SOCIAL_ASSISTANCE_STATUS, NotificationState.SENT),
            (NotificationKind.HEALTH_COVERAGE, NotificationState.ACCEPTED),
        ]
        # The navigation takes the count the overview read, once; then it asks again.
        inbox.keep_unread_count(jaan, 41)
        assert inbox.unread_count(jaan) == 41
        assert inbox.unread_count(jaan) == unread


def test_a_person_without_a_registration_has_an_empty_overview(eid_app):
    add_decision(eid_app)  # someone's registration: not this person's
    with eid_app.app_context():
        other = db.session.scalar(select(func.max(Decision.person_id)))
    with eid_app.test_request_context():
        assert overview(other + 1000) == (False, None, None, None, (), False)


def test_a_kept_unread_count_is_dropped_when_a_message_is_read(eid_app):
    add_decision(eid_app)
    with eid_app.app_context():
        jaan = person_id(JAAN)
    with eid_app.test_request_context():
        inbox.keep_unread_count(jaan, 41)
        inbox.mark_read(0)  # no such message: the kept count goes all the same
        assert inbox.unread_count(jaan) != 41
