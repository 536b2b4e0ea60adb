"""The individual employment plan: the counsellor drafts a version, the person agrees it in the
portal (a timestamped agreement, the agreed text as a sealed PDF in their inbox), marks activities
done, and is reminded before due dates. Each draft is a new version with what changed.

Keeps the case's `plan_status` and `next_due_on` (earliest open activity), which the caseload
filters on ("plan actions overdue"), in the same transaction as every change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import (
    ActivityKind,
    Actor,
    AuditTag,
    EmploymentPlan,
    JobseekerCase,
    Person,
    PlanActivity,
    PlanStatus,
    PlanVersion,
    StaffMember,
)
from portal.models.base import utcnow
from portal.services import audit, inbox, profiling

GOAL_MAX = 2000
DESCRIPTION_MAX = 500
REMIND_DAYS = 2
PLAN_DRAFTED = "plan_drafted"  # inbox message kinds
PLAN_AGREED = "plan_agreed"
PLAN_REMINDER = "plan_reminder"


class NotDrafted(Exception):
    """No version waits for the person's agreement (none drafted, or agreed already)."""


class StaleVersion(Exception):
    """The counsellor drafted a newer version meanwhile: the person must read that one."""


@dataclass(frozen=True)
class ActivityDraft:
    kind: ActivityKind
    description: str
    due_on: dt.date
    actor: Actor

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "description": self.description,
            "due_on": self.due_on.isoformat(),
            "actor": self.actor.value,
        }


# Built once: the plan pages read them on every view, and building and keying a SELECT cost more
# than running it on a person's few rows.
_PLAN_OF = select(EmploymentPlan).where(EmploymentPlan.person_id == bindparam("person_id"))
_VERSIONS = (
    select(PlanVersion).where(PlanVersion.plan_id == bindparam("plan_id")).order_by(PlanVersion.number.desc())
)
_CURRENT_VERSION = select(PlanVersion).where(
    PlanVersion.plan_id == bindparam("plan_id"), PlanVersion.number == bindparam("number")
)


# The counsellor's plan page in one statement: the person's plan and its current version (each
# None when there is none) and the level of their latest risk assessment (whether the level requires
# a plan), read from the person's row so that a person without a plan still gives a row. Three
# statements before (the plan, its version, the assessment).
_PLAN_PAGE = (
    select(EmploymentPlan, PlanVersion, profiling.latest_level_of(Person.id))
    .select_from(Person)
    .outerjoin(EmploymentPlan, EmploymentPlan.person_id == Person.id)
    .outerjoin(
        PlanVersion,
        (PlanVersion.plan_id == EmploymentPlan.id) & (PlanVersion.number == EmploymentPlan.version),
    )
    .where(Person.id == bindparam("person_id"))
)


def plan_page(person_id: int) -> tuple[EmploymentPlan | None, PlanVersion | None, str | None]:
    """(`plan_of`, its `current_version`, the latest risk assessment's level) for the person."""
    row = db.session.execute(_PLAN_PAGE, {"person_id": person_id}).first()
    if row is None:  # no such person
        return None, None, None
    plan, version, level = row
    return plan, version, level


def plan_of(person_id: int) -> EmploymentPlan | None:
    return db.session.scalar(_PLAN_OF, {"person_id": person_id})


def versions(plan: EmploymentPlan) -> list[PlanVersion]:
    return list(db.session.scalars(_VERSIONS, {"plan_id": plan.id}))


def current_version(plan: EmploymentPlan, session: Session | None = None) -> PlanVersion | None:
    return (session or db.session).scalar(_CURRENT_VERSION, {"plan_id": plan.id, "number": plan.version})


def changes_between(old_goal: str | None, old: list[dict[str, Any]], goal: str, new: list[dict[str, Any]]):
    """What a version changed, as the person reads it: goal changed, activities added, removed, or
    with another due date or actor (an activity is known by its kind and description)."""
    key = lambda item: (item["kind"], item["description"])  # noqa: E731
    before = {key(item): item for item in old}
    after = {key(item): item for item in new}
    found: list[dict[str, Any]] = []
    if old_goal is not None and old_goal != goal:
        found.append({"change": "goal"})
    found += [{"change": "added", **item} for k, item in after.items() if k not in before]
    found += [{"change": "removed", **item} for k, item in before.items() if k not in after]
    found += [
        {"change": "changed", **item, "was_due_on": before[k]["due_on"], "was_actor": before[k]["actor"]}
        for k, item in after.items()
        if k in before and (before[k]["due_on"], before[k]["actor"]) != (item["due_on"], item["actor"])
    ]
    return found


def refresh_case(session: Session, plan: EmploymentPlan) -> None:
    case = session.scalar(select(JobseekerCase).where(JobseekerCase.person_id == plan.person_id))
    if case is None:
        return
    case.plan_status = plan.status
    case.next_due_on = session.scalar(
        select(func.min(PlanActivity.due_on)).where(
            PlanActivity.plan_id == plan.id, PlanActivity.done_at.is_(None)
        )
    )


def draft(
    person_id: int, *, goal: str, activities: list[ActivityDraft], staff: StaffMember, request_id: str | None
) -> PlanVersion:
    """A new version: the first plan, or a revision of the agreed one. The person is told."""
    with db.write() as session:
        plan = session.scalar(select(EmploymentPlan).where(EmploymentPlan.person_id == person_id))
        if plan is None:
            plan = EmploymentPlan(person_id=person_id, version=0)
            session.add(plan)
            session.flush()
        previous = current_version(plan, session)
        new = [item.to_json() for item in activities]
        done = {(row.kind.value, row.description): row.done_at for row in plan.activities}
        plan.version += 1
        plan.status = PlanStatus.DRAFT
        version = PlanVersion(
            plan_id=plan.id,
            number=plan.version,
            goal=goal,
            activities=new,
            changes=changes_between(previous.goal, previous.activities, goal, new) if previous else [],
            drafted_by_person_id=staff.person_id,
        )
        session.add(version)
        plan.activities = [
            PlanActivity(
                position=index,
                kind=item.kind,
                description=item.description,
                due_on=item.due_on,
                actor=item.actor,
                done_at=done.get((item.kind.value, item.description)),
            )
            for index, item in enumerate(activities)
        ]
        session.flush()
        refresh_case(session, plan)
        message = inbox.deliver(session, person_id=person_id, kind=PLAN_DRAFTED)
        audit.record(
            session,
            AuditTag.PLAN_DRAFT,
            actor_role=staff.role.value,
            purpose="individual employment plan drafted",
            actor_person_id=staff.person_id,
            subject_person_id=person_id,
            request_id=request_id,
            details={"version": version.number, "activities": len(new)},
        )
        message_id = message.id
    inbox.notify_after_commit([message_id])
    return version


def agree(person_id: int, number: int, render_pdf) -> PlanVersion:
    """The person agrees version `number` in the portal: the moment is recorded and the agreed text
    is sealed (`render_pdf(version, agreed_at) -> bytes`) and put in their inbox."""
    plan = plan_of(person_id)
    version = current_version(plan) if plan is not None else None
    if version is None or version.agreed_at is not None:
        raise NotDrafted
    if version.number != number:
        raise StaleVersion
    agreed_at = utcnow()
    content = render_pdf(version, agreed_at)
    with db.write() as session:
        plan = session.scalar(
            select(EmploymentPlan).where(EmploymentPlan.person_id == person_id).with_for_update()
        )
        version = current_version(plan, session)
        if version.number != number:
            raise StaleVersion
        if version.agreed_at is not None:
            raise NotDrafted
        version.agreed_at = agreed_at
        version.pdf, version.pdf_sha256 = content, hashlib.sha256(content).hexdigest()
        plan.status = PlanStatus.AGREED
        refresh_case(session, plan)
        message = inbox.deliver(session, person_id=person_id, kind=PLAN_AGREED)
        audit.record(
            session,
            AuditTag.PLAN_AGREE,
            actor_role="jobseeker",
            purpose="individual employment plan agreed",
            actor_person_id=person_id,
            subject_person_id=person_id,
            details={"version": number, "sha256": version.pdf_sha256},
        )
        message_id = message.id
    inbox.notify_after_commit([message_id])
    return version


def mark_done(person_id: int, activity_id: int) -> bool:
    """The person marks one of their plan's activities done (False: not theirs, or done already)."""
    with db.write() as session:
        activity = session.scalar(
            select(PlanActivity)
            .join(EmploymentPlan, EmploymentPlan.id == PlanActivity.plan_id)
            .where(PlanActivity.id == activity_id, EmploymentPlan.person_id == person_id)
        )
        if activity is None or activity.done_at is not None:
            return False
        activity.done_at = utcnow()
        refresh_case(session, session.get(EmploymentPlan, activity.plan_id))
        audit.record(
            session,
            AuditTag.PLAN_ACTIVITY_DONE,
            actor_role="jobseeker",
            purpose="plan activity marked done",
            actor_person_id=person_id,
            subject_person_id=person_id,
            details={"activity": activity.id},
        )
    return True


def remind_due(today: dt.date, days: int = REMIND_DAYS) -> int:
    """One reminder per open activity of the person's, `days` before its due date. Idempotent
    (`reminded_at`), so a periodic run twice or on two workers sends nothing twice."""
    sent: list[int] = []
    with db.write() as session:
        rows = session.execute(
            select(PlanActivity, EmploymentPlan.person_id)
            .join(EmploymentPlan, EmploymentPlan.id == PlanActivity.plan_id)
            .where(
                PlanActivity.done_at.is_(None),
                PlanActivity.reminded_at.is_(None),
                PlanActivity.actor == Actor.JOBSEEKER,
                PlanActivity.due_on >= today,
                PlanActivity.due_on <= today + dt.timedelta(days=days),
            )
            .with_for_update(skip_locked=True)
        ).all()
        people: set[int] = set()
        for activity, person_id in rows:
            activity.reminded_at = utcnow()
            people.add(person_id)
        for person_id in sorted(people):
            sent.append(inbox.deliver(session, person_id=person_id, kind=PLAN_REMINDER).id)
    inbox.notify_after_commit(sent)
    return len(sent)
