"""Population register (`population.yaml`): who a person is, where they live, their closest family."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from portal.integrations.xroad._parse import Reader, parse_body, path_segment, same_identity
from portal.integrations.xroad.client import CallContext, ServiceId, XRoadClient


class Sex(StrEnum):
    F = "F"
    M = "M"


class LifeStatus(StrEnum):
    ALIVE = "ALIVE"
    DECEASED = "DECEASED"


class Relation(StrEnum):
    """What the family member is to the person asked about."""

    SPOUSE = "SPOUSE"
    CHILD = "CHILD"
    PARENT = "PARENT"


@dataclass(frozen=True, slots=True)
class Residence:
    address_line: str
    municipality_code: str
    municipality_name: str
    postal_code: str
    since: dt.date

    @classmethod
    def parse(cls, r: Reader) -> Residence:
        return cls(
            address_line=r.string("addressLine"),
            municipality_code=r.string("municipalityCode"),
            municipality_name=r.string("municipalityName"),
            postal_code=r.string("postalCode"),
            since=r.date("since"),
        )


@dataclass(frozen=True, slots=True)
class FamilyMember:
    relation: Relation
    personal_code: str
    given_names: str
    family_name: str
    date_of_birth: dt.date

    @classmethod
    def parse(cls, r: Reader) -> FamilyMember:
        return cls(
            relation=r.enum(Relation, "relation"),
            personal_code=r.string("personalCode"),
            given_names=r.string("givenNames"),
            family_name=r.string("familyName"),
            date_of_birth=r.date("dateOfBirth"),
        )


@dataclass(frozen=True, slots=True)
class Person:
    personal_code: str
    given_names: str
    family_name: str
    date_of_birth: dt.date
    sex: Sex
    citizenship: str  # ISO 3166-1 alpha-2, "XX" when undetermined
    life_status: LifeStatus
    date_of_death: dt.date | None
    residence: Residence | None
    family_members: tuple[FamilyMember, ...]

    @classmethod
    def parse(cls, r: Reader) -> Person:
        residence = r.opt_nested("residence")
        return cls(
            personal_code=r.string("personalCode"),
            given_names=r.string("givenNames"),
            family_name=r.string("familyName"),
            date_of_birth=r.date("dateOfBirth"),
            sex=r.enum(Sex, "sex"),
            citizenship=r.string("citizenship"),
            life_status=r.enum(LifeStatus, "lifeStatus"),
            date_of_death=r.opt_date("dateOfDeath"),
            residence=None if residence is None else Residence.parse(residence),
            family_members=r.items("familyMembers", FamilyMember.parse),
        )


class PopulationRegister:
    name = "population"

    def __init__(self, client: XRoadClient, service: ServiceId) -> None:
        self.client = client
        self.service = service

    def person(self, personal_code: str, *, context: CallContext) -> Person:
        """The person's civil data; `NotFound` when the register has no such person,
        `IdentityMismatch` when it answers about someone else."""

        def parse(_status: int, body: object) -> Person:
            person = parse_body(body, self.service, "getPerson", Person.parse)
            same_identity(personal_code, person.personal_code, self.service, "getPerson", "personalCode")
            return person

        return self.client.get(
            self.service,
            f"/v1/persons/{path_segment(personal_code)}",
            operation="getPerson",
            context=context,
            parse=parse,
        )
