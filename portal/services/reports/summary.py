"""Per-day counts of decisions (`report_decision_day`), so the three decision figures read a few
hundred summary rows instead of every decision of the period (docs/reports.md, "Per-day counts").

`refresh` (the nightly `refresh_report_days` job, `flask reports refresh`) recomputes, for every
day of the country's calendar from `REFRESH_DAYS` ago to yesterday (on its first run, from the first
decision), the counts per day, case office and municipality, in one `INSERT … SELECT … GROUP BY`.
Later changes to a day inside the window (a decision opened in the inbox, a case moved to another
office) are picked up by the next night's refresh; older days stay as they were counted.

`decision_weeks` answers a figure: the summary rows for the days it covers (`built_through`), and
the same aggregate computed live from the decisions for the days after it (today at least), with
the filters as person scopes; the two are added week by week. Memoised per request, so the page
scans once for its three decision figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flask import has_request_context, request
from sqlalchemy import Date, DateTime, and_, case, cast, delete, exists, func, insert, literal, select

from portal.extensions import db
from portal.models import Decision, DecisionKind, InboxMessage, Registration
from portal.models.base import utcnow
from portal.models.caseload import JobseekerCase
from portal.models.report_summary import ReportDecisionDay, ReportSummaryState
from portal.profiles import CountryProfile
from portal.services.reports.registry import ReportFilter, person_scope
from portal.services.reports.sql import as_date, days_between, dialect, local_day, week_start

NAME = "decision-days"
REFRESH_DAYS = 90  # longer than the default 12-week period: its read receipts are kept current

FIRST = and_(Decision.responds_to_id.is_(None), Decision.supersedes_id.is_(None))
REGISTERED = and_(FIRST, Decision.kind == DecisionKind.REGISTRATION)
REGISTRATION_KINDS = (DecisionKind.REGISTRATION, DecisionKind.REGISTRATION_REJECTED)
COUNTS = (
    "registered",
    "registered_automatic",
    "registration_decisions",
    "days_total",
    "on_time",
    "issued",
    "opened",
    "due_total",
    "due_on_time",
)


@dataclass
class Week:
    registered: int = 0
    registered_automatic: int = 0
    registration_decisions: int = 0
    days_total: float = 0.0
    on_time: int = 0
    issued: int = 0
    opened: int = 0
    due_total: int = 0
    due_on_time: int = 0

    def add(self, values: dict[str, Any]) -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + (values[name] or 0))


@dataclass
class Weeks:
    by_week: dict[dt.date, Week] = field(default_factory=dict)

    def add(self, week: Any, values: dict[str, Any]) -> None:
        self.by_week.setdefault(as_date(week), Week()).add(values)

    def sorted(self) -> list[tuple[dt.date, Week]]:
        return sorted(self.by_week.items())


def _count(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


@dataclass(frozen=True)
class _Source:
    """Where a decision's registration and read receipt come from. The nightly refresh counts
    months of decisions: it joins the registrations and lets the database hash the inbox. The live
    count covers today's few hundred decisions: each probes its registration by primary key and its
    inbox message by `ix_inbox_message_decision_id` (a join let PostgreSQL hash every registration
    and every read inbox message, ~100,000 rows each, for a day's decisions). Same values either way:
    `registration.id` is the decision's `registration_id` (a foreign key)."""

    has_registration: Any
    submitted_at: Any
    decision_due_on: Any
    opened: Any


def _joined() -> _Source:
    return _Source(
        has_registration=Registration.id.is_not(None),
        submitted_at=Registration.submitted_at,
        decision_due_on=Registration.decision_due_on,
        opened=exists().where(InboxMessage.decision_id == Decision.id, InboxMessage.read_at.is_not(None)),
    )


def _probed() -> _Source:
    def registration(column: Any) -> Any:
        return select(column).where(Registration.id == Decision.registration_id).scalar_subquery()

    receipt = (
        select(InboxMessage.id)
        .where(InboxMessage.decision_id == Decision.id, InboxMessage.read_at.is_not(None))
        .limit(1)
        .scalar_subquery()
    )
    return _Source(
        has_registration=Decision.registration_id.is_not(None),
        submitted_at=registration(Registration.submitted_at),
        decision_due_on=registration(Registration.decision_due_on),
        opened=receipt.is_not(None),
    )


def _aggregates(profile: CountryProfile, source: _Source) -> list[Any]:
    """What one decision adds to a day: the three figures' counts, in SQL."""
    on_registration = and_(FIRST, Decision.kind.in_(REGISTRATION_KINDS), source.has_registration)
    due = func.coalesce(Decision.decision_due_on, source.decision_due_on)
    has_due = Decision.decision_due_on.is_not(None)
    issued_on = local_day(Decision.issued_at, profile)
    return [
        _count(REGISTERED).label("registered"),
        _count(and_(REGISTERED, Decision.automated_rule.is_not(None))).label("registered_automatic"),
        _count(on_registration).label("registration_decisions"),
        func.coalesce(
            func.sum(
                case((on_registration, days_between(Decision.issued_at, source.submitted_at)), else_=0.0)
            ),
            0.0,
        ).label("days_total"),
        _count(and_(on_registration, issued_on <= due)).label("on_time"),
        func.count().label("issued"),
        _count(source.opened).label("opened"),
        # The back-office home's share (`decision_figures.decisions_on_time`): every decision with
        # its own due date, whatever its kind.
        _count(has_due).label("due_total"),
        _count(and_(has_due, issued_on <= Decision.decision_due_on)).label("due_on_time"),
    ]


def _from_decisions(query: Any) -> Any:
    return query.select_from(Decision).outerjoin(Registration, Registration.id == Decision.registration_id)


def built_through() -> dt.date | None:
    state = db.session.get(ReportSummaryState, NAME)
    return state.built_through if state else None


def refresh(profile: CountryProfile, today: dt.date | None = None, window_days: int = REFRESH_DAYS) -> int:
    """Recount the days from `window_days` ago (or the first decision) to yesterday. Returns the
    number of summary rows written."""
    today = today or profile.today()
    through = today - dt.timedelta(days=1)
    if built_through() is None:
        first = db.session.scalar(select(func.min(Decision.issued_at)))
        start = first.astimezone(profile.tz).date() if first else through
        start = min(start, today - dt.timedelta(days=window_days))
    else:
        start = today - dt.timedelta(days=window_days)
    lower, upper = ReportFilter(start, through).bounds(profile)
    day = local_day(Decision.issued_at, profile)
    office = func.coalesce(JobseekerCase.office, literal(""))
    municipality = func.coalesce(Registration.municipality, literal(""))
    query = (
        _from_decisions(select(day.label("day"), office.label("office"), municipality.label("municipality")))
        .outerjoin(JobseekerCase, JobseekerCase.person_id == Decision.person_id)
        .add_columns(*_aggregates(profile, _joined()))
        .where(Decision.issued_at >= lower, Decision.issued_at < upper)
        .group_by(day, office, municipality)
    )
    with db.write() as session:
        session.execute(
            delete(ReportDecisionDay).where(ReportDecisionDay.day >= start, ReportDecisionDay.day <= through)
        )
        session.execute(
            insert(ReportDecisionDay).from_select(["day", "office", "municipality", *COUNTS], query)
        )
        written = session.scalar(
            select(func.count())
            .select_from(ReportDecisionDay)
            .where(ReportDecisionDay.day >= start, ReportDecisionDay.day <= through)
        )
        state = session.get(ReportSummaryState, NAME)
        if state is None:
            session.add(ReportSummaryState(name=NAME, built_through=through, refreshed_at=utcnow()))
        else:
            state.built_through, state.refreshed_at = through, utcnow()
    return int(written or 0)


def _week_of_day(column: Any) -> Any:
    """The Monday of a calendar day's week (the column is already a date in the country's calendar)."""
    if dialect() == "postgresql":
        return cast(func.date_trunc("week", cast(column, DateTime())), Date)
    return func.date(column, "weekday 0", "-6 days")


def decision_weeks(filters: ReportFilter, profile: CountryProfile) -> list[tuple[dt.date, Week]]:
    """The three decision figures' counts per week of the period: summary days, then live days."""
    key = ("report-decision-weeks", filters, profile.code)
    memo = request.environ.setdefault("portal.report_memo", {}) if has_request_context() else {}
    if key in memo:
        return memo[key]
    weeks = Weeks()
    through = built_through()
    live_from = filters.start
    if through is not None and through >= filters.start:
        last = min(through, filters.end)
        week = _week_of_day(ReportDecisionDay.day)
        conditions = [ReportDecisionDay.day >= filters.start, ReportDecisionDay.day <= last]
        if filters.office:
            conditions.append(ReportDecisionDay.office == filters.office)
        if filters.region:
            conditions.append(ReportDecisionDay.municipality.in_(profile.regions.get(filters.region, ())))
        rows = db.session.execute(
            select(
                week.label("week"),
                *(func.sum(getattr(ReportDecisionDay, name)).label(name) for name in COUNTS),
            )
            .where(*conditions)
            .group_by(week)
        ).mappings()
        for row in rows:
            weeks.add(row["week"], row)
        live_from = last + dt.timedelta(days=1)
    if live_from <= filters.end:
        live = ReportFilter(live_from, filters.end, filters.office, filters.region)
        week = week_start(Decision.issued_at, profile)
        rows = db.session.execute(
            select(week.label("week"))
            .select_from(Decision)
            .add_columns(*_aggregates(profile, _probed()))
            .where(
                *live.within(Decision.issued_at, profile), *person_scope(Decision.person_id, live, profile)
            )
            .group_by(week)
        ).mappings()
        for row in rows:
            weeks.add(row["week"], row)
    memo[key] = result = weeks.sorted()
    return result
