"""The back-office home's queue counts in one statement.

Each count is the statement its own service keeps (`pending_count`, `check_queue_count`, ...),
taken here as a scalar subquery, so the home pays one round trip for them, not eight: on
PostgreSQL each statement costs the page about 0.2 ms of CPU in the driver and the engine
whatever it counts (docs/performance.md)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, literal, select

from portal.extensions import db
from portal.models import SignalState
from portal.services import appeals, meetings
from portal.services.lifecycle import proposals, signals
from portal.services.registration import decide
from portal.services.vacancies import queries as vacancy_queries


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


@lru_cache(maxsize=2)
def _statement(supervisor: bool) -> Select[Any]:
    meeting = meetings.QUEUE_COUNTS.subquery()
    zero = literal(0)
    return select(
        decide.PENDING_COUNT.scalar_subquery(),
        appeals.PENDING_REVIEW_COUNT.scalar_subquery(),
        vacancy_queries.CHECK_QUEUE_COUNT.scalar_subquery(),
        proposals.OPEN_COUNT.scalar_subquery(),
        meeting.c.requested,
        meeting.c.missed,
        appeals.PENDING_APPEAL_COUNT.scalar_subquery() if supervisor else zero,
        signals.COUNT_IN_STATE.scalar_subquery() if supervisor else zero,
    ).select_from(meeting)


def home_counts(office: str | None, *, supervisor: bool) -> HomeCounts:
    """The counts; the meetings' are the office's (none without an office)."""
    row = db.session.execute(
        _statement(supervisor), {"office": office, "signal_state": SignalState.OPEN}
    ).one()
    return HomeCounts(*(int(value or 0) for value in row))
