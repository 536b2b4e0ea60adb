"""The list order: in which order jobseekers are proposed for vacancies (Kosovo's AIIP practice).

One row per registered person (`ListStanding`), kept here:
- `enter` when a registration is registered: the registration date, and `priority` when the
  registers said the person receives social assistance of the profile's priority category (II in
  Kosovo; a profile without one gives nobody priority);
- `move_to_end` when a counsellor confirms a first refusal whose step is `move-to-end`.

Matching (issue 14) orders candidates with `ORDER_BY` (or `order_key` for rows already loaded):
people not moved to the end first, then by when they were moved; within each, priority first, then
the earlier registration date, then the person id so the order is total and stable.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import ListStanding, Registration
from portal.profiles import CountryProfile

ORDER_BY: tuple[Any, ...] = (
    ListStanding.moved_to_end_at.is_not(None),
    ListStanding.moved_to_end_at,
    ListStanding.priority.desc(),
    ListStanding.registered_on,
    ListStanding.person_id,
)

# For rows without a standing (never registered): after everybody on the list.
_FAR = dt.date.max


def order_key(standing: ListStanding) -> tuple[Any, ...]:
    """The same order as `ORDER_BY`, for standings already in memory."""
    moved = standing.moved_to_end_at
    return (
        moved is not None,
        moved or dt.datetime.min.replace(tzinfo=dt.UTC),
        not standing.priority,
        standing.registered_on or _FAR,
        standing.person_id,
    )


def ordered(statement: Any) -> Any:
    """Order a SELECT that already joins `ListStanding` by the list order."""
    return statement.order_by(*ORDER_BY)


def _standing(session: Session, person_id: int) -> ListStanding:
    standing = session.get(ListStanding, person_id, with_for_update=True)
    if standing is None:
        standing = ListStanding(person_id=person_id, priority=False)
        session.add(standing)
    return standing


def enter(session: Session, registration: Registration, profile: CountryProfile) -> ListStanding:
    """Put (or keep) a newly registered person on the list, inside the caller's transaction."""
    standing = _standing(session, registration.person_id)
    standing.registered_on = registration.registered_on
    standing.priority = has_priority(registration, profile)
    session.flush()
    return standing


def has_priority(registration: Registration, profile: CountryProfile) -> bool:
    category = profile.refusals.list_priority_category
    if category is None:
        return False
    section = registration.snapshot.social_assistance
    if section is None or not section.ok or section.values is None:
        return False
    return section.values.receiving and section.values.category == category


def move_to_end(session: Session, person_id: int, moved_at: dt.datetime) -> ListStanding:
    """After a confirmed first refusal (Kosovo): to the end of the list, behind everyone not moved."""
    standing = _standing(session, person_id)
    if standing.registered_on is None:
        registered_on = session.scalar(
            select(Registration.registered_on)
            .where(Registration.person_id == person_id, Registration.registered_on.is_not(None))
            .order_by(Registration.registered_on.desc())
            .limit(1)
        )
        standing.registered_on = registered_on
    standing.moved_to_end_at = moved_at
    session.flush()
    return standing
