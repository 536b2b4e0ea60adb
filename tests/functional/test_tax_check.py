"""The nightly tax check: batches with their own checkId and since, proposals per profile, and a run
that resumes after a kill without checking anybody twice."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import (
    AutomatedRule,
    BatchState,
    Decision,
    ProposalSource,
    ProposalState,
    ReconciliationBatch,
    ReconciliationRun,
    Registration,
    RegistrationKind,
    RegistrationState,
    RunKind,
    RunState,
    StatusProposal,
)
from portal.services.lifecycle import runs, tax_check
from tests.eid import JAAN
from tests.lifecycle import computed_checks, ee_code, registered

KADRI = "49004230347"  # employed at Tartu Puit OÜ since the 15th of last month
KYLLI = "49102210337"  # one pay check last month (Männi Hooldus OÜ)
TONIS = "38709140271"  # employed since 2019: registered as a jobseeker while working
BESNIK = "1198246735"  # Kosovo: a pay check last month


@pytest.fixture(autouse=True)
def _unlinked_after_test(app):
    yield
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            connection.execute(update(Decision).values(supersedes_id=None, responds_to_id=None))


def _proposals():
    return db.session.scalars(select(StatusProposal).order_by(StatusProposal.id)).all()


def test_the_employed_become_proposals_with_employer_and_date_and_the_working_jobseeker_does_not(app):
    with app.app_context():
        today = app.extensions["profile"].today()
        long_ago = today - dt.timedelta(days=75)
        kadri = registered(app, KADRI, on=long_ago)
        kylli = registered(app, KYLLI, on=long_ago)
        registered(app, TONIS, kind=RegistrationKind.JOBSEEKER, on=long_ago)
        registered(app, JAAN, on=today)
        counts = computed_checks(app)
        result = tax_check.run(workers=2)
        assert result.state is RunState.FINISHED
        run = db.session.get(ReconciliationRun, result.run_id)
        assert (run.persons_checked, run.proposals_made, run.batches_done, run.batches_total) == (4, 2, 2, 2)
        batches = db.session.scalars(select(ReconciliationBatch).order_by(ReconciliationBatch.number)).all()
        # One batch per registration date, `since` = that date, each checkId computed once.
        assert [(b.since, b.size) for b in batches] == [(long_ago, 3), (today, 1)]
        assert counts == {b.check_id: 1 for b in batches}
        assert all(b.xroad_id for b in batches)
        found = {p.registration_id: p for p in _proposals()}
        assert set(found) == {kadri, kylli}
        kadri_proposal = found[kadri]
        assert kadri_proposal.state is ProposalState.OPEN  # Estonia: a counsellor decides
        assert kadri_proposal.source is ProposalSource.TAX_CHECK
        assert kadri_proposal.evidence["employer_name"] == "Tartu Puit OÜ"
        assert kadri_proposal.evidence["xroad_id"] == batches[0].xroad_id
        assert kadri_proposal.effective_on == dt.date.fromisoformat(kadri_proposal.evidence["since"])
        assert kadri_proposal.effective_on.day == 15
        assert db.session.get(Registration, kadri).state is RegistrationState.REGISTERED


def test_a_run_killed_between_batches_resumes_and_the_register_counts_each_check_id_once(app):
    with app.app_context():
        today = app.extensions["profile"].today()
        for serial in range(6):
            registered(app, ee_code(serial), on=today - dt.timedelta(days=10 + serial))
        registered(app, KADRI, on=today - dt.timedelta(days=75))
        counts = computed_checks(app)
        first = tax_check.run(workers=1, stop=lambda done: done >= 3)  # killed after three batches
        assert first.batches_run == 3 and first.state is RunState.RUNNING
        states = db.session.scalars(
            select(ReconciliationBatch.state).order_by(ReconciliationBatch.number)
        ).all()
        assert states == [BatchState.DONE] * 3 + [BatchState.PENDING] * 4
        second = tax_check.run(workers=3)  # restarted: the same run, only what was left
        assert second.run_id == first.run_id
        assert second.batches_run == 4 and second.state is RunState.FINISHED
        check_ids = db.session.scalars(select(ReconciliationBatch.check_id)).all()
        assert len(check_ids) == 7
        assert counts == {check_id: 1 for check_id in check_ids}
        run = db.session.get(ReconciliationRun, first.run_id)
        assert (run.persons_checked, run.proposals_made) == (7, 1)
        assert len(_proposals()) == 1


def test_a_batch_whose_worker_died_mid_call_is_sent_again_with_its_check_id(app):
    with app.app_context():
        profile = app.extensions["profile"]
        registered(app, KADRI, on=profile.today() - dt.timedelta(days=75))
        counts = computed_checks(app)
        run_id, _ = runs.start(RunKind.TAX, profile.today())
        runs.plan(run_id, runs.chunks(tax_check._registrations()))
        batch_id = runs.claim(run_id, "worker-that-dies")
        # The dead worker's call reached the register before the process was killed.
        batch = db.session.get(ReconciliationBatch, batch_id)
        tax_check.check_batch(batch_id, "worker-that-dies", profile)
        db.session.execute(
            update(ReconciliationBatch)
            .where(ReconciliationBatch.id == batch_id)
            .values(state=BatchState.RUNNING, claim="worker-that-dies", proposals=0)
        )
        db.session.execute(
            update(ReconciliationRun)
            .where(ReconciliationRun.id == run_id)
            .values(batches_done=0, proposals_made=0, persons_checked=0)
        )
        db.session.commit()
        result = tax_check.run(workers=1, lease=dt.timedelta(0))  # its lease has run out
        assert result.state is RunState.FINISHED and result.batches_run == 1
        assert counts == {batch.check_id: 1}  # the repeat was answered from the register's store
        assert len(_proposals()) == 1  # and made no second proposal


def test_two_workers_never_hold_the_same_batch_and_a_lost_claim_records_nothing(app):
    with app.app_context():
        today = app.extensions["profile"].today()
        for serial in range(2):
            registered(app, ee_code(serial), on=today - dt.timedelta(days=serial + 1))
        run_id, _ = runs.start(RunKind.TAX, today)
        runs.plan(run_id, runs.chunks(tax_check._registrations()))
        first, second = runs.claim(run_id, "a"), runs.claim(run_id, "b")
        assert first != second and runs.claim(run_id, "c") is None
        with pytest.raises(runs.ClaimLost), db.write() as session:
            runs.record_done(session, first, "b", persons=1, proposals=0, xroad_id=None, outcome={})
        assert db.session.get(ReconciliationBatch, first).state is BatchState.RUNNING


def test_a_run_is_never_started_twice_for_a_night(app):
    with app.app_context():
        today = app.extensions["profile"].today()
        registered(app, ee_code(1), on=today)
        first = tax_check.run()
        again = tax_check.run()
        assert again.run_id == first.run_id and again.batches_run == 0
        assert db.session.scalar(select(func.count()).select_from(ReconciliationRun)) == 1
        with pytest.raises(IntegrityError), db.write() as session:
            session.add(ReconciliationRun(kind=RunKind.TAX, night=today, state=RunState.PLANNING))


def test_register_errors_are_recorded_with_their_message_id_and_retried_by_the_next_start(make_app):
    app = make_app(XROAD_FAULTS="employment:status=500")
    with app.app_context():
        registered(app, KADRI, on=app.extensions["profile"].today() - dt.timedelta(days=75))
        result = tax_check.run()
        assert result.state is RunState.FINISHED_WITH_ERRORS
        batch = db.session.scalar(select(ReconciliationBatch))
        assert batch.state is BatchState.FAILED
        assert "HTTP 500" in batch.error and batch.xroad_id
        assert db.session.get(ReconciliationRun, result.run_id).errors >= 1
        check_id = batch.check_id
    healthy = make_app()
    with healthy.app_context():
        again = tax_check.run()
        assert again.run_id == result.run_id and again.state is RunState.FINISHED
        batch = db.session.scalar(select(ReconciliationBatch))
        assert batch.state is BatchState.DONE and batch.check_id == check_id
        assert len(_proposals()) == 1


def test_kosovo_ends_the_status_of_the_employed_automatically(make_app):
    app = make_app(PROFILE="XK")
    with app.app_context():
        registration_id = registered(
            app, BESNIK, on=app.extensions["profile"].today() - dt.timedelta(days=75)
        )
        result = tax_check.run()
        assert result.state is RunState.FINISHED
        proposal = db.session.scalar(select(StatusProposal))
        assert proposal.state is ProposalState.CONFIRMED
        decision = db.session.get(Decision, proposal.decision_id)
        assert decision.automated_rule is AutomatedRule.END_FROM_TAX_REGISTER
        assert decision.facts["employment"]["xroad_id"] == proposal.evidence["xroad_id"]
        assert db.session.get(Registration, registration_id).state is RegistrationState.DEREGISTERED


def test_a_batch_that_raises_fails_alone_and_the_run_goes_on(app):
    with app.app_context():
        today = app.extensions["profile"].today()
        for serial in range(3):
            registered(app, ee_code(serial), on=today - dt.timedelta(days=serial + 1))
        run_id, _ = runs.start(RunKind.TAX, today)
        runs.plan(run_id, runs.chunks(tax_check._registrations()))
        seen = []

        def process(batch_id, token):
            seen.append(batch_id)
            if len(seen) == 2:
                raise RuntimeError("the database went away")
            with db.write() as session:
                runs.record_done(session, batch_id, token, persons=1, proposals=0, xroad_id=None, outcome={})

        assert runs.execute(run_id, process, workers=1) == 3
        states = db.session.scalars(
            select(ReconciliationBatch.state).order_by(ReconciliationBatch.number)
        ).all()
        assert states == [BatchState.DONE, BatchState.FAILED, BatchState.DONE]
        assert runs.close_if_done(run_id) is RunState.FINISHED_WITH_ERRORS
        assert db.session.get(ReconciliationBatch, seen[1]).error == "RuntimeError"
