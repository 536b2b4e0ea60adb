"""Which office and counsellor a registered jobseeker's case belongs to: opened (or reopened) at
registration in the office of the home municipality, round robin among the office's counsellors;
closed when the registration ends; given to another counsellor by a supervisor.

Split from `caseload` (the counsellor's list of cases), which still exposes these names.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import AuditTag, JobseekerCase, OfficeTurn, Person, PlanStatus, StaffMember, StaffRole
from portal.models.register_snapshot import RegisterSnapshot
from portal.profiles import CountryProfile
from portal.services import audit
from portal.services.caseload_facts import case_facts


def next_counsellor(session: Session, office: str) -> int | None:
    """Round robin within the office: the counsellor after the one given the office's last case.

    Safe when registrations in the same office run at once: the office's `OfficeTurn` row is
    locked first by an UPDATE (a row lock held to the end of the transaction on PostgreSQL; on
    SQLite the write lock, so the read below cannot be another transaction's stale read), then
    the last counsellor is read and the new one written under that lock.
    """
    _lock_turn(session, office)
    last = session.scalar(select(OfficeTurn.last_counsellor_id).where(OfficeTurn.office == office))
    counsellors = session.scalars(
        select(StaffMember.id)
        .where(StaffMember.office == office, StaffMember.role == StaffRole.COUNSELLOR)
        .order_by(StaffMember.id)
    ).all()
    if not counsellors:
        return None
    later = [staff_id for staff_id in counsellors if last is not None and staff_id > last]
    chosen = later[0] if later else counsellors[0]
    session.execute(update(OfficeTurn).where(OfficeTurn.office == office).values(last_counsellor_id=chosen))
    return chosen


def _lock_turn(session: Session, office: str) -> None:
    """Lock the office's turn row, creating it the first time (seeded with the counsellor of the
    office's latest case, as the round robin was before the row existed)."""
    bump = (
        update(OfficeTurn).where(OfficeTurn.office == office).values(assignments=OfficeTurn.assignments + 1)
    )
    if session.execute(bump).rowcount:  # type: ignore[attr-defined]
        return
    latest = (
        select(JobseekerCase.counsellor_id)
        .where(JobseekerCase.office == office, JobseekerCase.counsellor_id.is_not(None))
        .order_by(JobseekerCase.assigned_at.desc(), JobseekerCase.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    # Two first registrations at once: one inserts, the other waits for it and inserts nothing.
    session.execute(
        insert(OfficeTurn)
        .values(office=office, last_counsellor_id=latest, assignments=0)
        .on_conflict_do_nothing(index_elements=[OfficeTurn.office])
    )
    session.execute(bump)


def open_case(
    session: Session, person: Person, snapshot: RegisterSnapshot, profile: CountryProfile, today: dt.date
) -> JobseekerCase:
    """Called in the registering transaction: the person's case, opened (or reopened) in the office
    of their home municipality with the office's next counsellor."""
    facts = case_facts(snapshot)
    office = profile.offices.office_for(facts.municipality_code).name
    existing = session.scalar(select(JobseekerCase).where(JobseekerCase.person_id == person.id))
    if existing is not None and existing.closed_on is None and existing.office == office:
        return existing
    row = existing or JobseekerCase(person_id=person.id)
    row.office = office
    row.counsellor_id = next_counsellor(session, office)
    row.assigned_at = dt.datetime.now(dt.UTC)
    row.opened_on, row.closed_on = today, None
    row.family_key, row.given_key = person.family_name.casefold(), person.given_name.casefold()
    row.social_assistance = facts.social_assistance
    row.unemployed_since = facts.last_job_ended_on or today
    if existing is None:
        row.plan_status = PlanStatus.NONE
        session.add(row)
    session.flush()
    audit.record(
        session,
        AuditTag.CASE_ASSIGN,
        actor_role="system",
        purpose="case opened at registration",
        subject_person_id=person.id,
        details={"office": office, "counsellor": row.counsellor_id},
    )
    return row


def close_case(session: Session, person_id: int, on: dt.date) -> None:
    """The registration ended: the case leaves every caseload (its history stays)."""
    row = session.scalar(select(JobseekerCase).where(JobseekerCase.person_id == person_id))
    if row is not None and row.closed_on is None:
        row.closed_on = on


class NotInOffice(Exception):
    """The counsellor chosen does not work in the case's office."""


def reassign(case_id: int, counsellor_id: int, *, actor: StaffMember, request_id: str | None) -> None:
    """A supervisor gives a case of their office to another counsellor of the same office."""
    with db.write() as session:
        row = session.get(JobseekerCase, case_id)
        counsellor = session.get(StaffMember, counsellor_id)
        if row is None or row.office != actor.office or counsellor is None or counsellor.office != row.office:
            raise NotInOffice
        previous, row.counsellor_id = row.counsellor_id, counsellor.id
        row.assigned_at = dt.datetime.now(dt.UTC)
        audit.record(
            session,
            AuditTag.CASE_ASSIGN,
            actor_role=actor.role.value,
            purpose="case reassigned by a supervisor",
            actor_person_id=actor.person_id,
            subject_person_id=row.person_id,
            request_id=request_id,
            details={"office": row.office, "counsellor": counsellor.id, "previous": previous},
        )
