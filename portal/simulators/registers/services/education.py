"""Education register: `GET /v1/persons/{personalCode}/qualifications` (contracts/education.yaml)."""

from __future__ import annotations

from typing import Any

from portal.simulators.registers.xroad import Call, Operation, Service, not_found


def get_qualifications(call: Call) -> tuple[int, Any]:
    person = call.population.persons.get(call.personal_code())
    if person is None or person.qualifications is None:
        raise not_found()  # e.g. educated abroad: the register does not know the person
    qualifications = sorted(person.qualifications, key=lambda q: q.completed_on, reverse=True)
    certificates = sorted(person.certificates, key=lambda c: c.issued_on, reverse=True)
    return 200, {
        "qualifications": [
            {
                "iscedLevel": q.isced_level,
                "fieldCode": q.field_code,
                "title": q.title,
                "institution": q.institution,
                "completedOn": q.completed_on.isoformat(),
                "documentNumber": q.document_number,
            }
            for q in qualifications
        ],
        "professionalCertificates": [
            {
                "title": c.title,
                "iscoCode": c.isco_code,
                "level": c.level,
                "issuedOn": c.issued_on.isoformat(),
                "validUntil": c.valid_until.isoformat() if c.valid_until else None,
                "issuer": c.issuer,
            }
            for c in certificates
        ],
    }


SERVICE = Service(
    "education",
    "DEV/GOV/70000003/education/qualifications",
    (Operation("GET", "/v1/persons/{personalCode}/qualifications", get_qualifications),),
)
