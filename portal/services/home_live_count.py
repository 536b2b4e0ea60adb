"""The decisions made on time that the per-day summary does not hold yet, counted in the back-office
home's one statement (`live_since_summary`).

`decision_figures.decisions_on_time` reads the summary's `built_through` and then counts live the
decisions issued from the next local day's midnight: two statements. Here the live count is a
subquery of the home's statement, bounded by the summary's own `built_through`: a decision is live
when its local issue date is after it (every decision when there is no summary), the same set. So
that the count still reads only the newest decisions by `ix_decision_issued_at`, the issue time is
also bounded below by the UTC start of the day before `built_through`, which is never later than
the next local day's midnight in any time zone (at most 14 hours ahead of UTC).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date, Select, func, literal_column, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from portal.models import Decision
from portal.models.report_summary import ReportSummaryState
from portal.services.reports import summary
from portal.sql_dates import local_date

# Before any decision: what `built_through` stands for when there is no summary (a literal of no
# type: PostgreSQL reads it as the date it is compared with, SQLite keeps dates as this text).
_NO_SUMMARY = literal_column("'0001-01-01'")


class _utc_start_of_day_before(FunctionElement):
    """The UTC moment the day before a date begins, as each database compares it with a stored
    UTC timestamp (PostgreSQL: a timestamptz; SQLite: ISO text, which sorts before that day's times)."""

    type = Date()
    inherit_cache = True
    name = "utc_start_of_day_before"


@compiles(_utc_start_of_day_before, "postgresql")
def _postgresql(element: _utc_start_of_day_before, compiler: Any, **kw: Any) -> str:
    (day,) = list(element.clauses)
    return f"((CAST({compiler.process(day, **kw)} AS timestamp) - INTERVAL '1 day') AT TIME ZONE 'UTC')"


@compiles(_utc_start_of_day_before)
def _sqlite(element: _utc_start_of_day_before, compiler: Any, **kw: Any) -> str:
    (day,) = list(element.clauses)
    return f"date({compiler.process(day, **kw)}, '-1 day')"


def live_since_summary(timezone: str) -> Select[Any]:
    """(decisions with a due date issued after the summary's last day, of them made on time): one
    row, as `decision_figures._live_count` counts them from the next local day's midnight."""
    through = func.coalesce(
        select(func.max(ReportSummaryState.built_through))
        .where(ReportSummaryState.name == summary.NAME)
        .scalar_subquery(),
        _NO_SUMMARY,
    )
    issued_on = local_date(Decision.issued_at, timezone)
    return select(
        func.count().label("live_total"),
        func.count().filter(issued_on <= Decision.decision_due_on).label("live_on_time"),
    ).where(
        Decision.decision_due_on.is_not(None),
        Decision.issued_at >= _utc_start_of_day_before(through),
        issued_on > through,
    )
