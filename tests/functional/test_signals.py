"""Fraud and anomaly signals, each with a true and a false case; found again, never doubled."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import AuditTag, Decision, JobseekerProfile, Registration, RunKind, Signal, SignalKind
from portal.models.register_snapshot import Population, RegisterSnapshot, Section, Status
from portal.services import audit
from portal.services.lifecycle import nightly, signals
from portal.services.xroad import registers
from tests.eid import JAAN
from tests.lifecycle import person, registered

KYLLI = "49102210337"  # one pay check last month
SERGEI = "37506300450"  # not employed
KADRI = "49004230347"  # represents Põhjarannik OÜ and Tartu Puit OÜ
TARTU_PUIT = "12874520"


@pytest.fixture(autouse=True)
def _unlinked_after_test(app):
    yield
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            connection.execute(update(Decision).values(supersedes_id=None, responds_to_id=None))


def kinds() -> list[tuple[SignalKind, int]]:
    return [(s.kind, s.person_id) for s in db.session.scalars(select(Signal).order_by(Signal.id))]


def test_pay_in_registered_months_is_a_signal_and_none_without_pay(app):
    with app.app_context():
        long_ago = app.extensions["profile"].today() - dt.timedelta(days=75)
        kylli = registered(app, KYLLI, on=long_ago)
        registered(app, SERGEI, on=long_ago)
        nightly.run(RunKind.PAY)
        found = db.session.scalars(select(Signal)).all()
        assert [(s.kind, s.registration_id) for s in found] == [(SignalKind.WORKED_WHILE_REGISTERED, kylli)]
        assert found[0].evidence["months"] and found[0].evidence["xroad_id"]
        nightly.run(RunKind.PAY, night=app.extensions["profile"].today() + dt.timedelta(days=1))
        assert len(db.session.scalars(select(Signal)).all()) == 1  # found again: not doubled


def _profile_with(person_id: int, email: str | None, phone: str | None = None) -> None:
    with db.write() as session:
        session.add(JobseekerProfile(person_id=person_id, email=email, phone=phone))


def test_the_same_contact_on_different_persons_is_a_signal_for_each_and_a_unique_one_is_not(app):
    with app.app_context():
        a, b, c = person(JAAN), person(KYLLI), person(SERGEI)
        _profile_with(a, "Shared@Example.org", "+372 5555 0001")
        _profile_with(b, "shared@example.org", "+372 5555 0002")
        _profile_with(c, "own@example.org", "+372 5555 0003")
        assert signals.shared_contacts() == 2
        assert sorted(kinds()) == sorted([(SignalKind.SHARED_CONTACT, a), (SignalKind.SHARED_CONTACT, b)])
        evidence = db.session.scalar(select(Signal).where(Signal.person_id == a)).evidence
        assert evidence["other_person_ids"] == [b] and evidence["what"] == "email"
        assert signals.shared_contacts() == 0


def _with_population(registration_id: int, address: str | None) -> None:
    with db.write() as session:
        registration = session.get(Registration, registration_id)
        values = Population("Jaan", "Tamm", None, "ALIVE", None, "EE", address, None, None)
        section = Section(status=Status.OK, read_at=dt.datetime.now(dt.UTC), xroad_id="pop-1", values=values)
        registration.snapshot = RegisterSnapshot(population=section)


def test_a_registration_without_a_residence_here_is_a_signal_and_one_with_is_not(app):
    with app.app_context():
        abroad, home = registered(app, KYLLI), registered(app, SERGEI)
        _with_population(abroad, None)
        _with_population(home, "Pikk 1, Tallinn")
        assert signals.residence_abroad() == 1
        signal = db.session.scalar(select(Signal))
        assert (signal.kind, signal.registration_id, signal.evidence["xroad_id"]) == (
            SignalKind.RESIDENCE_ABROAD,
            abroad,
            "pop-1",
        )


def test_a_correction_the_register_contradicts_again_is_a_signal(app):
    with app.app_context():
        from portal.integrations.xroad import CallContext

        address = (
            registers().population.person(JAAN, context=CallContext(purpose="test")).residence.address_line
        )
        contradicted = registered(app, JAAN)
        changed = registered(app, SERGEI)
        with db.write() as session:
            session.get(Registration, contradicted).answers = {
                "corrections": {"population.address": {"declared": "Pikk 1, Tallinn", "register": address}}
            }
            session.get(Registration, changed).answers = {
                "corrections": {
                    "population.address": {"declared": "Pikk 2, Tallinn", "register": "An old address"}
                }
            }
        nightly.run(RunKind.POPULATION)
        found = db.session.scalars(select(Signal)).all()
        assert [(s.kind, s.registration_id) for s in found] == [
            (SignalKind.CONTRADICTED_CORRECTION, contradicted)
        ]
        assert found[0].evidence["declared"] == "Pikk 1, Tallinn" and found[0].evidence["xroad_id"]


def _switches(person_id: int, company: str, times: int) -> None:
    with db.write() as session:
        for _ in range(times):
            audit.record(
                session,
                AuditTag.AUTH_ROLE_SWITCH,
                actor_role="employer",
                purpose="role switch",
                actor_person_id=person_id,
                subject_person_id=person_id,
                details={"company": company},
            )


def test_many_switches_to_companies_no_longer_represented_is_a_signal_and_to_current_ones_is_not(app):
    with app.app_context():
        threshold = app.extensions["profile"].lifecycle.role_switch_threshold
        kadri, jaan = person(KADRI), person(JAAN)
        _switches(kadri, TARTU_PUIT, threshold + 2)  # she still represents it
        _switches(jaan, "10765896", threshold)  # a company he never represented (any more)
        assert signals.role_switches(threshold) == 1
        signal = db.session.scalar(select(Signal))
        assert (signal.kind, signal.person_id, signal.evidence["switches"]) == (
            SignalKind.ROLE_SWITCHES,
            jaan,
            threshold,
        )
        assert signal.evidence["xroad_id"]
