"""After registration (issue 16's data: `status_proposal`, `signal`): what the nightly checks and
others proposed and what counsellors made of it, and the fraud and anomaly signals. Both are about
one person each, so the office and region filters narrow them like the other figures about people."""

from __future__ import annotations

from sqlalchemy import func, select

from portal import labels
from portal.catalog import gettext, ngettext
from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models.lifecycle import ProposalState, StatusProposal
from portal.models.signals import Signal, SignalState
from portal.profiles import CountryProfile
from portal.services.reports.registry import Chart, ReportFilter, Result, figure, person_scope


@figure(
    "reconciliation",
    group="lifecycle",
    title=_l("Proposals to end a registration, and what became of them"),
    description=_l(
        "Proposals made in the period by who or what made them (the nightly register checks, employers, "
        "counsellors), by whether a counsellor or a rule confirmed them, rejected them or has yet to."
    ),
    chart=Chart.STACKED,
    order=310,
)
def reconciliation(filters: ReportFilter, profile: CountryProfile) -> Result:
    counts = {
        (source, state): number
        for source, state, number in db.session.execute(
            select(StatusProposal.source, StatusProposal.state, func.count())
            .where(
                *filters.within(StatusProposal.created_at, profile),
                *person_scope(StatusProposal.person_id, filters, profile),
            )
            .group_by(StatusProposal.source, StatusProposal.state)
        )
    }
    states = list(labels.PROPOSAL_STATES)
    table = [
        (str(label), *(counts.get((source, state), 0) for state in states))
        for source, label in labels.PROPOSAL_SOURCES.items()
    ]
    made = sum(counts.values())
    confirmed = sum(n for (_source, state), n in counts.items() if state is ProposalState.CONFIRMED)
    summary = (
        ngettext(
            "%(num)s proposal to end a registration; %(confirmed)s confirmed.",
            "%(num)s proposals to end a registration; %(confirmed)s confirmed.",
            made,
            confirmed=confirmed,
        )
        if made
        else gettext("No registration was proposed for ending in this period.")
    )
    columns = [gettext("Proposed by")] + [str(labels.PROPOSAL_STATES[state]) for state in states]
    return Result(columns, table, tuple(range(1, len(columns))), summary)


@figure(
    "signals",
    group="lifecycle",
    title=_l("Fraud and anomaly signals"),
    description=_l("Signals found in the period by kind, and whether they are open, explained or referred."),
    chart=Chart.STACKED,
    order=320,
)
def signals(filters: ReportFilter, profile: CountryProfile) -> Result:
    counts = {
        (kind, state): number
        for kind, state, number in db.session.execute(
            select(Signal.kind, Signal.state, func.count())
            .where(
                *filters.within(Signal.detected_at, profile),
                *person_scope(Signal.person_id, filters, profile),
            )
            .group_by(Signal.kind, Signal.state)
        )
    }
    states = list(labels.SIGNAL_STATES)
    table = [
        (str(label), *(counts.get((kind, state), 0) for state in states))
        for kind, label in labels.SIGNAL_KINDS.items()
    ]
    found = sum(counts.values())
    still_open = sum(n for (_kind, state), n in counts.items() if state is SignalState.OPEN)
    summary = (
        ngettext(
            "%(num)s signal found; %(open)s still open.",
            "%(num)s signals found; %(open)s still open.",
            found,
            open=still_open,
        )
        if found
        else gettext("No signal was found in this period.")
    )
    columns = [gettext("Kind of signal")] + [str(labels.SIGNAL_STATES[state]) for state in states]
    return Result(columns, table, tuple(range(1, len(columns))), summary)
