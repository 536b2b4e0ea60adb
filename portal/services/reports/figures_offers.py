"""Offers, refusals, reports to the social-assistance system, and placements (issue 13's data:
`offer`, `refusal`, `candidate`)."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.catalog import gettext, ngettext
from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models.offers import Offer, OfferState, Refusal, ReviewState, SasReportState
from portal.models.shortlist import Candidate, Outcome
from portal.profiles import CountryProfile
from portal.services.reports.figures_decisions import _percent
from portal.services.reports.registry import Chart, ReportFilter, Result, figure, person_scope, share
from portal.services.reports.sql import as_date, week_start

OFFER_STATES = {
    OfferState.PROPOSED: _l("Waiting for an answer"),
    OfferState.ACCEPTED: _l("Accepted"),
    OfferState.REFUSED: _l("Refused"),
    OfferState.EXPIRED: _l("Expired without an answer"),
    OfferState.WITHDRAWN: _l("Withdrawn"),
}
REVIEW_STATES = {
    ReviewState.PENDING: _l("Waiting for a counsellor's review"),
    ReviewState.VALID: _l("Valid reason: no consequence"),
    ReviewState.NOT_VALID: _l("Confirmed: no valid reason"),
}
SAS_STATES = {
    SasReportState.PENDING: _l("Being sent"),
    SasReportState.ACCEPTED: _l("Recorded by the social assistance service"),
    SasReportState.NOT_BENEFICIARY: _l("Not a beneficiary: nothing to report"),
    SasReportState.FAILED: _l("Refused: a counsellor must look"),
}


def _by_state(column, filters_column, person_column, filters, profile, states):
    counts = dict(
        db.session.execute(
            select(column, func.count())
            .where(*filters.within(filters_column, profile), *person_scope(person_column, filters, profile))
            .group_by(column)
        ).all()
    )
    return [(str(label), counts.get(state, 0)) for state, label in states.items()], counts


@figure(
    "offers",
    group="offers",
    title=_l("Offers made, accepted, refused and expired"),
    description=_l("Offers of work, training and measures made in the period, by what became of them."),
    chart=Chart.BAR,
    order=110,
)
def offers(filters: ReportFilter, profile: CountryProfile) -> Result:
    table, counts = _by_state(Offer.state, Offer.proposed_at, Offer.person_id, filters, profile, OFFER_STATES)
    total = sum(counts.values())
    answered = counts.get(OfferState.ACCEPTED, 0) + counts.get(OfferState.REFUSED, 0)
    summary = (
        ngettext(
            "%(num)s offer was made; %(accepted)s accepted, %(refused)s refused, %(expired)s expired "
            "(%(share)s of the answered ones accepted).",
            "%(num)s offers were made; %(accepted)s accepted, %(refused)s refused, %(expired)s expired "
            "(%(share)s of the answered ones accepted).",
            total,
            accepted=counts.get(OfferState.ACCEPTED, 0),
            refused=counts.get(OfferState.REFUSED, 0),
            expired=counts.get(OfferState.EXPIRED, 0),
            share=_percent(share(counts.get(OfferState.ACCEPTED, 0), answered)),
        )
        if total
        else gettext("No offer was made in this period.")
    )
    return Result([gettext("What became of it"), gettext("Offers")], table, (1,), summary)


@figure(
    "refusals",
    group="offers",
    title=_l("Refusals reviewed and confirmed"),
    description=_l("Refusals (and unanswered offers) recorded in the period, by the counsellor's review."),
    chart=Chart.BAR,
    order=120,
)
def refusals(filters: ReportFilter, profile: CountryProfile) -> Result:
    table, counts = _by_state(
        Refusal.review_state, Refusal.created_at, Refusal.person_id, filters, profile, REVIEW_STATES
    )
    total = sum(counts.values())
    summary = (
        ngettext(
            "%(num)s refusal was recorded; confirmed as without a valid reason: %(confirmed)s.",
            "%(num)s refusals were recorded; confirmed as without a valid reason: %(confirmed)s.",
            total,
            confirmed=counts.get(ReviewState.NOT_VALID, 0),
        )
        if total
        else gettext("No refusal was recorded in this period.")
    )
    return Result([gettext("Review"), gettext("Refusals")], table, (1,), summary)


@figure(
    "sas-reports",
    group="offers",
    title=_l("Refusals reported to the social assistance service"),
    description=_l(
        "Confirmed refusals of social assistance beneficiaries that the rules report, by the state of "
        "the report (refusals recorded in the period)."
    ),
    chart=Chart.BAR,
    order=130,
)
def sas_reports(filters: ReportFilter, profile: CountryProfile) -> Result:
    table, counts = _by_state(
        Refusal.sas_state, Refusal.created_at, Refusal.person_id, filters, profile, SAS_STATES
    )
    reported = sum(counts.get(state, 0) for state in SAS_STATES)
    summary = (
        ngettext(
            "%(num)s refusal was reported; recorded by the social assistance service: %(accepted)s.",
            "%(num)s refusals were reported; recorded by the social assistance service: %(accepted)s.",
            reported,
            accepted=counts.get(SasReportState.ACCEPTED, 0),
        )
        if reported
        else gettext("No refusal was reported in this period.")
    )
    return Result([gettext("Report"), gettext("Refusals")], table, (1,), summary)


@figure(
    "placements",
    group="offers",
    title=_l("Placements: people hired"),
    description=_l("Candidates the employer recorded as hired, by the week the outcome was recorded."),
    chart=Chart.BAR,
    order=140,
)
def placements(filters: ReportFilter, profile: CountryProfile) -> Result:
    week = week_start(Candidate.outcome_at, profile)
    rows = db.session.execute(
        select(week.label("week"), func.count())
        .where(
            Candidate.outcome == Outcome.HIRED,
            *filters.within(Candidate.outcome_at, profile),
            *person_scope(Candidate.person_id, filters, profile),
        )
        .group_by(week)
        .order_by(week)
    ).all()
    table = [(as_date(w), count) for w, count in rows]
    total = sum(row[1] for row in table)
    summary = (
        ngettext(
            "%(num)s person was hired through the service.",
            "%(num)s people were hired through the service.",
            total,
        )
        if total
        else gettext("Nobody was recorded as hired in this period.")
    )
    return Result([gettext("Week from"), gettext("Hired")], table, (1,), summary)
