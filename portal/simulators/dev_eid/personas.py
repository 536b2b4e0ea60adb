"""Test persons the development eID page offers first, like TARA's published test identities.

They are the register simulators' named personas, so a person who signs in here is the same person
the simulated registers answer about. Any other code the simulated population knows signs in with
that person's registered names.
"""

from __future__ import annotations

from portal.simulators.registers import Persona, personas, population
from portal.simulators.registers.population import PROFILES, utc_today

# The register simulators' default seed: the dev eID provider and the registers must agree on who is who.
POPULATION_SEED = 20261126

TestPerson = Persona  # the name this module used before the personas moved to the registers
TestPerson.__test__ = False  # type: ignore[attr-defined]  # not a pytest test class


def test_persons(profile: str) -> tuple[Persona, ...]:
    return personas(profile)


test_persons.__test__ = False  # type: ignore[attr-defined]


def known_person(profile: str, code: str) -> Persona | None:
    """The persona with this code, else the simulated population's person, else None."""
    for persona in personas(profile):
        if persona.code == code:
            return persona
    if profile not in PROFILES:
        return None
    person = population(profile, POPULATION_SEED, utc_today()).persons.get(code)
    if person is None:
        return None
    return Persona("", person.code, person.given_names, person.family_name, person.born, "")
