"""The back-office home's queue counts in one statement.

Each count is the statement its own service keeps (`pending_count`, `check_queue_count`, ...),
taken here as a scalar subquery, so the home pays one round trip for them, not eight: on
PostgreSQL each statement costs the page about 0.2 ms of CPU in the driver and the engine
whatever it counts (docs/performance.md). The same statement reads the staff member's office (the
meetings' counts are the office's) and the per-day summary of decisions made on time
(`decision_figures.SUMMARISED`), which were two statements of their own, and the decisions issued
since the summary's last day (`home_live_count`), which were a statement after it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import BindParameter, Integer, Select, bindparam, literal_column, select, true
from sqlalchemy.sql.visitors import replacement_traverse

from portal.extensions import db
from portal.models import SignalState, StaffMember
from portal.profiles import current_profile
from portal.services import appeals, decision_figures, meetings
from portal.services.home_live_count import live_since_summary
from portal.services.lifecycle import proposals, signals
from portal.services.paging import written_constants
from portal.services.registration import decide
from portal.services.vacancies import check_queue


@dataclass(frozen=True)
class HomeCounts:
    pending: int  # registrations waiting for a decision
    reviews: int  # reviews of automated decisions asked for
    vacancy_checks: int
    proposals: int  # open proposals to end a registration
    meeting_requests: int  # the office's requests for another time
    missed_meetings: int  # the office's missed meetings not followed up
    appeals: int  # supervisors only, else 0
    signals: int  # open signals; supervisors only, else 0


def _office_of_staff(element: Any) -> Any:
    """The meetings' `:office`, as the signed-in staff member's office (NULL without one: no
    meeting matches, as no office did before)."""
    if isinstance(element, BindParameter) and element.key == "office":
        return (
            select(StaffMember.office)
            .where(StaffMember.person_id == bindparam("staff_person_id"))
            .scalar_subquery()
        )
    return None


@lru_cache(maxsize=8)
def _statement(supervisor: bool, timezone: str) -> Select[Any]:
    meeting = replacement_traverse(meetings.QUEUE_COUNTS, {}, _office_of_staff).subquery()
    summarised = decision_figures.SUMMARISED.subquery()
    live = live_since_summary(timezone).subquery()
    # Zeros written in the SQL, named: two unnamed "0" columns would be ambiguous in the row.
    no_appeals, no_signals = (
        literal_column("0", Integer).label(name) for name in ("no_appeals", "no_signals")
    )
    statement = select(
        decide.PENDING_COUNT.scalar_subquery(),
        appeals.PENDING_REVIEW_COUNT.scalar_subquery(),
        check_queue.CHECK_QUEUE_COUNT.scalar_subquery(),
        proposals.OPEN_COUNT.scalar_subquery(),
        meeting.c.requested,
        meeting.c.missed,
        appeals.PENDING_APPEAL_COUNT.scalar_subquery() if supervisor else no_appeals,
        signals.COUNT_IN_STATE.scalar_subquery() if supervisor else no_signals,
        *summarised.c,
        *live.c,
    ).select_from(meeting.join(summarised, true()).join(live, true()))  # one row each: aggregates
    return written_constants(statement)


def home_counts(staff_person_id: int, *, supervisor: bool) -> tuple[HomeCounts, tuple[int, int]]:
    """The counts, the meetings' the staff member's office's (none without an office), and the
    decisions made on time (as `decision_figures.decisions_on_time` gives them: (on time, total)),
    in one statement."""
    row = db.session.execute(
        _statement(supervisor, current_profile().timezone),
        {"staff_person_id": staff_person_id, "signal_state": SignalState.OPEN},
    ).one()
    counts = HomeCounts(*(int(value or 0) for value in row[:8]))
    _through, summarised_total, summarised_on_time, live_total, live_on_time = row[8:]
    return counts, (
        int(live_on_time or 0) + int(summarised_on_time or 0),
        int(live_total or 0) + int(summarised_total or 0),
    )
