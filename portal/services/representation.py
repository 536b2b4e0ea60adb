"""Who may act for which company: the business register decides, at every role switch.

Board members and procurators represent a company; an owner without either role does not, and
a deleted company is represented by no one. Only those the register gives the sole right act for
the company alone; the others may prepare drafts, but not publish or decide for it.
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
    acts_alone: bool  # the register's sole right, in a representing role


def companies_person_may_represent(national_code: str, *, on_behalf_of: str) -> tuple[Company, ...]:
    """Companies the register lists the person as representing. Raises `XRoadError` on failure."""
    found = registers().business.representations(
        national_code,
        context=CallContext(purpose="employer role choice", subject=national_code, on_behalf_of=on_behalf_of),
    )
    companies: dict[str, Company] = {}
    for item in found.representations:  # one entry per company and role
        if item.role in REPRESENTING_ROLES:
            earlier = companies.get(item.registry_code)
            alone = item.sole_right or (earlier is not None and earlier.acts_alone)
            companies[item.registry_code] = Company(item.registry_code, item.name, alone)
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
    roles = [
        representative
        for representative in company.representatives
        if representative.personal_code == national_code and representative.role in REPRESENTING_ROLES
    ]
    if not roles:
        return None
    return Company(company.registry_code, company.name, any(role.sole_right for role in roles))
