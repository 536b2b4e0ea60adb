"""A registration ends for a reason, by a decision with its date; the certificate stops being valid
from that date, the institutions are told, and proposals are handled as each profile says."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import (
    AutomatedRule,
    Certificate,
    CertificateStatus,
    Decision,
    DecisionKind,
    EndReason,
    NotificationKind,
    OutboundNotification,
    ProposalSource,
    ProposalState,
    Registration,
    RegistrationKind,
    RegistrationState,
    StaffRole,
    StatusProposal,
)
from portal.services import appeals, jobseekers, verification
from portal.services.decisions import Issuer
from portal.services.lifecycle import ending, own, proposals
from portal.services.registration.decide import request_review
from portal.services.xroad import simulator
from tests.eid import JAAN, MARI
from tests.lifecycle import registered, staff_member

XK_CODE = "1234567891"


@pytest.fixture(autouse=True)
def _unlinked_after_test(app):
    yield
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            connection.execute(update(Decision).values(supersedes_id=None, responds_to_id=None))


def staff(app, role=StaffRole.COUNSELLOR, code=MARI):
    return staff_member(app, code, role)


def statuses(app, code):
    return simulator(app).extensions["register_simulator"].jobseeker_statuses.get(code, [])


@pytest.mark.parametrize("reason", list(EndReason))
def test_every_end_reason_is_a_decision_with_its_date_and_the_certificate_ends_then(app, reason):
    with app.app_context():
        profile = app.extensions["profile"]
        today = profile.today()
        registration_id = registered(app, JAAN, on=today - dt.timedelta(days=20))
        counsellor = staff(app)
        decision = ending.end_registration(
            registration_id,
            reason=reason,
            effective_on=today - dt.timedelta(days=2),
            issuer=Issuer.person(counsellor),
            reasoning="Ended.",
            profile=profile,
        )
        db.session.expire_all()
        registration = db.session.get(Registration, registration_id)
        assert registration.state is RegistrationState.DEREGISTERED
        assert registration.deregistered_on == today - dt.timedelta(days=2)
        assert registration.end_reason == reason.value
        decision = db.session.get(Decision, decision.id)
        assert decision.kind is DecisionKind.DEREGISTRATION
        assert decision.facts["end"]["effective_on"] == (today - dt.timedelta(days=2)).isoformat()
        # The law gives no appeal against an end the person asked for, or a death.
        assert decision.appealable is (reason.value not in profile.lifecycle.without_appeal)
        assert appeals.can_appeal(decision, profile, today) is decision.appealable
        certificate = db.session.scalar(
            select(Certificate).where(Certificate.registration_id == registration_id)
        )
        assert certificate.status_on(today - dt.timedelta(days=3)) is CertificateStatus.VALID
        assert certificate.status_on(today - dt.timedelta(days=2)) is CertificateStatus.REVOKED
        assert (
            verification.verify(certificate.verification_code).status
            is verification.VerificationStatus.REVOKED
        )
        # The PES's own X-Road service says so, with the contract's reason.
        status = jobseekers.jobseeker_status(JAAN)
        assert status["status"] == "DEREGISTERED"
        assert status["deregisteredOn"] == (today - dt.timedelta(days=2)).isoformat()
        assert status["deregistrationReason"] == ending.CONTRACT_REASONS.get(reason.value, "OTHER")
        assert status["certificate"]["status"] == "REVOKED"
        # Both institutions are told (sent at once in the tests' immediate mode) and accepted.
        rows = db.session.scalars(
            select(OutboundNotification).where(OutboundNotification.registration_id == registration_id)
        ).all()
        ends = [row for row in rows if row.payload.get("end") or row.payload.get("status") == "DEREGISTERED"]
        assert {row.kind for row in ends} == {
            NotificationKind.HEALTH_COVERAGE,
            NotificationKind.SOCIAL_ASSISTANCE_STATUS,
        }
        assert all(row.state.value == "accepted" for row in ends)
        sas = statuses(app, JAAN)[-1]
        assert sas["status"] == "DEREGISTERED"
        assert sas["reason"] == ending.sas_reason(reason).value


def test_an_ended_registration_cannot_end_again_nor_before_it_began(app):
    with app.app_context():
        profile = app.extensions["profile"]
        registration_id = registered(app, JAAN)
        counsellor = staff(app)
        with pytest.raises(ending.InvalidEndDate):
            ending.end_registration(
                registration_id,
                reason=EndReason.NO_CONTACT,
                effective_on=profile.today() - dt.timedelta(days=1),
                issuer=Issuer.person(counsellor),
                reasoning="x",
                profile=profile,
            )
        ending.end_registration(
            registration_id,
            reason=EndReason.NO_CONTACT,
            effective_on=profile.today(),
            issuer=Issuer.person(counsellor),
            reasoning="x",
            profile=profile,
        )
        with pytest.raises(ending.NotActive):
            ending.end_registration(
                registration_id,
                reason=EndReason.NO_CONTACT,
                effective_on=profile.today(),
                issuer=Issuer.person(counsellor),
                reasoning="x",
                profile=profile,
            )


def test_the_person_reports_a_job_and_the_registration_ends_on_its_first_day(app):
    with app.app_context():
        profile = app.extensions["profile"]
        today = profile.today()
        registration_id = registered(app, JAAN, on=today - dt.timedelta(days=30))
        person_id = db.session.get(Registration, registration_id).person_id
        start = today + dt.timedelta(days=5)
        decision = own.end_own(
            person_id,
            registration_id,
            reason=EndReason.FOUND_WORK,
            on=start,
            employer="Tartu Puit OÜ",
            profile=profile,
        )
        db.session.expire_all()
        decision = db.session.get(Decision, decision.id)
        assert decision.automated_rule is AutomatedRule.END_ON_OWN_REPORT
        assert decision.facts["end"]["employer_name"] == "Tartu Puit OÜ"
        registration = db.session.get(Registration, registration_id)
        assert registration.deregistered_on == start
        certificate = registration.certificates[0]
        assert certificate.status_on(today) is CertificateStatus.VALID  # valid until the job starts
        assert certificate.status_on(start) is CertificateStatus.REVOKED
        proposal = db.session.scalar(select(StatusProposal))
        assert (proposal.source, proposal.state, proposal.decision_id) == (
            ProposalSource.PERSON,
            ProposalState.CONFIRMED,
            decision.id,
        )


def test_the_person_cannot_end_someone_elses_registration_nor_report_too_far_ahead(app):
    with app.app_context():
        profile = app.extensions["profile"]
        registration_id = registered(app, JAAN)
        with pytest.raises(LookupError):
            own.end_own(
                999_999,
                registration_id,
                reason=EndReason.OWN_REQUEST,
                on=profile.today(),
                employer=None,
                profile=profile,
            )
        person_id = db.session.get(Registration, registration_id).person_id
        with pytest.raises(own.InvalidEndDate):
            own.end_own(
                person_id,
                registration_id,
                reason=EndReason.FOUND_WORK,
                on=own.latest_day(profile) + dt.timedelta(days=1),
                employer=None,
                profile=profile,
            )
        assert db.session.get(Registration, registration_id).state is RegistrationState.REGISTERED


def _tax_evidence(since):
    return {
        "register": "employment",
        "xroad_id": "5b1c6c1e-0000-4000-8000-000000000001",
        "employer_name": "Tartu Puit OÜ",
        "employer_code": "12874520",
        "since": since.isoformat(),
    }


def test_estonia_puts_a_tax_proposal_in_the_counsellors_queue_where_it_is_confirmed(app):
    with app.app_context():
        profile = app.extensions["profile"]
        today = profile.today()
        registration_id = registered(app, JAAN, on=today - dt.timedelta(days=60))
        since = today - dt.timedelta(days=10)
        proposal = proposals.propose(
            registration_id,
            reason=EndReason.FOUND_WORK,
            source=ProposalSource.TAX_CHECK,
            effective_on=since,
            evidence=_tax_evidence(since),
            profile=profile,
        )
        assert proposal.state is ProposalState.OPEN
        assert db.session.get(Registration, registration_id).state is RegistrationState.REGISTERED
        # Proposed again (the next night): still one open proposal.
        again = proposals.propose(
            registration_id,
            reason=EndReason.FOUND_WORK,
            source=ProposalSource.EMPLOYER,
            effective_on=since,
            evidence={},
            profile=profile,
        )
        assert again.id == proposal.id
        assert proposals.open_proposals().total == 1
        decision = proposals.confirm(proposal.id, staff=staff(app), profile=profile)
        db.session.expire_all()
        assert db.session.get(StatusProposal, proposal.id).state is ProposalState.CONFIRMED
        decision = db.session.get(Decision, decision.id)
        assert decision.automated_rule is None and decision.issued_by_staff_id is not None
        assert "Tartu Puit OÜ" in decision.reasoning
        assert decision.facts["employment"]["xroad_id"] == _tax_evidence(since)["xroad_id"]
        assert db.session.get(Registration, registration_id).deregistered_on == since
        with pytest.raises(proposals.AlreadyClosed):
            proposals.confirm(proposal.id, staff=staff(app), profile=profile)


def test_a_rejected_proposal_leaves_the_registration_in_force(app):
    with app.app_context():
        profile = app.extensions["profile"]
        registration_id = registered(app, JAAN)
        proposal = proposals.propose(
            registration_id,
            reason=EndReason.FOUND_WORK,
            source=ProposalSource.EMPLOYER,
            effective_on=profile.today(),
            evidence={"employer_name": "Tartu Puit OÜ"},
            profile=profile,
            source_reference="candidate-17",
        )
        rejected = proposals.reject(
            proposal.id, staff=staff(app), reason="The trial day did not lead to a contract."
        )
        assert rejected.state is ProposalState.REJECTED
        assert db.session.get(Registration, registration_id).state is RegistrationState.REGISTERED
        assert proposals.open_proposals().total == 0


def test_a_person_registered_while_working_is_not_proposed_for_having_work(app):
    with app.app_context():
        profile = app.extensions["profile"]
        registration_id = registered(app, JAAN, kind=RegistrationKind.JOBSEEKER)
        assert (
            proposals.propose(
                registration_id,
                reason=EndReason.FOUND_WORK,
                source=ProposalSource.TAX_CHECK,
                effective_on=profile.today(),
                evidence={},
                profile=profile,
            )
            is None
        )
        # Other reasons still apply to them.
        assert proposals.propose(
            registration_id,
            reason=EndReason.DECEASED,
            source=ProposalSource.POPULATION_CHECK,
            effective_on=profile.today(),
            evidence={},
            profile=profile,
        )


def test_kosovo_ends_automatically_and_a_review_by_a_person_can_restore_the_registration(make_app):
    app = make_app(PROFILE="XK")
    with app.app_context():
        profile = app.extensions["profile"]
        today = profile.today()
        registration_id = registered(app, XK_CODE, on=today - dt.timedelta(days=40))
        since = today - dt.timedelta(days=7)
        proposal = proposals.propose(
            registration_id,
            reason=EndReason.FOUND_WORK,
            source=ProposalSource.TAX_CHECK,
            effective_on=since,
            evidence=_tax_evidence(since),
            profile=profile,
        )
        db.session.expire_all()
        proposal = db.session.get(StatusProposal, proposal.id)
        assert proposal.state is ProposalState.CONFIRMED
        decision = db.session.get(Decision, proposal.decision_id)
        assert decision.automated_rule is AutomatedRule.END_FROM_TAX_REGISTER
        registration = db.session.get(Registration, registration_id)
        assert registration.state is RegistrationState.DEREGISTERED
        # The person asks a human to look; the counsellor finds the job ended and changes it.
        request_review(decision.id, registration.person_id, "The job lasted two days.")
        counsellor = staff_member(app, "1234567892", office="Prishtina")
        appeals.answer_review(
            decision.id, staff=counsellor, upheld=False, reasoning="The job ended.", profile=profile
        )
        db.session.expire_all()
        registration = db.session.get(Registration, registration_id)
        assert registration.state is RegistrationState.REGISTERED
        assert registration.deregistered_on is None
        valid = [c for c in registration.certificates if c.status_on(today) is CertificateStatus.VALID]
        assert len(valid) == 1
        assert statuses(app, XK_CODE)[-1]["status"] == "REGISTERED"


def test_an_employer_hired_proposal_waits_for_a_counsellor_in_kosovo_too(make_app):
    app = make_app(PROFILE="XK")
    with app.app_context():
        profile = app.extensions["profile"]
        registration_id = registered(app, XK_CODE)
        proposal = proposals.propose(
            registration_id,
            reason=EndReason.FOUND_WORK,
            source=ProposalSource.EMPLOYER,
            effective_on=profile.today(),
            evidence={"employer_name": "Prishtina Tech SH.P.K."},
            profile=profile,
        )
        assert proposal.state is ProposalState.OPEN
        assert db.session.get(Registration, registration_id).state is RegistrationState.REGISTERED
