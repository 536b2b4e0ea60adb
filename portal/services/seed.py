"""Idempotent demo data for `make run`. Test personas of the development eID provider."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db
from portal.models import Person

# (country, national code, given name, family name, date of birth): valid codes for each profile.
DEMO_PERSONS = (
    ("EE", "38001085718", "Jaan", "Tamm", dt.date(1980, 1, 8)),
    ("EE", "49403136526", "Mari-Liis", "Männik", dt.date(1994, 3, 13)),
    ("XK", "1234567890", "Arbër", "Krasniqi", dt.date(1990, 5, 17)),
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
    return SeedResult(created=created, unchanged=unchanged)
