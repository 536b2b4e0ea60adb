from __future__ import annotations

import copy
import datetime as dt

import pytest

from portal.integrations.xroad import MalformedResponse, NotFound, Registers
from portal.integrations.xroad.population import FamilyMember, LifeStatus, Relation, Residence, Sex
from tests.integrations.xroad.contract_examples import spec
from tests.integrations.xroad.fake import CONTEXT, FakeSecurityServer

EXAMPLES = spec("population")["paths"]["/v1/persons/{personalCode}"]["get"]["responses"]["200"]["content"][
    "application/json"
]["examples"]
ALIVE = EXAMPLES["alive"]["value"]
DECEASED = EXAMPLES["deceased"]["value"]


def test_living_person_with_residence_and_family(fake: FakeSecurityServer, registers: Registers) -> None:
    fake.answer(ALIVE)

    person = registers.population.person("38001085718", context=CONTEXT)

    assert person.family_name == "Jõeorg"
    assert person.given_names == "Jaak-Kristjan"
    assert person.date_of_birth == dt.date(1980, 1, 8)
    assert person.sex is Sex.M
    assert person.life_status is LifeStatus.ALIVE
    assert person.date_of_death is None
    assert person.residence == Residence(
        address_line="Harju maakond, Tallinn, Kesklinna linnaosa, Narva mnt 5-12",
        municipality_code="0784",
        municipality_name="Tallinn",
        postal_code="10117",
        since=dt.date(2016, 4, 1),
    )
    assert [m.relation for m in person.family_members] == [
        Relation.SPOUSE,
        Relation.CHILD,
        Relation.CHILD,
        Relation.PARENT,
    ]
    assert person.family_members[0] == FamilyMember(
        Relation.SPOUSE, "48203150278", "Mari-Liis", "Jõeorg", dt.date(1982, 3, 15)
    )
    assert fake.last.url.path == "/r1/DEV/GOV/70000002/population/persons/v1/persons/38001085718"


def test_deceased_person_without_residence_or_family(fake: FakeSecurityServer, registers: Registers) -> None:
    fake.answer(DECEASED)

    person = registers.population.person("45605110222", context=CONTEXT)

    assert person.life_status is LifeStatus.DECEASED
    assert person.date_of_death == dt.date(2025, 12, 2)
    assert person.residence is None
    assert person.family_members == ()
    assert person.sex == "F"  # a StrEnum compares equal to the contract's value


def test_parsed_person_is_immutable(fake: FakeSecurityServer, registers: Registers) -> None:
    fake.answer(ALIVE)
    person = registers.population.person("38001085718", context=CONTEXT)

    with pytest.raises(AttributeError):
        person.family_name = "Saar"  # type: ignore[misc]


def test_unknown_person_is_not_found(fake: FakeSecurityServer, registers: Registers) -> None:
    fake.answer({"type": "NotFound", "message": "No record for the requested code"}, status=404)

    with pytest.raises(NotFound):
        registers.population.person("38001085718", context=CONTEXT)


def test_path_parameter_is_percent_encoded(registers: Registers) -> None:
    fake = FakeSecurityServer(validate=False)
    client = fake.client()
    fake.answer({**ALIVE, "personalCode": "../1 2?x=#"})
    population = type(registers.population)(client, registers.population.service)

    population.person("../1 2?x=#", context=CONTEXT)

    assert fake.last.url.raw_path == (
        b"/r1/DEV/GOV/70000002/population/persons/v1/persons/..%2F1%202%3Fx%3D%23"
    )


def _broken(change: dict[str, object], *, remove: str | None = None) -> dict[str, object]:
    body = copy.deepcopy(ALIVE)
    body.update(change)
    if remove:
        del body[remove]
    return body


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (_broken({}, remove="familyName"), "familyName"),
        (_broken({}, remove="dateOfDeath"), "dateOfDeath"),  # nullable, but always present
        (_broken({"familyName": None}), "familyName"),
        (_broken({"dateOfBirth": 19800108}), "dateOfBirth"),
        (_broken({"dateOfBirth": "38001085718"}), "dateOfBirth"),
        (_broken({"dateOfBirth": "1980-02-30"}), "dateOfBirth"),
        (_broken({"sex": "X"}), "sex"),
        (_broken({"residence": "Tallinn"}), "residence"),
        (_broken({"residence": {**ALIVE["residence"], "since": None}}), "residence.since"),
        (_broken({"familyMembers": None}), "familyMembers"),
        (_broken({"familyMembers": ["38001085718"]}), "familyMembers[0]"),
        (
            _broken(
                {"familyMembers": [ALIVE["familyMembers"][0], {**ALIVE["familyMembers"][1], "relation": 1}]}
            ),
            "familyMembers[1].relation",
        ),
    ],
)
def test_malformed_person_names_the_field_but_no_personal_data(
    body: dict[str, object], field: str, fake: FakeSecurityServer, registers: Registers
) -> None:
    fake.answer(body)

    with pytest.raises(MalformedResponse) as caught:
        registers.population.person("38001085718", context=CONTEXT)

    message = str(caught.value)
    assert f"'{field}'" in message
    assert "getPerson" in message
    assert "38001085718" not in message
    assert "Jõeorg" not in message
    assert caught.value.service == "DEV/GOV/70000002/population/persons"


@pytest.mark.parametrize("body", [[ALIVE], "38001085718", 42])
def test_body_that_is_not_an_object_is_malformed(
    body: object, fake: FakeSecurityServer, registers: Registers
) -> None:
    fake.answer(body)

    with pytest.raises(MalformedResponse, match="not a JSON object") as caught:
        registers.population.person("38001085718", context=CONTEXT)
    assert "38001085718" not in str(caught.value)
