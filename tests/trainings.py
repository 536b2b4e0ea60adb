"""Rows for the trainings tests: people, registrations, trainings, measures, staff."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Measure,
    MeasureKind,
    Person,
    Registration,
    RegistrationKind,
    RegistrationState,
    StaffMember,
    StaffRole,
    Training,
    TrainingState,
)
from portal.services.staff import add_staff

_counter = itertools.count(1)


def person(code: str, born: dt.date | None = None, country: str = "EE") -> int:
    found = db.session.scalar(select(Person).where(Person.national_code == code))
    if found is None:
        with db.write() as session:
            found = Person(
                country=country,
                national_code=code,
                given_name="Test",
                family_name=f"Person {code[-3:]}",
                date_of_birth=born,
            )
            session.add(found)
    return found.id


def registration(
    person_id: int,
    *,
    kind: RegistrationKind = RegistrationKind.UNEMPLOYED,
    state: RegistrationState = RegistrationState.REGISTERED,
    registered_on: dt.date | None = None,
    social_assistance: str | None = None,
) -> int:
    """A registration; `social_assistance` is the register's status (ACTIVE, ENDED) when it answered."""
    sections = {}
    if social_assistance is not None:
        sections["social_assistance"] = {
            "status": "ok",
            "read_at": None,
            "xroad_id": "test",
            "error": None,
            "values": {"status": social_assistance, "category": "I", "since": None, "office": None},
        }
    with db.write() as session:
        row = Registration(
            reference=f"REG-2026-TRAIN{next(_counter):04d}",
            person_id=person_id,
            kind=kind,
            state=state,
            decision_due_on=dt.date.today() + dt.timedelta(days=14),
            registered_on=registered_on or dt.date.today() - dt.timedelta(days=40),
            consent_at=dt.datetime.now(dt.UTC),
            consent_version="test",
            register_data={"sections": sections},
            answers={},
            review_reasons=[],
        )
        session.add(row)
    return row.id


def training(
    *,
    seats: int = 10,
    state: TrainingState = TrainingState.PUBLISHED,
    title: str = "Welding (MIG/MAG) basic course",
) -> int:
    with db.write() as session:
        row = Training(
            title=title,
            provider_name="Tallinn Vocational Training Centre",
            description="Safety, MIG/MAG welding of steel plates and pipes, and the certificate exam.",
            isco_code="7212",
            starts_on=dt.date(2027, 2, 1),
            ends_on=dt.date(2027, 4, 30),
            hours=320,
            municipality_code="0784",
            remote=False,
            language="et",
            seats_total=seats,
            seats_taken=0,
            certificate="Welder, level 3 professional certificate",
            state=state,
        )
        session.add(row)
    return row.id


def measure(kind: MeasureKind, key: str, title: str = "Measure") -> int:
    with db.write() as session:
        row = Measure(kind=kind, title=title, description="", eligibility_key=key, active=True)
        session.add(row)
    return row.id


def staff(app, code: str, role: StaffRole = StaffRole.COUNSELLOR) -> StaffMember:
    add_staff(app.extensions["profile"], code, role, "Tallinn")
    return db.session.scalar(
        select(StaffMember)
        .join(Person, Person.id == StaffMember.person_id)
        .where(Person.national_code == code)
    )
