"""Population register: `GET /v1/persons/{personalCode}` (contracts/population.yaml)."""

from __future__ import annotations

from typing import Any

from portal.simulators.registers.model import Person, Population
from portal.simulators.registers.xroad import Call, Operation, Service, not_found


def get_person(call: Call) -> tuple[int, Any]:
    person = call.population.persons.get(call.personal_code())
    if person is None:
        raise not_found()  # includes codes with a wrong check digit: never issued
    return 200, person_json(person, call.population)


def person_json(person: Person, population: Population) -> dict[str, Any]:
    residence = person.residence
    return {
        "personalCode": person.code,
        "givenNames": person.given_names,
        "familyName": person.family_name,
        "dateOfBirth": person.born.isoformat(),
        "sex": person.sex,
        "citizenship": person.citizenship,
        "lifeStatus": "DECEASED" if person.died else "ALIVE",
        "dateOfDeath": person.died.isoformat() if person.died else None,
        "residence": None
        if residence is None
        else {
            "addressLine": residence.address_line,
            "municipalityCode": residence.municipality_code,
            "municipalityName": residence.municipality_name,
            "postalCode": residence.postal_code,
            "since": residence.since.isoformat(),
        },
        "familyMembers": [
            {
                "relation": relation,
                "personalCode": relative.code,
                "givenNames": relative.given_names,
                "familyName": relative.family_name,
                "dateOfBirth": relative.born.isoformat(),
            }
            for relation, code in person.family
            if (relative := population.persons.get(code)) is not None
        ],
    }


SERVICE = Service(
    "population",
    "DEV/GOV/70000002/population/persons",
    (Operation("GET", "/v1/persons/{personalCode}", get_person),),
)
