"""The reconciliation and fraud-signal figures, against hand-made proposals and signals."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.extensions import db
from portal.models.caseload import JobseekerCase
from portal.models.lifecycle import EndReason, ProposalSource, ProposalState, StatusProposal
from portal.models.signals import Signal, SignalKind, SignalState
from portal.services import reports
from tests.functional.test_reports import MONDAY, PERIOD, TALLINN, TARTU, Data, at, compute


@pytest.fixture
def made(app):
    with app.app_context():
        data = Data()
        registrations = []
        # The third person lives in Tartu county and is a case of the Tartu office; the others Tallinn.
        for n in range(4):
            person = data.person()
            registrations.append(data.registration(person, at(1), MONDAY, TARTU if n == 2 else TALLINN))
            db.session.add(
                JobseekerCase(person_id=person.id, office="Tartu" if n == 2 else "Tallinn", opened_on=MONDAY)
            )

        def proposal(registration, source, state, created, reason=EndReason.FOUND_WORK):
            db.session.add(
                StatusProposal(
                    registration_id=registration.id,
                    person_id=registration.person_id,
                    reason=reason,
                    source=source,
                    effective_on=created.date(),
                    evidence={},
                    state=state,
                    created_at=created,
                )
            )

        proposal(registrations[0], ProposalSource.TAX_CHECK, ProposalState.OPEN, at(6))
        proposal(registrations[1], ProposalSource.TAX_CHECK, ProposalState.CONFIRMED, at(7))
        proposal(registrations[2], ProposalSource.EMPLOYER, ProposalState.REJECTED, at(13))
        proposal(registrations[3], ProposalSource.COUNSELLOR, ProposalState.OPEN, at(20))  # after the period

        def signal(registration, kind, state, detected):
            db.session.add(
                Signal(
                    kind=kind,
                    person_id=registration.person_id,
                    registration_id=registration.id,
                    dedupe_key=f"{kind}:{registration.id}",
                    evidence={},
                    state=state,
                    detected_at=detected,
                )
            )

        signal(registrations[0], SignalKind.WORKED_WHILE_REGISTERED, SignalState.OPEN, at(8))
        signal(registrations[1], SignalKind.SHARED_CONTACT, SignalState.EXPLAINED, at(9))
        signal(registrations[2], SignalKind.SHARED_CONTACT, SignalState.OPEN, at(9, month=9))  # before it
        db.session.commit()
    return app


def test_proposals_to_end_by_who_made_them_and_what_became_of_them(made):
    result = compute(made, "reconciliation")
    rows = {row[0]: tuple(row[1:]) for row in result.rows}
    assert result.columns[1:] == ["Open", "Confirmed: registration ended", "Rejected"]
    assert rows["Nightly tax check"] == (1, 1, 0)
    assert rows["Employer: hired"] == (0, 0, 1)
    assert rows["Counsellor"] == (0, 0, 0)  # its proposal was made after the period
    assert result.summary == "3 proposals to end a registration; 1 confirmed."


def test_signals_by_kind_and_state(made):
    result = compute(made, "signals")
    rows = {row[0]: tuple(row[1:]) for row in result.rows}
    assert rows["Pay declared while registered as unemployed"] == (1, 0, 0)
    assert rows["Same contact details or bank account as unrelated persons"] == (0, 1, 0)
    assert result.summary == "2 signals found; 1 still open."


def test_the_office_and_region_filters_narrow_both(made):
    tartu_office = reports.ReportFilter(PERIOD.start, PERIOD.end, office="Tartu")
    tartu_county = reports.ReportFilter(PERIOD.start, PERIOD.end, region="Tartu maakond")
    tallinn = reports.ReportFilter(PERIOD.start, PERIOD.end, office="Tallinn")
    for tartu in (tartu_office, tartu_county):
        rows = {row[0]: tuple(row[1:]) for row in compute(made, "reconciliation", tartu).rows}
        assert rows["Employer: hired"] == (0, 0, 1) and rows["Nightly tax check"] == (0, 0, 0)
        # Tartu's one signal was found before the period.
        assert compute(made, "signals", tartu).summary == "No signal was found in this period."
    rows = {row[0]: tuple(row[1:]) for row in compute(made, "reconciliation", tallinn).rows}
    assert rows["Nightly tax check"] == (1, 1, 0) and rows["Employer: hired"] == (0, 0, 0)
    assert compute(made, "signals", tallinn).summary == "2 signals found; 1 still open."
    assert {"office", "region"} <= reports.FIGURES["signals"].filters


def test_an_empty_period_says_so(made):
    empty = reports.ReportFilter(start=dt.date(2025, 1, 5), end=dt.date(2025, 1, 11))
    assert (
        compute(made, "reconciliation", empty).summary
        == "No registration was proposed for ending in this period."
    )
    assert compute(made, "signals", empty).summary == "No signal was found in this period."


def test_the_home_figures_count_what_the_queues_list(made):
    """The back-office home counts open proposals and signals in SQL, without reading a page of
    them; the figures are the queues' totals."""
    from portal.services.lifecycle import proposals, signals

    with made.app_context():
        assert signals.count(SignalState.OPEN) == signals.queue(SignalState.OPEN).total == 2
        assert signals.count(SignalState.EXPLAINED) == 1
        assert proposals.open_proposal_count() == proposals.open_proposals().total == 2
