"""The counsellor's plan page's plan as rows of columns: `plans.plan_page` without ORM objects.

`plans.plan_page` read the person's plan, its current version and the latest risk level as ORM
objects (each identified, tracked and populated, every column of `cursor.description` made into
psycopg's column objects), and the plan's activities were its relationship's lazy load. The page
only shows them: here the same statement's columns on the driver's cursor
(`core_rows.read_kept_named`) and, when there is a plan, its activities by a statement of their
own when first asked for, as the relationship loaded them (ordered by position). Same statements.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any, NamedTuple

from sqlalchemy import bindparam, select

from portal.models import EmploymentPlan, Person, PlanActivity, PlanVersion
from portal.services import profiling
from portal.services.core_rows import read_kept_named


class VersionRow(NamedTuple):
    """What the page shows of the plan's current `PlanVersion`."""

    number: int
    goal: str
    drafted_at: dt.datetime
    agreed_at: dt.datetime | None


class PlanRow:
    """The person's `EmploymentPlan` as the page reads it: its id and its activities (rows with the
    relationship's attribute names, in its order), read once when first asked for."""

    def __init__(self, plan_id: int) -> None:
        self.id = plan_id

    @cached_property
    def activities(self) -> list[Any]:
        return read_kept_named(_ACTIVITIES, {"plan_id": self.id})


_PLAN, _VERSION = EmploymentPlan.__table__.c, PlanVersion.__table__.c
_ACTIVITY = PlanActivity.__table__.c
# Built once: `plans._PLAN_PAGE`'s rows, as columns.
_PLAN_PAGE = (
    select(
        _PLAN.id.label("plan_id"),
        _VERSION.number,
        _VERSION.goal,
        _VERSION.drafted_at,
        _VERSION.agreed_at,
        profiling.latest_level_of(Person.__table__.c.id).label("level"),
    )
    .select_from(Person.__table__)
    .outerjoin(EmploymentPlan.__table__, _PLAN.person_id == Person.__table__.c.id)
    .outerjoin(
        PlanVersion.__table__,
        (_VERSION.plan_id == _PLAN.id) & (_VERSION.number == _PLAN.version),
    )
    .where(Person.__table__.c.id == bindparam("person_id"))
)
_ACTIVITIES = (
    select(_ACTIVITY.kind, _ACTIVITY.description, _ACTIVITY.due_on, _ACTIVITY.actor, _ACTIVITY.done_at)
    .where(_ACTIVITY.plan_id == bindparam("plan_id"))
    .order_by(_ACTIVITY.position)
)


def plan_page(person_id: int) -> tuple[PlanRow | None, VersionRow | None, Any]:
    """`plans.plan_page(person_id)` as rows: (the plan, its current version, the latest level)."""
    rows = read_kept_named(_PLAN_PAGE, {"person_id": person_id})
    if not rows:  # no such person
        return None, None, None
    row = rows[0]
    plan = PlanRow(row.plan_id) if row.plan_id is not None else None
    version = (
        VersionRow(row.number, row.goal, row.drafted_at, row.agreed_at) if row.number is not None else None
    )
    return plan, version, row.level
