"""The PES's offices and the municipalities each one serves (country data, not code).

A registered jobseeker belongs to the office serving their home municipality (the population
register's residence); a municipality no office names goes to the country's default office.
Staff rows name their office by the same `name` (`flask staff add --office`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field


class RegionalUnemployment(enum.StrEnum):
    """How hard the office's labour market is: one of the risk model's factors."""

    LOW = "low"
    AVERAGE = "average"
    HIGH = "high"


@dataclass(frozen=True)
class Office:
    name: str
    address: str  # where in-person meetings take place
    municipalities: frozenset[str]
    unemployment: RegionalUnemployment = RegionalUnemployment.AVERAGE


@dataclass(frozen=True)
class OfficeRules:
    offices: tuple[Office, ...] = ()
    default_office: str = ""
    _by_municipality: Mapping[str, Office] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        mapping = {code: office for office in self.offices for code in office.municipalities}
        object.__setattr__(self, "_by_municipality", mapping)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(office.name for office in self.offices)

    def office_for(self, municipality_code: str | None) -> Office:
        """The office serving a municipality; the default office for an unknown or missing one."""
        office = self._by_municipality.get(municipality_code or "")
        return office or self.by_name(self.default_office)

    def by_name(self, name: str) -> Office:
        for office in self.offices:
            if office.name == name:
                return office
        return Office(name=name, address="", municipalities=frozenset())
