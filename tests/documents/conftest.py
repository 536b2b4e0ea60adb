"""Rows for documents, and one development seal for the whole test session.

The dev seal lives in `<instance>/seal/`; sharing one instance folder across these tests makes
the CA once instead of once per test (and exercises the "reuse what is there" path).
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

import pytest
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import (
    AutomatedRule,
    Certificate,
    Decision,
    DecisionKind,
    DecisionState,
    Person,
    Registration,
    RegistrationKind,
    RegistrationState,
    StaffMember,
    StaffRole,
)
from tests.eid import JAAN

# Letters of all five languages, so a missing glyph or a broken text layer shows in the tests.
GIVEN_NAME = "Õie-Ülle"
FAMILY_NAME = "Šarić-Đukić Çelë Žužić"
AUTOMATED_RULE = AutomatedRule.REGISTRATION_FROM_REGISTER_DATA


@pytest.fixture(scope="session")
def shared_instance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("documents-instance")


@pytest.fixture
def instance_path(shared_instance: Path) -> Path:
    return shared_instance


def add_person(code: str = JAAN, given: str = GIVEN_NAME, family: str = FAMILY_NAME) -> int:
    person = db.session.scalar(select(Person).where(Person.national_code == code))
    if person is not None:
        return person.id
    with db.write() as session:
        person = Person(country="EE", national_code=code, given_name=given, family_name=family)
        session.add(person)
    return person.id


def add_registration(
    person_id: int,
    *,
    kind: RegistrationKind = RegistrationKind.UNEMPLOYED,
    state: RegistrationState = RegistrationState.REGISTERED,
) -> int:
    """A registration; an active one the person already has is reused (one per person)."""
    if state is RegistrationState.REGISTERED:
        existing = db.session.scalar(
            select(Registration.id).where(
                Registration.person_id == person_id, Registration.state == RegistrationState.REGISTERED
            )
        )
        if existing is not None:
            return existing
    with db.write() as session:
        registration = Registration(
            reference=f"REG-2026-{secrets.token_hex(4).upper()}",
            person_id=person_id,
            kind=kind,
            state=state,
            submitted_at=dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC),
            decision_due_on=dt.date(2026, 11, 16),
            registered_on=dt.date(2026, 11, 2) if state is RegistrationState.REGISTERED else None,
            consent_at=dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC),
            consent_version="test",
            register_data={"sections": {}},
            answers={},
            review_reasons=[],
        )
        session.add(registration)
    return registration.id


def add_staff(code: str, role: StaffRole) -> int:
    person_id = add_person(code, "Mari", "Maasikas")
    with db.write() as session:
        staff = StaffMember(person_id=person_id, role=role, office="Tallinn")
        session.add(staff)
    return staff.id


def add_decision(
    code: str = JAAN,
    kind: DecisionKind = DecisionKind.REGISTRATION,
    *,
    automated: bool = True,
    staff_id: int | None = None,
    responds_to_id: int | None = None,
    registration_id: int | None = None,
) -> int:
    person_id = add_person(code)
    if registration_id is None:
        rejected = kind is DecisionKind.REGISTRATION_REJECTED
        registration_id = add_registration(
            person_id, state=RegistrationState.REJECTED if rejected else RegistrationState.REGISTERED
        )
    with db.write() as session:
        decision = Decision(
            registration_id=registration_id,
            person_id=person_id,
            kind=kind,
            legal_basis="Tööturuteenuste ja -toetuste seadus § 6",
            reasoning="The population register shows a resident of working age.\n\nThe tax register shows no employment.",
            automated_rule=AUTOMATED_RULE if automated else None,
            issued_by_staff_id=staff_id,
            issuer_role=session.get(StaffMember, staff_id).role if staff_id else None,
            issued_at=dt.datetime(2026, 11, 2, 8, 30, tzinfo=dt.UTC),
            decision_due_on=dt.date(2026, 11, 16),
            responds_to_id=responds_to_id,
            state=DecisionState.ISSUED,
        )
        session.add(decision)
    return decision.id


def add_certificate(code: str = JAAN) -> int:
    person_id = add_person(code)
    registration_id = add_registration(person_id)
    with db.write() as session:
        certificate = Certificate(
            number=f"EE-2026-{secrets.token_hex(4).upper()}",
            verification_code=secrets.token_hex(8).upper(),
            registration_id=registration_id,
            person_id=person_id,
            issued_on=dt.date(2026, 11, 2),
            valid_until=dt.date(2027, 1, 31),
        )
        session.add(certificate)
    return certificate.id


def unlink_decisions() -> None:
    """Let the shared clean-up delete decisions: SQLite applies ON DELETE RESTRICT row by row, so
    one `DELETE FROM decision` fails while a decision still points at another."""
    with db.write() as session:
        session.execute(update(Decision).values(responds_to_id=None, supersedes_id=None))
