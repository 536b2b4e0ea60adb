"""The records the six simulated registers hold, and the month arithmetic they share.

One `Person` carries what every register knows about them; `None` in a register's slot means that
register does not know the person at all (it answers 404), an empty list means it knows them but has
no records (200 with empty lists), as the contracts require.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

PENSION_AGE = 65


def month_index(day: dt.date) -> int:
    """Months since year 0, so that month arithmetic is integer arithmetic."""
    return day.year * 12 + day.month - 1


def month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(index: int) -> dt.date:
    return month_start(index + 1) - dt.timedelta(days=1)


def month_text(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def cents_text(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


@dataclass(slots=True)
class Residence:
    address_line: str
    municipality_code: str
    municipality_name: str
    postal_code: str
    since: dt.date


@dataclass(slots=True)
class Qualification:
    isced_level: int
    field_code: str
    title: str
    institution: str
    completed_on: dt.date
    document_number: str


@dataclass(slots=True)
class Certificate:
    title: str
    isco_code: str
    level: int | None
    issued_on: dt.date
    valid_until: dt.date | None
    issuer: str


@dataclass(slots=True)
class Employment:
    employer_code: str
    isco_code: str
    occupation_title: str
    start: dt.date
    end: dt.date | None  # None while active
    working_time: str  # FULL | PART
    wage_cents: int  # monthly gross wage declared for every month worked
    final_wage_cents: int | None = None  # the last month's (holiday pay settled), when different

    @property
    def active(self) -> bool:
        return self.end is None


@dataclass(slots=True)
class PayCheck:
    """A declared wage not backed by a registered employment (the registration lags behind)."""

    month: int  # month_index
    employer_code: str
    wage_cents: int


@dataclass(slots=True)
class Beneficiary:
    status: str  # ACTIVE | SUSPENDED | ENDED
    category: str  # I | II
    scheme: str
    since: dt.date
    household_id: str
    household_size: int
    office: str
    monthly_cents: int


@dataclass(slots=True)
class Coverage:
    basis: str | None  # None: not insured today
    valid_until: dt.date | None = None


@dataclass(slots=True)
class Person:
    code: str
    given_names: str
    family_name: str
    born: dt.date
    sex: str  # F | M
    citizenship: str
    died: dt.date | None = None
    residence: Residence | None = None
    family: list[tuple[str, str]] = field(default_factory=list)  # (SPOUSE|CHILD|PARENT, code)
    qualifications: list[Qualification] | None = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)
    employments: list[Employment] | None = field(default_factory=list)
    pay_checks: list[PayCheck] = field(default_factory=list)
    beneficiary: Beneficiary | None = None
    coverage: Coverage | None = field(default_factory=lambda: Coverage(None))

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}"


@dataclass(slots=True)
class Company:
    code: str
    name: str
    legal_form: str
    status: str  # ACTIVE | IN_LIQUIDATION | DELETED
    address: str
    municipality_code: str
    nace_code: str
    nace_title: str
    founded_on: dt.date
    representatives: list[tuple[str, str, bool]] = field(default_factory=list)  # (code, role, sole right)


@dataclass
class Population:
    profile: str
    seed: int
    today: dt.date
    currency: str
    persons: dict[str, Person]
    companies: dict[str, Company]
    # person code -> [(company code, role, sole right)], built once from the companies
    representations: dict[str, list[tuple[str, str, bool]]] = field(default_factory=dict)

    def index_representations(self) -> None:
        self.representations = {}
        for company in self.companies.values():
            for code, role, sole in company.representatives:
                self.representations.setdefault(code, []).append((company.code, role, sole))

    def last_declared_month(self) -> int:
        """Wages are declared after the month ends: the latest declared month is the previous one."""
        return month_index(self.today) - 1
