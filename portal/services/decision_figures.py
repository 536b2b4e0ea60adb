"""Figures about deadlines: the share of decisions made on time, and what is overdue or due soon."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Appeal, AppealState, Decision, Registration, RegistrationState
from portal.profiles import CountryProfile, current_profile
from portal.services.appeals import pending_reviews, review_due_on
from portal.sql_dates import local_date


def decisions_on_time(
    since: dt.date | dt.datetime | None = None, profile: CountryProfile | None = None
) -> tuple[int, int]:
    """(decisions issued on or before their due date, decisions that had a due date), counting the
    issue day in the country's time zone. `since` limits it to decisions issued from then on."""
    profile = profile or current_profile()
    on_time = local_date(Decision.issued_at, profile.timezone) <= Decision.decision_due_on
    query = select(func.count(), func.count().filter(on_time)).where(Decision.decision_due_on.is_not(None))
    if since is not None:
        if not isinstance(since, dt.datetime):
            since = dt.datetime.combine(since, dt.time(), tzinfo=profile.tz)
        query = query.where(Decision.issued_at >= since.astimezone(dt.UTC))
    total, in_time = db.session.execute(query).one()
    return in_time or 0, total or 0


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
    soon = today + dt.timedelta(days=soon_days)

    def split(dates: list[dt.date]) -> tuple[int, int]:
        return sum(d < today for d in dates), sum(today <= d <= soon for d in dates)

    registrations = split(
        list(
            db.session.scalars(
                select(Registration.decision_due_on).where(Registration.state == RegistrationState.PENDING)
            )
        )
    )
    appeals = split(
        list(db.session.scalars(select(Appeal.due_on).where(Appeal.state == AppealState.PENDING)))
    )
    reviews = split([review_due_on(decision, profile) for decision in pending_reviews()])
    return DeadlineCounts(*registrations, *appeals, *reviews)
