"""Education register (`education.yaml`): completed formal education and professional certificates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.integrations.xroad._parse import Reader, parse_body, path_segment
from portal.integrations.xroad.client import CallContext, ServiceId, XRoadClient


@dataclass(frozen=True, slots=True)
class Qualification:
    isced_level: int  # ISCED 2011, 0 (early childhood) to 8 (doctoral)
    field_code: str  # ISCED-F 2013 detailed field, 4 digits
    title: str
    institution: str
    completed_on: dt.date
    document_number: str

    @classmethod
    def parse(cls, r: Reader) -> Qualification:
        return cls(
            isced_level=r.integer("iscedLevel"),
            field_code=r.string("fieldCode"),
            title=r.string("title"),
            institution=r.string("institution"),
            completed_on=r.date("completedOn"),
            document_number=r.string("documentNumber"),
        )


@dataclass(frozen=True, slots=True)
class ProfessionalCertificate:
    title: str
    isco_code: str  # ISCO-08 unit group, 4 digits
    level: int | None  # EQF/EstQF 1-8; None when the certificate has none
    issued_on: dt.date
    valid_until: dt.date | None  # None: does not expire
    issuer: str

    @classmethod
    def parse(cls, r: Reader) -> ProfessionalCertificate:
        return cls(
            title=r.string("title"),
            isco_code=r.string("iscoCode"),
            level=r.opt_integer("level"),
            issued_on=r.date("issuedOn"),
            valid_until=r.opt_date("validUntil"),
            issuer=r.string("issuer"),
        )


@dataclass(frozen=True, slots=True)
class Qualifications:
    """Both lists newest first; empty when the register knows the person but has no records."""

    qualifications: tuple[Qualification, ...]
    professional_certificates: tuple[ProfessionalCertificate, ...]

    @classmethod
    def parse(cls, r: Reader) -> Qualifications:
        return cls(
            qualifications=r.items("qualifications", Qualification.parse),
            professional_certificates=r.items("professionalCertificates", ProfessionalCertificate.parse),
        )


class EducationRegister:
    name = "education"

    def __init__(self, client: XRoadClient, service: ServiceId) -> None:
        self.client = client
        self.service = service

    def qualifications(self, personal_code: str, *, context: CallContext) -> Qualifications:
        """`NotFound` when the register does not know the person at all (e.g. educated abroad)."""
        return self.client.get(
            self.service,
            f"/v1/persons/{path_segment(personal_code)}/qualifications",
            operation="getQualifications",
            context=context,
            parse=lambda _status, body: parse_body(
                body, self.service, "getQualifications", Qualifications.parse
            ),
        )
