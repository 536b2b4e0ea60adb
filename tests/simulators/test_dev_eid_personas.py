"""The dev eID provider offers the register personas and issues the registered names of anyone the
simulated population knows."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from portal.extensions import db
from portal.models import Person
from portal.simulators.dev_eid.personas import POPULATION_SEED, known_person, test_persons
from portal.simulators.registers import personas, population
from portal.simulators.registers.population import utc_today
from tests.eid import login


def test_the_login_page_offers_the_register_personas_first():
    assert test_persons("EE") == personas("EE")
    assert test_persons("XK")[0].code == "1234567890"
    assert test_persons("ZZ") == ()


def test_known_person_prefers_personas_then_the_population():
    assert known_person("EE", "38001085718").label == "Typical unemployed person"
    generated = next(
        p for code, p in population("EE", POPULATION_SEED, utc_today()).persons.items() if code[0] in "34"
    )
    found = known_person("EE", generated.code)
    assert (found.given_name, found.family_name, found.date_of_birth) == (
        generated.given_names,
        generated.family_name,
        generated.born,
    )
    assert known_person("EE", "38001085719") is None
    assert known_person("ZZ", "38001085718") is None


def test_signing_in_as_a_population_member_issues_the_registered_names(eid_app, eid_client):
    person = next(
        p
        for p in population("EE", POPULATION_SEED, utc_today()).persons.values()
        if not p.given_names.isascii() and p.died is None and p.born < dt.date(2000, 1, 1)
    )
    response = login(eid_client, code=person.code)
    assert response.status_code == 303
    with eid_app.app_context():
        stored = db.session.scalar(select(Person).where(Person.national_code == person.code))
        assert stored.full_name == f"{person.given_names} {person.family_name}"
        assert stored.date_of_birth == person.born
