"""Idempotent demo data for `make run`. Test personas of the development eID provider."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db
from portal.models import Person, StaffMember, StaffRole
from portal.services.vacancy_seed import seed_demo_vacancies

# (country, national code, given name, family name, date of birth): valid codes for each profile.
DEMO_PERSONS = (
    ("EE", "38001085718", "Jaak-Kristjan", "Jõeorg", dt.date(1980, 1, 8)),
    ("EE", "49403136526", "Mari-Liis", "Männik", dt.date(1994, 3, 13)),
    ("EE", "47103150207", "Epp", "Kaasik", dt.date(1971, 3, 15)),
    ("XK", "1234567890", "Arbër", "Krasniqi", dt.date(1990, 5, 17)),
    ("XK", "1190817263", "Mirëlinda", "Hasani", dt.date(1989, 9, 9)),
)
# Demo staff, so the back office can be tried right after `make run`: a counsellor and a
# supervisor (appeals, reviews) for Estonia, a counsellor for Kosovo (PORTAL_PROFILE=XK).
DEMO_STAFF = (
    ("49403136526", StaffRole.COUNSELLOR, "Tallinn"),
    ("47103150207", StaffRole.SUPERVISOR, "Tallinn"),
    ("1190817263", StaffRole.COUNSELLOR, "Prishtinë"),
)


@dataclass(frozen=True)
class SeedResult:
    created: int
    unchanged: int


def seed_demo_data() -> SeedResult:
    created = unchanged = 0
    with db.write() as session:
        existing = set(session.scalars(select(Person.national_code)))
        for country, code, given, family, born in DEMO_PERSONS:
            if code in existing:
                unchanged += 1
                continue
            session.add(
                Person(
                    country=country,
                    national_code=code,
                    given_name=given,
                    family_name=family,
                    date_of_birth=born,
                )
            )
            created += 1
        session.flush()
        staffed = set(session.scalars(select(StaffMember.person_id)))
        for code, role, office in DEMO_STAFF:
            person_id = session.scalar(select(Person.id).where(Person.national_code == code))
            if person_id is not None and person_id not in staffed:
                session.add(StaffMember(person_id=person_id, role=role, office=office))
                created += 1
            else:
                unchanged += 1
    seed_demo_vacancies()  # counted apart: the result counts people and staff
    return SeedResult(created=created, unchanged=unchanged)
