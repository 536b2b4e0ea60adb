"""Rows for the lifecycle tests: a person registered by the rule, as a submit with nothing to check
would register them, on the profile of the app in context."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import select

from portal.extensions import db
from portal.models import Person, Registration, RegistrationKind, RegistrationState, StaffMember, StaffRole
from portal.services import decisions
from portal.services.registration.decide import register_automatically
from portal.services.staff import add_staff

_counter = itertools.count(1)


def person(code: str, country: str = "EE", given: str = "Jaan", family: str = "Tamm") -> int:
    found = db.session.scalar(select(Person).where(Person.national_code == code))
    if found is None:
        with db.write() as session:
            found = Person(country=country, national_code=code, given_name=given, family_name=family)
            session.add(found)
    return found.id


def registered(
    app, code: str, kind: RegistrationKind = RegistrationKind.UNEMPLOYED, on: dt.date | None = None
) -> int:
    """A registration by the rule (with a certificate for the unemployed); `on` backdates it."""
    profile = app.extensions["profile"]
    with db.write() as session:
        row = Registration(
            reference=f"REG-2026-LIFE{next(_counter):05d}",
            person_id=person(code, profile.code),
            kind=kind,
            state=RegistrationState.PENDING,
            decision_due_on=profile.today() + dt.timedelta(days=14),
            consent_at=dt.datetime.now(dt.UTC),
            consent_version="test",
            register_data={"sections": {}},
            answers={},
            review_reasons=[],
        )
        session.add(row)
    with decisions.issuing() as batch:
        found = batch.session.get(Registration, row.id)
        register_automatically(batch, found, profile, on or profile.today())
    return row.id


def staff_member(
    app, code: str, role: StaffRole = StaffRole.COUNSELLOR, office: str = "Tallinn"
) -> StaffMember:
    add_staff(app.extensions["profile"], code, role, office)
    return db.session.scalar(select(StaffMember).join(Person).where(Person.national_code == code))


def ee_code(serial: int, born: str = "900101") -> str:
    """A valid Estonian personal code unknown to the register simulator (serial 0..999)."""
    from portal.profiles.ee import isikukood_check_digit

    first_ten = f"3{born}{serial:03d}"
    return first_ten + str(isikukood_check_digit(first_ten))


def computed_checks(app) -> dict[str, int]:
    """Count how often the register simulator computed each employment check (a repeat of a
    `checkId` is answered from its store and not counted)."""
    from portal.services.xroad import simulator

    state = simulator(app).extensions["register_simulator"]
    counts: dict[str, int] = {}
    original = state.once

    def once(operation, key, compute):
        def counted():
            counts[key] = counts.get(key, 0) + 1
            return compute()

        return original(operation, key, counted if operation == "employment-checks" else compute)

    state.once = once
    return counts
