"""Background jobs run in huey's immediate mode (`PORTAL_JOBS_IMMEDIATE`, on in the test environment):
synchronously, with an in-memory queue that belongs to the app, so nothing carries over between
tests or between two apps of one test."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Certificate,
    JobseekerProfile,
    Person,
    Registration,
    RegistrationKind,
    RegistrationState,
)
from portal.queue import huey
from portal.services.notifications import enqueue_registration_notifications

JAAN = "38001085718"  # the typical unemployed persona, known to every register
UNKNOWN_TO_HEALTH = "38312050610"  # the health insurance fund answers 404


@pytest.fixture(autouse=True)
def queue(app: Flask) -> Iterator:
    """The queue; what it holds is the memory of the app in context when it is read."""
    with app.app_context():
        assert huey.immediate, "the test environment runs jobs in immediate mode"
        assert huey.pending_count() == huey.scheduled_count() == 0
    yield huey


def add_person(code: str = JAAN) -> Person:
    with db.write() as session:
        person = Person(country="EE", national_code=code, given_name="Test", family_name="Person")
        session.add(person)
    return person


def add_registration(
    code: str = JAAN,
    *,
    kind: RegistrationKind = RegistrationKind.UNEMPLOYED,
    state: RegistrationState = RegistrationState.REGISTERED,
    register_data: dict | None = None,
    answers: dict | None = None,
    notify: bool = True,
) -> tuple[int, list[int]]:
    """A registration as the submit/decision code leaves it; returns its id and its notification ids."""
    person = add_person(code)
    today = dt.date.today()
    with db.write() as session:
        registration = Registration(
            reference=f"REG-TEST-{secrets.token_hex(4).upper()}",
            person_id=person.id,
            kind=kind,
            state=state,
            decision_due_on=today + dt.timedelta(days=14),
            registered_on=today if state is RegistrationState.REGISTERED else None,
            consent_at=dt.datetime.now(dt.UTC),
            consent_version="test",
            register_data=register_data or {"sections": {}},
            answers=answers or {},
            review_reasons=[],
        )
        session.add(registration)
        contact = (answers or {}).get("contact")
        known = session.scalar(select(JobseekerProfile).where(JobseekerProfile.person_id == person.id))
        if contact and known is None:  # registration writes the person's record with it
            session.add(
                JobseekerProfile(person_id=person.id, email=contact.get("email"), phone=contact.get("phone"))
            )
        session.flush()
        if kind is RegistrationKind.UNEMPLOYED and state is RegistrationState.REGISTERED:
            session.add(
                Certificate(
                    number=f"EE-TEST-{secrets.token_hex(4).upper()}",
                    verification_code=secrets.token_hex(8),
                    registration=registration,
                    person_id=person.id,
                    issued_on=today,
                    valid_until=today + dt.timedelta(days=90),
                )
            )
            session.flush()
        ids = [row.id for row in enqueue_registration_notifications(session, registration)] if notify else []
    return registration.id, ids
