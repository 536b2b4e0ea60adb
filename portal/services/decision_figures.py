"""Figures about deadlines: the share of decisions made on time, and what is overdue or due soon."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, bindparam, func, select

from portal.extensions import db
from portal.models import Appeal, AppealState, Decision, Registration, RegistrationState
from portal.models.report_summary import ReportDecisionDay, ReportSummaryState
from portal.profiles import CountryProfile, current_profile
from portal.services.appeals import pending_review_filter
from portal.services.reports import summary
from portal.sql_dates import local_date


def _local_midnight(day: dt.date, profile: CountryProfile) -> dt.datetime:
    """The UTC moment a day of the country's calendar begins."""
    return dt.datetime.combine(day, dt.time(), tzinfo=profile.tz).astimezone(dt.UTC)


def decisions_on_time(
    since: dt.date | dt.datetime | None = None,
    profile: CountryProfile | None = None,
    summarised: tuple[dt.date | None, int, int] | None = None,
) -> tuple[int, int]:
    """(decisions issued on or before their due date, decisions that had a due date), counting the
    issue day in the country's time zone. `since` limits it to decisions issued from then on.

    Every decision with its own due date counts, whatever its kind (a review or appeal outcome
    too): a manager reading "made on time" on the home page expects the office's whole record, the
    same figure as before, not a recent period nor only the first registration decisions the
    reports' on-time figure counts. Without `since` it therefore reads the per-day summary's
    `due_total`/`due_on_time` (`reports.summary`, the same definition, refreshed nightly) for the
    days up to its `built_through`, and counts live only the decisions issued after it (today,
    usually; by `ix_decision_issued_at`): two statements, whose cost grows with the summary's
    rows, not with the decisions. Before the first refresh it counts every decision live.
    `summarised` is `SUMMARISED`'s row when the caller read it in a statement of its own (the
    back-office home reads it with its queue counts: `home_figures`)."""
    profile = profile or current_profile()
    summarised_on_time = summarised_total = 0
    issued_from: dt.datetime | None = None
    if since is None:
        through, summarised_total, summarised_on_time = summarised or db.session.execute(SUMMARISED).one()
        if through is not None:
            issued_from = _local_midnight(through + dt.timedelta(days=1), profile)
        else:
            summarised_on_time = summarised_total = 0
    else:
        if not isinstance(since, dt.datetime):
            since = dt.datetime.combine(since, dt.time(), tzinfo=profile.tz)
        issued_from = since.astimezone(dt.UTC)
    if issued_from is None:
        total, in_time = db.session.execute(_live_count(profile.timezone, False)).one()
    else:
        total, in_time = db.session.execute(
            _live_count(profile.timezone, True), {"issued_from": issued_from}
        ).one()
    return (in_time or 0) + int(summarised_on_time), (total or 0) + int(summarised_total)


# The home page's statements, built once (per time zone): building and keying them cost several
# times running them.
SUMMARISED = (
    select(
        func.max(ReportSummaryState.built_through),
        func.coalesce(func.sum(ReportDecisionDay.due_total), 0),
        func.coalesce(func.sum(ReportDecisionDay.due_on_time), 0),
    )
    .select_from(ReportSummaryState)
    .join(ReportDecisionDay, ReportDecisionDay.day <= ReportSummaryState.built_through)
    .where(ReportSummaryState.name == summary.NAME)
)


@lru_cache(maxsize=16)
def _live_count(timezone: str, bounded: bool) -> Select[Any]:
    """(decisions with a due date, of them made on time), from `:issued_from` when `bounded`."""
    on_time = local_date(Decision.issued_at, timezone) <= Decision.decision_due_on
    query = select(func.count(), func.count().filter(on_time)).where(Decision.decision_due_on.is_not(None))
    if bounded:
        query = query.where(Decision.issued_at >= bindparam("issued_from", type_=Decision.issued_at.type))
    return query


@dataclass(frozen=True)
class DeadlineCounts:
    """Cases overdue or due within `soon_days`: counts only, for the office reminder."""

    registrations_overdue: int
    registrations_due_soon: int
    appeals_overdue: int
    appeals_due_soon: int
    reviews_overdue: int
    reviews_due_soon: int

    @property
    def total(self) -> int:
        return (
            self.registrations_overdue
            + self.registrations_due_soon
            + self.appeals_overdue
            + self.appeals_due_soon
            + self.reviews_overdue
            + self.reviews_due_soon
        )


def deadline_counts(profile: CountryProfile, today: dt.date, soon_days: int = 2) -> DeadlineCounts:
    """Counted in SQL, three statements, whatever the number of pending cases. A review is due
    `review_answer_days` after the local day it was asked for, so "overdue" and "due soon" are
    ranges of `review_requested_at` (`ix_decision_review_requested_at`)."""
    soon = today + dt.timedelta(days=soon_days)

    def split(due: Any, *conditions: Any) -> tuple[int, int]:
        overdue, due_soon = db.session.execute(
            select(func.count().filter(due < today), func.count().filter(due.between(today, soon))).where(
                *conditions
            )
        ).one()
        return overdue or 0, due_soon or 0

    registrations = split(Registration.decision_due_on, Registration.state == RegistrationState.PENDING)
    appeals = split(Appeal.due_on, Appeal.state == AppealState.PENDING)
    answer_days = dt.timedelta(days=profile.decisions.review_answer_days)
    # due < today  <=>  asked before the local day (today - answer_days) began; due <= soon likewise.
    overdue_before = _local_midnight(today - answer_days, profile)
    soon_before = _local_midnight(soon - answer_days + dt.timedelta(days=1), profile)
    asked = Decision.review_requested_at
    overdue, due_soon = db.session.execute(
        select(
            func.count().filter(asked < overdue_before),
            func.count().filter(asked >= overdue_before, asked < soon_before),
        ).where(pending_review_filter())
    ).one()
    return DeadlineCounts(*registrations, *appeals, overdue or 0, due_soon or 0)
