"""Jobseekers with cases for the back-office tests: made through the services registration uses."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import JobseekerCase, Person, RegistrationState, StaffMember, StaffRole
from portal.models.register_snapshot import RegisterSnapshot
from portal.services import case_assignment
from portal.services.staff import add_staff
from tests.functional.test_backoffice_registrations import REGISTER_DATA, add_registration, today

TALLINN = "0784"
NARVA = "0511"


def snapshot_in(municipality: str, *, social_assistance: bool = False) -> dict:
    data = {"sections": dict(REGISTER_DATA["sections"])}
    population = dict(data["sections"]["population"])
    population["values"] = {**population["values"], "municipality_code": municipality}
    data["sections"]["population"] = population
    if social_assistance:
        data["sections"]["social_assistance"] = {
            "status": "ok",
            "read_at": "2026-11-02T08:00:00+00:00",
            "error": None,
            "values": {"status": "ACTIVE", "category": "II", "since": "2025-01-01", "office": None},
        }
    return data


def add_jobseeker(app, code: str, given: str, family: str, municipality: str = TALLINN, **options) -> int:
    """A registered person with a case opened as registration opens it; returns the case id."""
    registration_id = add_registration(
        app, code, f"REG-{code}", today(app), given=given, family=family, state=RegistrationState.REGISTERED
    )
    day = today(app)  # before the context below: a nested app context would end its session
    with app.app_context():
        from portal.models import Registration

        registration = db.session.get(Registration, registration_id)
        data = snapshot_in(municipality, **options)
        registration.register_data = data
        person = db.session.get(Person, registration.person_id)
        row = case_assignment.open_case(
            db.session, person, RegisterSnapshot.from_json(data), app.extensions["profile"], day
        )
        db.session.commit()
        return row.id


def add_counsellor(app, code: str, office: str = "Tallinn", role: StaffRole = StaffRole.COUNSELLOR) -> int:
    with app.app_context():
        add_staff(app.extensions["profile"], code, role, office)
        return db.session.scalar(select(StaffMember.id).join(Person).where(Person.national_code == code))


def case_of(app, case_id: int) -> JobseekerCase:
    with app.app_context():
        row = db.session.get(JobseekerCase, case_id)
        db.session.expunge(row)
        return row


def csrf(response) -> str:
    return re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', response.get_data(as_text=True)
    ).group(1)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def ee_code(serial: int, born: str = "850412") -> str:
    """A valid Estonian personal code (men born in the 1900s), distinct per serial."""
    from portal.profiles.ee import isikukood_check_digit

    first_ten = f"3{born}{serial:03d}"
    return first_ten + str(isikukood_check_digit(first_ten))
