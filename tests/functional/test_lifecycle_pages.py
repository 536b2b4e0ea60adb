"""The pages of issue 16: the person ends their registration in two pages; counsellors decide
proposals; supervisors see the nightly runs (with "run now") and close fraud signals; every view
of people's data is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import (
    AuditEvent,
    AuditTag,
    Decision,
    EndReason,
    ProposalSource,
    ProposalState,
    ReconciliationRun,
    Registration,
    RegistrationState,
    RunState,
    Signal,
    SignalKind,
    SignalState,
    StatusProposal,
)
from portal.services.lifecycle import proposals
from tests.eid import JAAN
from tests.forms import submit
from tests.lifecycle import person, registered

KADRI = "49004230347"


def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture(autouse=True)
def _unlinked_after_test(eid_app):
    yield
    with eid_app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            connection.execute(update(Decision).values(supersedes_id=None, responds_to_id=None))


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_person_ends_their_registration_in_two_pages(eid_app, client_as):
    with eid_app.app_context():
        registration_id = registered(
            eid_app, JAAN, on=eid_app.extensions["profile"].today() - dt.timedelta(days=30)
        )
    client = english(client_as("jobseeker"))
    home = client.get("/jobseeker/")
    assert "/jobseeker/end-registration" in text(home)
    first = client.get("/jobseeker/end-registration")
    assert first.status_code == 200 and "I found a job" in text(first)
    refused = submit(client, first)
    assert refused.status_code == 400 and "Select why you want to end your registration" in text(refused)
    second = submit(client, first, {"reason": "found_work"})
    assert second.status_code == 303
    details = client.get(second.headers["Location"])
    assert "First day of your new job" in text(details)
    start = eid_app.extensions["profile"].today() + dt.timedelta(days=3)
    missing = submit(
        client, details, {"on-day": str(start.day), "on-month": str(start.month), "on-year": str(start.year)}
    )
    assert missing.status_code == 400 and "Enter your employer" in text(missing)
    done = submit(
        client,
        details,
        {
            "on-day": str(start.day),
            "on-month": str(start.month),
            "on-year": str(start.year),
            "employer": "Tartu Puit OÜ",
        },
    )
    assert done.status_code == 303 and "/jobseeker/decisions/" in done.headers["Location"]
    decision_page = client.get(done.headers["Location"])
    assert "You told us you start work at Tartu Puit OÜ" in text(decision_page)
    with eid_app.app_context():
        registration = db.session.get(Registration, registration_id)
        assert registration.state is RegistrationState.DEREGISTERED
        assert registration.deregistered_on == start
        assert registration.end_reason == EndReason.FOUND_WORK.value
    # Nothing is left to end.
    assert client.get("/jobseeker/end-registration").status_code == 404
    assert "Your registration ended on" in text(client.get("/jobseeker/"))


def test_another_reason_asks_only_for_the_date(eid_app, client_as):
    with eid_app.app_context():
        registered(eid_app, JAAN)
    client = english(client_as("jobseeker"))
    details = client.get("/jobseeker/end-registration/details?reason=own_request")
    assert "Employer" not in text(details)
    today = eid_app.extensions["profile"].today()
    too_late = today + dt.timedelta(days=60)
    late = submit(
        client,
        details,
        {"on-day": str(too_late.day), "on-month": str(too_late.month), "on-year": str(too_late.year)},
    )
    assert late.status_code == 400 and "at most a month" in text(late)
    done = submit(
        client, details, {"on-day": str(today.day), "on-month": str(today.month), "on-year": str(today.year)}
    )
    assert done.status_code == 303
    page = text(client.get(done.headers["Location"]))
    assert "You asked us to end your registration" in page
    # The law gives no appeal against an end the person asked for.
    assert "/appeal" not in page


def test_a_counsellor_confirms_a_proposal_from_the_queue_and_every_view_is_audited(eid_app, client_as):
    with eid_app.app_context():
        profile = eid_app.extensions["profile"]
        registration_id = registered(eid_app, KADRI, on=profile.today() - dt.timedelta(days=60))
        since = profile.today() - dt.timedelta(days=10)
        proposal = proposals.propose(
            registration_id,
            reason=EndReason.FOUND_WORK,
            source=ProposalSource.TAX_CHECK,
            effective_on=since,
            evidence={
                "register": "employment",
                "xroad_id": "x-road-message-1",
                "employer_name": "Tartu Puit OÜ",
                "since": since.isoformat(),
            },
            profile=profile,
        )
        proposal_id, person_id = proposal.id, proposal.person_id
    client = english(client_as("counsellor"))
    assert "1 open proposal" in text(client.get("/back-office/"))
    queue = client.get("/back-office/status-proposals")
    assert "Tartu Puit OÜ" in text(queue)
    case = client.get(f"/back-office/status-proposals/{proposal_id}")
    assert "x-road-message-1" in text(case)
    refused = submit(client, case, {"outcome": "reject"})
    assert refused.status_code == 400 and "Enter why the proposal is wrong" in text(refused)
    done = submit(client, case, {"outcome": "confirm"})
    assert done.status_code == 303
    assert "Registration ended" in text(client.get(done.headers["Location"]))
    with eid_app.app_context():
        assert db.session.get(StatusProposal, proposal_id).state is ProposalState.CONFIRMED
        assert db.session.get(Registration, registration_id).state is RegistrationState.DEREGISTERED
        purposes = db.session.scalars(
            select(AuditEvent.purpose).where(AuditEvent.subject_person_id == person_id)
        ).all()
        assert "proposals to end registrations listed" in purposes
        assert "proposal to end a registration viewed" in purposes


def test_a_supervisor_runs_the_tax_check_now_and_sees_its_progress(eid_app, client_as):
    with eid_app.app_context():
        registered(eid_app, KADRI, on=eid_app.extensions["profile"].today() - dt.timedelta(days=60))
    counsellor = english(client_as("counsellor"))
    page = counsellor.get("/back-office/reconciliation")
    assert page.status_code == 200 and "Run now" not in text(page)
    supervisor = english(client_as("supervisor"))
    page = supervisor.get("/back-office/reconciliation")
    done = submit(supervisor, page, {"kind": "tax"})  # immediate mode: the run happens now
    assert done.status_code == 303
    listed = text(supervisor.get("/back-office/reconciliation"))
    assert "Finished" in listed and "1 of 1" in listed
    fragment = supervisor.get("/back-office/reconciliation", headers={"HX-Request": "true"})
    assert not text(fragment).lstrip().startswith("<!DOCTYPE") and "reconciliation-runs" in text(fragment)
    assert "HX-Request" in fragment.headers["Vary"]
    assert 'hx-trigger="every' not in text(fragment)  # nothing running: no polling
    with eid_app.app_context():
        run = db.session.scalar(select(ReconciliationRun))
        assert run.state is RunState.FINISHED and run.proposals_made == 1
        run_id = run.id
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.tag == AuditTag.RECONCILIATION_START))
    assert "No batch failed" in text(supervisor.get(f"/back-office/reconciliation/{run_id}"))


def test_a_running_check_polls_with_htmx_and_reloads_without_javascript(eid_app, client_as):
    with eid_app.app_context(), db.write() as session:
        session.add(
            ReconciliationRun(
                kind="tax",
                night=dt.date(2026, 12, 3),
                state=RunState.RUNNING,
                batches_total=4,
                batches_done=1,
            )
        )
    client = english(client_as("counsellor"))
    page = text(client.get("/back-office/reconciliation"))
    assert 'hx-trigger="every 3s"' in page
    assert '<noscript><meta http-equiv="refresh"' in page
    assert '<progress id="run-' in page and 'value="1"' in page and "1 of 4" in page


def test_signals_are_for_supervisors_audited_on_every_view_and_closed_with_a_reason(eid_app, client_as):
    with eid_app.app_context():
        person_id = person(KADRI)
        with db.write() as session:
            signal = Signal(
                kind=SignalKind.WORKED_WHILE_REGISTERED,
                person_id=person_id,
                dedupe_key="test:1",
                evidence={"register": "employment", "xroad_id": "pay-message-7", "months": ["2026-10"]},
            )
            session.add(signal)
        signal_id = signal.id
    counsellor = english(client_as("counsellor"))
    assert counsellor.get("/back-office/signals").status_code == 403
    supervisor = english(client_as("supervisor"))
    queue = supervisor.get("/back-office/signals")
    assert "Pay declared while registered as unemployed" in text(queue)
    case = supervisor.get(f"/back-office/signals/{signal_id}")
    assert "pay-message-7" in text(case) and "2026-10" in text(case)
    refused = submit(supervisor, case, {"state": "explained"})
    assert refused.status_code == 400
    closed = submit(supervisor, case, {"state": "referred", "reason": "Sent to benefit recovery."})
    assert closed.status_code == 303
    with eid_app.app_context():
        signal = db.session.get(Signal, signal_id)
        assert signal.state is SignalState.REFERRED and signal.closing_reason == "Sent to benefit recovery."
        views = db.session.scalars(
            select(AuditEvent.purpose).where(AuditEvent.subject_person_id == person_id)
        ).all()
        assert views.count("fraud signal viewed") >= 2 and "fraud signals listed" in views
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.tag == AuditTag.SIGNAL_CLOSE))
