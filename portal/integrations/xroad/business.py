"""Business register (`business.yaml`): companies and the people who represent them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from portal.integrations.xroad._parse import Reader, parse_body, path_segment, same_identity
from portal.integrations.xroad.client import CallContext, ServiceId, XRoadClient


class Role(StrEnum):
    BOARD_MEMBER = "BOARD_MEMBER"
    PROCURATOR = "PROCURATOR"  # holder of commercial power of attorney
    OWNER = "OWNER"  # shareholder or partner


class CompanyStatus(StrEnum):
    ACTIVE = "ACTIVE"
    IN_LIQUIDATION = "IN_LIQUIDATION"
    DELETED = "DELETED"


@dataclass(frozen=True, slots=True)
class Representative:
    personal_code: str
    given_names: str
    family_name: str
    role: Role
    sole_right: bool  # may act for the company alone

    @classmethod
    def parse(cls, r: Reader) -> Representative:
        return cls(
            personal_code=r.string("personalCode"),
            given_names=r.string("givenNames"),
            family_name=r.string("familyName"),
            role=r.enum(Role, "role"),
            sole_right=r.boolean("soleRight"),
        )


@dataclass(frozen=True, slots=True)
class Company:
    registry_code: str
    name: str
    legal_form: str  # the country's abbreviation: OÜ, AS, FIE; SH.P.K., B.I.
    status: CompanyStatus
    address: str
    municipality_code: str
    nace_code: str  # main activity, NACE Rev. 2
    nace_title: str
    founded_on: dt.date
    representatives: tuple[Representative, ...]  # one entry per person and role

    @classmethod
    def parse(cls, r: Reader) -> Company:
        return cls(
            registry_code=r.string("registryCode"),
            name=r.string("name"),
            legal_form=r.string("legalForm"),
            status=r.enum(CompanyStatus, "status"),
            address=r.string("address"),
            municipality_code=r.string("municipalityCode"),
            nace_code=r.string("naceCode"),
            nace_title=r.string("naceTitle"),
            founded_on=r.date("foundedOn"),
            representatives=r.items("representatives", Representative.parse),
        )


@dataclass(frozen=True, slots=True)
class Representation:
    registry_code: str
    name: str
    role: Role
    sole_right: bool

    @classmethod
    def parse(cls, r: Reader) -> Representation:
        return cls(
            registry_code=r.string("registryCode"),
            name=r.string("name"),
            role=r.enum(Role, "role"),
            sole_right=r.boolean("soleRight"),
        )


@dataclass(frozen=True, slots=True)
class Representations:
    representations: tuple[Representation, ...]  # one per company and role; deleted companies left out

    @classmethod
    def parse(cls, r: Reader) -> Representations:
        return cls(representations=r.items("representations", Representation.parse))


class BusinessRegister:
    name = "business"

    def __init__(self, client: XRoadClient, service: ServiceId) -> None:
        self.client = client
        self.service = service

    def company(self, registry_code: str, *, context: CallContext) -> Company:
        """`NotFound` when the code was never registered; a deleted company has status DELETED.
        `IdentityMismatch` when the answer is about another company.

        `representations` has no subject in its answer (the contract does not echo the person):
        for it, as for every call, the client checks that the answer belongs to this message."""

        def parse(_status: int, body: object) -> Company:
            company = parse_body(body, self.service, "getCompany", Company.parse)
            same_identity(registry_code, company.registry_code, self.service, "getCompany", "registryCode")
            return company

        return self.client.get(
            self.service,
            f"/v1/companies/{path_segment(registry_code)}",
            operation="getCompany",
            context=context,
            parse=parse,
        )

    def representations(self, personal_code: str, *, context: CallContext) -> Representations:
        """The companies the person represents; an empty list, never `NotFound`, when none."""
        return self.client.get(
            self.service,
            f"/v1/persons/{path_segment(personal_code)}/representations",
            operation="getRepresentations",
            context=context,
            parse=lambda _status, body: parse_body(
                body, self.service, "getRepresentations", Representations.parse
            ),
        )
