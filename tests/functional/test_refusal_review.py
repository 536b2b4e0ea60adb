"""The counsellor's review of refusals under each profile's rules, and the SAS report."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading

import pytest
from sqlalchemy import func, select, update

from portal.extensions import db
from portal.models import (
    AuditEvent,
    AuditTag,
    Decision,
    DecisionKind,
    ListStanding,
    OutboxMessage,
    Refusal,
    RefusalReason,
    ReviewState,
    SasReportState,
    StatusEndProposal,
)
from portal.profiles.refusals import Consequence
from portal.services import list_order, outbox
from portal.services.offers import AlreadyReviewed, answering, proposing, review, sas_report
from portal.services.xroad import simulator
from tests.offers_world import (
    EE_UNEMPLOYED,
    XK_BENEFICIARY,
    XK_COUNSELLOR,
    XK_UNEMPLOYED,
    counsellor,
    offer_to,
    registered,
)


@pytest.fixture(autouse=True)
def _unlinked_after_test(make_app):
    yield
    app = make_app()
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:  # refusals point at their decisions (RESTRICT)
            connection.execute(update(Refusal).values(decision_id=None))


@pytest.fixture
def kosovo(make_app):
    # No retries inside the client: a retryable failure goes straight back to the outbox.
    app = make_app(PROFILE="XK", XROAD_RETRIES=0)
    with app.app_context():
        yield app


@pytest.fixture
def estonia(make_app):
    app = make_app()
    with app.app_context():
        yield app


def refused(app, person_id: int, reason=RefusalReason.NONE, vacancy_id: int | None = None) -> Refusal:
    staff = counsellor(app, XK_COUNSELLOR if app.extensions["profile"].code == "XK" else "49403136526")
    offer = offer_to(app, person_id, vacancy_id=vacancy_id, staff=staff)
    answering.refuse(offer.id, person_id, reason, "text" if reason is RefusalReason.OTHER else None)
    return db.session.scalar(select(Refusal).where(Refusal.offer_id == offer.id))


def confirm(app, refusal: Refusal, *, valid: bool) -> Refusal:
    staff = counsellor(app, XK_COUNSELLOR if app.extensions["profile"].code == "XK" else "49403136526")
    return review.confirm(
        refusal.id,
        staff=staff,
        valid=valid,
        reasoning="Checked with the person.",
        profile=app.extensions["profile"],
    )


def sas_bodies(app, code: str) -> list[dict]:
    return simulator(app).extensions["register_simulator"].job_refusals.get(code, [])


def test_kosovo_first_refusal_of_a_beneficiary_moves_to_the_end_and_reports_deprioritise(kosovo):
    person_id = registered(XK_BENEFICIARY, "XK", social_assistance="ACTIVE")
    done = confirm(kosovo, refused(kosovo, person_id), valid=False)
    assert (done.review_state, done.breach_number, done.consequence) == (
        ReviewState.NOT_VALID,
        1,
        Consequence.MOVE_TO_END,
    )
    assert db.session.get(ListStanding, person_id).moved_to_end_at is not None
    # Sent by the outbox after the commit (jobs run immediately in tests), receipt stored.
    row = db.session.get(Refusal, done.id, populate_existing=True)
    assert row.sas_state is SasReportState.ACCEPTED
    assert row.sas_beneficiary_status == "ACTIVE" and row.sas_received_at is not None
    [body] = sas_bodies(kosovo, XK_BENEFICIARY)
    assert body["refusalId"] == row.sas_refusal_id
    assert (body["recommendation"], body["reasonCode"], body["sequenceNumber"]) == (
        "DEPRIORITISE",
        "NO_VALID_REASON",
        1,
    )
    assert body["offerType"] == "JOB" and body["confirmedBy"].startswith("PES-STAFF-")
    assert db.session.scalar(select(func.count()).select_from(Decision)) == 0  # Kosovo: no decision


def test_kosovo_second_refusal_without_valid_reason_reports_suspend(kosovo):
    person_id = registered(XK_BENEFICIARY, "XK", social_assistance="ACTIVE")
    confirm(kosovo, refused(kosovo, person_id), valid=False)
    second = confirm(kosovo, refused(kosovo, person_id), valid=False)
    assert (second.breach_number, second.consequence) == (2, Consequence.SUSPENSION_PROPOSAL)
    bodies = sas_bodies(kosovo, XK_BENEFICIARY)
    assert [body["recommendation"] for body in bodies] == ["DEPRIORITISE", "SUSPEND"]
    assert bodies[1]["sequenceNumber"] == 2


def test_kosovo_refusal_with_a_valid_reason_has_no_consequence_and_reports_nothing(kosovo):
    person_id = registered(XK_BENEFICIARY, "XK", social_assistance="ACTIVE")
    done = confirm(kosovo, refused(kosovo, person_id, RefusalReason.HEALTH), valid=True)
    assert (done.consequence, done.breach_number, done.sas_state) == (
        Consequence.NONE,
        None,
        SasReportState.NOT_NEEDED,
    )
    assert db.session.get(ListStanding, person_id) is None
    assert sas_bodies(kosovo, XK_BENEFICIARY) == []
    # A valid reason does not count: the next refusal without one is still the first breach.
    nxt = confirm(kosovo, refused(kosovo, person_id), valid=False)
    assert (nxt.breach_number, nxt.consequence) == (1, Consequence.MOVE_TO_END)


def test_kosovo_non_beneficiary_is_moved_to_the_end_and_nothing_is_reported(kosovo):
    person_id = registered(XK_UNEMPLOYED, "XK")
    done = confirm(kosovo, refused(kosovo, person_id), valid=False)
    assert done.consequence is Consequence.MOVE_TO_END and done.sas_state is SasReportState.NOT_NEEDED
    second = confirm(kosovo, refused(kosovo, person_id), valid=False)
    assert second.consequence is Consequence.SUSPENSION_PROPOSAL
    assert second.sas_state is SasReportState.NOT_NEEDED
    assert (
        db.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.topic == review.SAS_TOPIC)
        )
        == 0
    )


def test_a_404_never_a_beneficiary_is_recorded_as_nothing_to_report(kosovo):
    # Our registration said "beneficiary", but the SAS has never known the person.
    person_id = registered(XK_UNEMPLOYED, "XK", social_assistance="ACTIVE")
    done = confirm(kosovo, refused(kosovo, person_id), valid=False)
    row = db.session.get(Refusal, done.id, populate_existing=True)
    assert row.sas_state is SasReportState.NOT_BENEFICIARY
    assert row.sas_beneficiary_status is None
    assert (
        db.session.scalar(select(OutboxMessage.sent_at).where(OutboxMessage.topic == review.SAS_TOPIC))
        is not None
    )


class _FailingFirst:
    """The SAS unavailable for the first POST, then answering: records each body it was sent."""

    def __init__(self, app):
        from portal.simulators.registers import create_simulator

        self.good = simulator(app)
        self.bad = create_simulator("XK", faults="social-assistance:status=503")
        self.bodies: list[dict] = []
        self.failures = 1

    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)
        if environ["REQUEST_METHOD"] == "POST":
            self.bodies.append(json.loads(body))
        if environ["REQUEST_METHOD"] == "POST" and self.failures:
            self.failures -= 1
            return self.bad(environ, start_response)
        return self.good(environ, start_response)


def test_the_sas_report_is_retried_with_the_same_refusal_id_until_accepted(kosovo):
    person_id = registered(XK_BENEFICIARY, "XK", social_assistance="ACTIVE")
    wire = _FailingFirst(kosovo)
    kosovo.extensions["register_simulator"] = wire
    done = confirm(kosovo, refused(kosovo, person_id), valid=False)
    row = db.session.get(Refusal, done.id, populate_existing=True)
    assert row.sas_state is SasReportState.PENDING  # the outbox keeps the row for a retry
    pending = db.session.scalar(select(OutboxMessage).where(OutboxMessage.topic == review.SAS_TOPIC))
    assert pending.sent_at is None and pending.last_error
    outbox.send_due(pending.due_at + dt.timedelta(seconds=1))
    row = db.session.get(Refusal, done.id, populate_existing=True)
    assert row.sas_state is SasReportState.ACCEPTED
    assert [body["refusalId"] for body in wire.bodies] == [row.sas_refusal_id] * 2
    # A crash after the SAS recorded it but before we did: the repeat is answered with the first
    # receipt (200) and the SAS records it once.
    with db.write() as session:
        session.get(Refusal, done.id).sas_state = SasReportState.PENDING
    assert sas_report.report(done.id) is SasReportState.ACCEPTED
    assert len(wire.good.extensions["register_simulator"].job_refusals[XK_BENEFICIARY]) == 1
    assert len(wire.bodies) == 3


def test_estonia_ladder_warns_twice_then_ends_the_registration_with_decisions(estonia):
    person_id = registered(EE_UNEMPLOYED)
    results = [confirm(estonia, refused(estonia, person_id), valid=False) for n in (1, 2, 3)]
    assert [r.consequence for r in results] == [
        Consequence.WARNING,
        Consequence.WARNING,
        Consequence.END_REGISTRATION,
    ]
    decisions = [db.session.get(Decision, r.decision_id) for r in results]
    assert {d.kind for d in decisions} == {DecisionKind.REFUSAL_BREACH}
    assert [d.facts["breach_number"] for d in decisions] == [1, 2, 3]
    assert decisions[2].legal_basis.startswith("Tööturuteenuste ja -toetuste seadus")
    assert all(r.sas_state is SasReportState.NOT_NEEDED for r in results)
    proposal = db.session.scalar(select(StatusEndProposal).where(StatusEndProposal.person_id == person_id))
    assert (proposal.refusal_id, proposal.reason) == (results[2].id, "REFUSED_SUITABLE_WORK")


def test_an_expired_offer_counts_only_when_a_counsellor_confirms(estonia):
    person_id = registered(EE_UNEMPLOYED)
    profile = estonia.extensions["profile"]
    offer = offer_to(estonia, person_id, reply_by=profile.today())
    proposing.expire_due(profile, profile.today() + dt.timedelta(days=1))
    pending = db.session.scalar(select(Refusal).where(Refusal.offer_id == offer.id))
    assert answering.history_of(person_id, profile).breach_dates == ()
    done = confirm(estonia, pending, valid=False)
    assert done.consequence is Consequence.WARNING
    assert len(answering.history_of(person_id, profile).breach_dates) == 1


def test_a_refusal_is_reviewed_once(estonia):
    pending = refused(estonia, registered(EE_UNEMPLOYED))
    first = confirm(estonia, pending, valid=True)
    with pytest.raises(AlreadyReviewed) as raised:
        confirm(estonia, pending, valid=False)
    assert raised.value.reviewed_at == first.reviewed_at


def test_racing_reviews_apply_the_consequence_once(make_app):
    app = make_app(PROFILE="XK")
    with app.app_context():
        refusal_id = refused(app, registered(XK_BENEFICIARY, "XK", social_assistance="ACTIVE")).id
        staff = counsellor(app, XK_COUNSELLOR)
    barrier = threading.Barrier(2)
    results: list[object] = []

    def review_it() -> None:
        with app.app_context():
            barrier.wait()
            try:
                results.append(
                    review.confirm(
                        refusal_id, staff=staff, valid=False, reasoning="x", profile=app.extensions["profile"]
                    )
                )
            except AlreadyReviewed as exc:
                results.append(exc)

    threads = [threading.Thread(target=review_it) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(isinstance(result, AlreadyReviewed) for result in results) == 1
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count()).select_from(OutboxMessage).where(OutboxMessage.topic == review.SAS_TOPIC)
            )
            == 1
        )
        assert (
            db.session.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.tag == AuditTag.REFUSAL_REVIEW)
            )
            == 1
        )


def test_the_review_its_sas_row_and_audit_row_commit_together_or_not_at_all(kosovo, monkeypatch):
    pending = refused(kosovo, registered(XK_BENEFICIARY, "XK", social_assistance="ACTIVE"))

    def crash(*args, **kwargs):
        raise RuntimeError("the process died here")

    monkeypatch.setattr(review.audit, "record", crash)
    with pytest.raises(RuntimeError):
        confirm(kosovo, pending, valid=False)
    row = db.session.get(Refusal, pending.id, populate_existing=True)
    assert row.review_state is ReviewState.PENDING and row.sas_refusal_id is None
    assert (
        db.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.topic == review.SAS_TOPIC)
        )
        == 0
    )
    assert db.session.get(ListStanding, row.person_id) is None


def test_the_list_order_in_sql(kosovo):
    today = dt.date(2026, 1, 1)
    early = registered("1000000001", "XK", registered_on=today)
    priority = registered(
        "1000000002", "XK", social_assistance="ACTIVE", registered_on=today + dt.timedelta(days=30)
    )
    late = registered("1000000003", "XK", registered_on=today + dt.timedelta(days=10))
    profile = kosovo.extensions["profile"]
    from portal.models import Registration

    with db.write() as session:
        for registration in session.scalars(select(Registration)):
            list_order.enter(session, registration, profile)
    confirm(kosovo, refused(kosovo, early), valid=False)
    ordered = db.session.scalars(list_order.ordered(select(ListStanding.person_id))).all()
    assert ordered == [priority, late, early]
