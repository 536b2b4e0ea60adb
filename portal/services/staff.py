"""The PES's staff table, managed with `flask staff add|list|remove`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditTag, Person, StaffMember, StaffRole
from portal.profiles import CountryProfile
from portal.services import audit


@dataclass(frozen=True)
class StaffEntry:
    national_code: str
    name: str
    role: str
    office: str


def add_staff(profile: CountryProfile, national_code: str, role: StaffRole, office: str) -> StaffEntry:
    """Add or update a staff member; the national code is validated by the profile."""
    code = profile.parse_national_id(national_code).code
    with db.write() as session:
        person = session.scalar(select(Person).where(Person.national_code == code))
        if person is None:
            # Names arrive with the first eID login.
            person = Person(country=profile.code, national_code=code, given_name="", family_name="")
            session.add(person)
            session.flush()
        member = session.scalar(select(StaffMember).where(StaffMember.person_id == person.id))
        if member is None:
            member = StaffMember(person_id=person.id, role=role, office=office)
            session.add(member)
        member.role, member.office = role, office
        audit.record(
            session,
            AuditTag.STAFF_ADD,
            actor_role="administrator",
            purpose="staff table (CLI)",
            subject_person_id=person.id,
            details={"role": role.value, "office": office},
        )
    return StaffEntry(code, person.full_name, role.value, office)


def list_staff() -> list[StaffEntry]:
    rows = db.session.execute(
        select(Person, StaffMember)
        .join(StaffMember, StaffMember.person_id == Person.id)
        .order_by(StaffMember.office, Person.family_name)
    )
    return [StaffEntry(p.national_code, p.full_name, m.role.value, m.office) for p, m in rows]


def remove_staff(profile: CountryProfile, national_code: str) -> bool:
    code = profile.parse_national_id(national_code).code
    with db.write() as session:
        member = session.scalar(select(StaffMember).join(Person).where(Person.national_code == code))
        if member is None:
            return False
        audit.record(
            session,
            AuditTag.STAFF_REMOVE,
            actor_role="administrator",
            purpose="staff table (CLI)",
            subject_person_id=member.person_id,
            details={"role": member.role.value},
        )
        session.delete(member)
    return True
