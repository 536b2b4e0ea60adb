"""Who may act for which company: the business register decides, at every role switch.

Board members and procurators represent a company; an owner without either role does not, and
a deleted company is represented by no one.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.integrations.xroad import CallContext
from portal.integrations.xroad.errors import NotFound
from portal.services.xroad import registers

REPRESENTING_ROLES = frozenset({"BOARD_MEMBER", "PROCURATOR"})


@dataclass(frozen=True)
class Company:
    registry_code: str
    name: str


def companies_person_may_represent(national_code: str, *, on_behalf_of: str) -> tuple[Company, ...]:
    """Companies the register lists the person as representing. Raises `XRoadError` on failure."""
    found = registers().business.representations(
        national_code,
        context=CallContext(purpose="employer role choice", subject=national_code, on_behalf_of=on_behalf_of),
    )
    companies = {
        item.registry_code: Company(item.registry_code, item.name)
        for item in found.representations
        if item.role in REPRESENTING_ROLES
    }
    return tuple(sorted(companies.values(), key=lambda company: company.name.casefold()))


def may_represent(national_code: str, registry_code: str, *, on_behalf_of: str) -> Company | None:
    """Ask the register again (never trust an earlier answer): the company, if the person may act for it."""
    try:
        company = registers().business.company(
            registry_code,
            context=CallContext(
                purpose="employer role switch", subject=national_code, on_behalf_of=on_behalf_of
            ),
        )
    except NotFound:
        return None
    if company.status == "DELETED":
        return None
    for representative in company.representatives:
        if representative.personal_code == national_code and representative.role in REPRESENTING_ROLES:
            return Company(company.registry_code, company.name)
    return None
