"""Business register (contracts/business.yaml): company cards and a person's representations."""

from __future__ import annotations

import re
from typing import Any

from portal.simulators.registers.xroad import Call, Operation, Service, bad_request, not_found

REGISTRY_CODE = re.compile(r"^[0-9]{8,9}\Z")


def get_company(call: Call) -> tuple[int, Any]:
    code = call.params["registryCode"]
    if not REGISTRY_CODE.match(code):
        raise bad_request("registryCode", "Must match ^[0-9]{8,9}$")
    company = call.population.companies.get(code)
    if company is None:
        raise not_found()  # never registered; deleted companies are answered with status DELETED
    persons = call.population.persons
    return 200, {
        "registryCode": company.code,
        "name": company.name,
        "legalForm": company.legal_form,
        "status": company.status,
        "address": company.address,
        "municipalityCode": company.municipality_code,
        "naceCode": company.nace_code,
        "naceTitle": company.nace_title,
        "foundedOn": company.founded_on.isoformat(),
        "representatives": [
            {
                "personalCode": person_code,
                "givenNames": persons[person_code].given_names,
                "familyName": persons[person_code].family_name,
                "role": role,
                "soleRight": sole,
            }
            for person_code, role, sole in company.representatives
        ],
    }


def get_representations(call: Call) -> tuple[int, Any]:
    code = call.personal_code()
    companies = call.population.companies
    # Never 404: anyone (even a code the register has never seen) simply represents nothing.
    return 200, {
        "representations": [
            {
                "registryCode": company_code,
                "name": companies[company_code].name,
                "role": role,
                "soleRight": sole,
            }
            for company_code, role, sole in call.population.representations.get(code, ())
            if companies[company_code].status != "DELETED"
        ]
    }


SERVICE = Service(
    "business",
    "DEV/GOV/70000006/business/companies",
    (
        Operation("GET", "/v1/companies/{registryCode}", get_company),
        Operation("GET", "/v1/persons/{personalCode}/representations", get_representations),
    ),
)
