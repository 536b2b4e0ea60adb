"""The supervisor's view of an office: cases per counsellor, overdue plan actions, decisions due and
the share decided on time, each counted in SQL (one statement per figure, whatever the office's size)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Date, and_, case, cast, func, select

from portal.extensions import db
from portal.models import (
    Decision,
    JobseekerCase,
    Person,
    PlanStatus,
    Registration,
    RegistrationState,
    RiskLevel,
    StaffMember,
    StaffRole,
)

DUE_SOON_DAYS = 2


@dataclass(frozen=True)
class CounsellorLoad:
    staff_id: int | None  # None: cases nobody is responsible for
    name: str
    cases: int
    high_risk: int
    overdue: int
    plans_waiting: int


@dataclass(frozen=True)
class OfficeWorkload:
    counsellors: list[CounsellorLoad]
    decisions_due: int  # registrations of the office waiting for a decision, due within two days or late
    decisions_late: int
    on_time: int
    decided: int


def counsellors_of(office: str) -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(StaffMember.id, Person.given_name, Person.family_name)
        .join(Person, Person.id == StaffMember.person_id)
        .where(StaffMember.office == office, StaffMember.role == StaffRole.COUNSELLOR)
        .order_by(Person.family_name, Person.given_name, StaffMember.id)
    )
    return [(row.id, f"{row.given_name} {row.family_name}".strip()) for row in rows]


def office_workload(office: str, today: dt.date) -> OfficeWorkload:
    open_cases = and_(JobseekerCase.office == office, JobseekerCase.closed_on.is_(None))
    per_counsellor = {
        row.counsellor_id: row
        for row in db.session.execute(
            select(
                JobseekerCase.counsellor_id,
                func.count().label("cases"),
                func.sum(case((JobseekerCase.risk_level == RiskLevel.HIGH, 1), else_=0)).label("high"),
                func.sum(case((JobseekerCase.next_due_on < today, 1), else_=0)).label("overdue"),
                func.sum(case((JobseekerCase.plan_status == PlanStatus.DRAFT, 1), else_=0)).label("waiting"),
            )
            .where(open_cases)
            .group_by(JobseekerCase.counsellor_id)
        )
    }

    def load(staff_id: int | None, name: str) -> CounsellorLoad:
        row = per_counsellor.get(staff_id)
        if row is None:
            return CounsellorLoad(staff_id, name, 0, 0, 0, 0)
        return CounsellorLoad(staff_id, name, row.cases, row.high or 0, row.overdue or 0, row.waiting or 0)

    loads = [load(staff_id, name) for staff_id, name in counsellors_of(office)]
    if None in per_counsellor:
        loads.append(load(None, ""))
    in_office = select(JobseekerCase.person_id).where(JobseekerCase.office == office)
    due_soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    due, late = db.session.execute(
        select(
            func.count(),
            func.sum(case((Registration.decision_due_on < today, 1), else_=0)),
        ).where(
            Registration.state == RegistrationState.PENDING,
            Registration.decision_due_on <= due_soon,
            Registration.person_id.in_(in_office),
        )
    ).one()
    on_time, decided = db.session.execute(
        select(
            func.sum(case((cast(Decision.issued_at, Date) <= Decision.decision_due_on, 1), else_=0)),
            func.count(),
        ).where(Decision.decision_due_on.is_not(None), Decision.person_id.in_(in_office))
    ).one()
    return OfficeWorkload(loads, due or 0, late or 0, on_time or 0, decided or 0)
