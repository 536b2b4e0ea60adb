"""Registrations and decisions: how people were registered, how fast and how decisions reached them,
and what appeals changed. Data: `decision`, `registration`, `inbox_message`, `appeal`."""

from __future__ import annotations

from flask_babel import format_decimal, format_percent
from sqlalchemy import and_, case, func, select

from portal.catalog import gettext, ngettext
from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models import Appeal, AppealState, Decision, DecisionKind
from portal.profiles import CountryProfile
from portal.services.reports import summary as day_counts
from portal.services.reports.registry import Chart, ReportFilter, Result, figure, person_scope, share

FIRST_DECISION = (Decision.responds_to_id.is_(None), Decision.supersedes_id.is_(None))
REGISTRATION_KINDS = (DecisionKind.REGISTRATION, DecisionKind.REGISTRATION_REJECTED)


def _percent(value: float | None) -> str:
    return format_percent(value, "#,##0.#%") if value is not None else "\u2013"


@figure(
    "registrations-per-week",
    group="registrations",
    title=_l("Registrations per week, and how"),
    description=_l(
        "People registered as jobseekers or unemployed, by the week of the decision: automatically from "
        "register data, or by a counsellor."
    ),
    chart=Chart.STACKED,
    order=10,
)
def registrations_per_week(filters: ReportFilter, profile: CountryProfile) -> Result:
    table = [
        (
            week,
            counts.registered_automatic,
            counts.registered - counts.registered_automatic,
            counts.registered,
        )
        for week, counts in day_counts.decision_weeks(filters, profile)
        if counts.registered
    ]
    automatic = sum(row[1] for row in table)
    total = sum(row[3] for row in table)
    summary = (
        ngettext(
            "%(num)s person was registered: %(automatic)s automatically from register data "
            "(%(share)s) and %(manual)s by a counsellor.",
            "%(num)s people were registered: %(automatic)s automatically from register data "
            "(%(share)s) and %(manual)s by a counsellor.",
            total,
            automatic=automatic,
            share=_percent(share(automatic, total)),
            manual=total - automatic,
        )
        if total
        else gettext("Nobody was registered in this period.")
    )
    return Result(
        columns=[
            gettext("Week from"),
            gettext("Automatically"),
            gettext("By a counsellor"),
            gettext("Total"),
        ],
        rows=table,
        series=(1, 2),
        summary=summary,
    )


@figure(
    "decision-time",
    group="registrations",
    title=_l("Time to decision and the statutory deadline"),
    description=_l(
        "Decisions on registrations (registered or refused) by the week they were made: days from the "
        "application, and the share made by the statutory deadline (the country's calendar)."
    ),
    chart=Chart.LINE,
    order=20,
)
def decision_time(filters: ReportFilter, profile: CountryProfile) -> Result:
    table = [
        (
            week,
            counts.registration_decisions,
            round(counts.days_total / counts.registration_decisions, 1),
            counts.on_time,
            share(counts.on_time, counts.registration_decisions),
        )
        for week, counts in day_counts.decision_weeks(filters, profile)
        if counts.registration_decisions
    ]
    total = sum(row[1] for row in table)
    within = sum(row[3] for row in table)
    days = sum(counts.days_total for _week, counts in day_counts.decision_weeks(filters, profile))
    mean = days / total if total else None
    summary = (
        " ".join(
            (
                ngettext(
                    "%(num)s decision on a registration, on average %(days)s days after the application;",
                    "%(num)s decisions on registrations, on average %(days)s days after the application;",
                    total,
                    days=format_decimal(round(mean, 1)) if mean is not None else "\u2013",
                ),
                ngettext(
                    "%(share)s were made by the statutory deadline of %(num)s day.",
                    "%(share)s were made by the statutory deadline of %(num)s days.",
                    profile.registration.decision_days,
                    share=_percent(share(within, total)),
                ),
            )
        )
        if total
        else gettext("No decision on a registration was made in this period.")
    )
    return Result(
        columns=[
            gettext("Week from"),
            gettext("Decisions"),
            gettext("Average days"),
            gettext("By the deadline"),
            gettext("Share by the deadline"),
        ],
        rows=table,
        series=(4,),
        summary=summary,
        percent_columns=frozenset({4}),
    )


@figure(
    "digital-delivery",
    group="registrations",
    title=_l("Decisions delivered digitally"),
    description=_l(
        "Decisions issued in the period, and how many the person opened in the portal's inbox (the read "
        "receipt): those need no delivery on paper or in person."
    ),
    chart=Chart.LINE,
    order=30,
)
def digital_delivery(filters: ReportFilter, profile: CountryProfile) -> Result:
    table = [
        (week, counts.issued, counts.opened, share(counts.opened, counts.issued))
        for week, counts in day_counts.decision_weeks(filters, profile)
        if counts.issued
    ]
    issued = sum(row[1] for row in table)
    opened_total = sum(row[2] for row in table)
    summary = (
        ngettext(
            "%(share)s of decisions were delivered digitally: %(opened)s of %(num)s decision was opened in "
            "the portal.",
            "%(share)s of decisions were delivered digitally: %(opened)s of %(num)s were opened in the portal.",
            issued,
            share=_percent(share(opened_total, issued)),
            opened=opened_total,
        )
        if issued
        else gettext("No decision was issued in this period.")
    )
    return Result(
        columns=[gettext("Week from"), gettext("Issued"), gettext("Opened in the portal"), gettext("Share")],
        rows=table,
        series=(3,),
        summary=summary,
        percent_columns=frozenset({3}),
    )


_OUTCOME = Decision.__table__.alias("outcome")  # built once: an alias copies every column
APPEAL_OUTCOMES = {
    "pending": _l("Waiting for a decision"),
    "upheld": _l("Decision upheld"),
    "changed": _l("Decision changed"),
}


@figure(
    "appeals",
    group="registrations",
    title=_l("Appeals and their outcomes"),
    description=_l(
        "Appeals filed in the period, by outcome: still waiting, the decision upheld, or changed."
    ),
    chart=Chart.BAR,
    order=40,
)
def appeals(filters: ReportFilter, profile: CountryProfile) -> Result:
    Outcome = _OUTCOME
    outcome = case(
        (Appeal.state == AppealState.PENDING, "pending"),
        (and_(Outcome.c.id.is_not(None), Outcome.c.supersedes_id.is_not(None)), "changed"),
        else_="upheld",
    )
    counts = dict(
        db.session.execute(
            select(outcome.label("outcome"), func.count())
            .outerjoin(Outcome, Outcome.c.id == Appeal.outcome_decision_id)
            .where(
                *filters.within(Appeal.filed_at, profile),
                *person_scope(Appeal.person_id, filters, profile),
            )
            .group_by(outcome)
        ).all()
    )
    table = [(str(label), counts.get(key, 0)) for key, label in APPEAL_OUTCOMES.items()]
    total = sum(counts.values())
    decided = counts.get("upheld", 0) + counts.get("changed", 0)
    summary = (
        " ".join(
            (
                ngettext("%(num)s appeal was filed.", "%(num)s appeals were filed.", total),
                ngettext(
                    "%(num)s was decided: the decision was changed in %(changed)s (%(share)s).",
                    "%(num)s were decided: the decision was changed in %(changed)s (%(share)s).",
                    decided,
                    changed=counts.get("changed", 0),
                    share=_percent(share(counts.get("changed", 0), decided)),
                ),
            )
        )
        if total
        else gettext("No appeal was filed in this period.")
    )
    return Result(
        columns=[gettext("Outcome"), gettext("Appeals")],
        rows=table,
        series=(1,),
        summary=summary,
    )
