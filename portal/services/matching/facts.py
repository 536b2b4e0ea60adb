"""What matching knows of a jobseeker and of a vacancy: plain values read from the records.

`assess` scores these in Python (the statement of the rules, and the source of the reasons);
`queries` computes the same score in SQL over the whole population. Tests hold the two equal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

# CEFR levels in order; "native" is above C2. 0 is used for "speaks it, level not stated".
CEFR_RANK = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6, "native": 7}
LEVEL_UNKNOWN = 0
# Kinds of contract, as `ContractType` stores them; a person who would take all three takes any.
CONTRACTS = ("permanent", "fixed_term", "seasonal")
# Driving licence categories the records hold (EU directive 2006/126/EC, plus tractor T).
LICENCE_CATEGORIES = (
    "AM",
    "A1",
    "A2",
    "A",
    "B1",
    "B",
    "BE",
    "C1",
    "C1E",
    "C",
    "CE",
    "D1",
    "D1E",
    "D",
    "DE",
    "T",
)


_NO_LICENCES: frozenset[str] = frozenset()


def licences(value: str | None) -> frozenset[str]:
    if not value:  # most records: no licence asked or held
        return _NO_LICENCES
    return frozenset(part.strip() for part in (value or "").split(",") if part.strip())


def language_rank(level: str | None) -> int:
    return CEFR_RANK.get(level or "", LEVEL_UNKNOWN)


@dataclass(frozen=True)
class PersonFacts:
    profile_id: int
    person_id: int
    occupations: tuple[str, ...]  # ISCO-08 unit groups on the record
    history: tuple[str, ...] = ()  # ISCO-08 unit groups of the tax register's employments
    home: str | None = None  # municipality code
    preferred: tuple[str, ...] = ()  # municipality codes
    remote: bool = False
    languages: dict[str, int] = field(default_factory=dict)  # ISO 639-1 -> CEFR rank (0: not stated)
    working_time: str = "any"  # any | full | part
    contracts: tuple[str, ...] = CONTRACTS  # kinds of contract the person would take
    available_from: dt.date | None = None  # None: at once
    wage_expectation: int | None = None
    licences: frozenset[str] = frozenset()
    education_level: int | None = None  # ISCED 2011


class VacancyFacts(NamedTuple):
    """A named tuple, not a frozen dataclass: made for every card shown (a frozen dataclass sets
    each of its twelve fields through `object.__setattr__`)."""

    vacancy_id: int
    occupation_code: str
    places: tuple[str, ...] = ()  # municipality codes
    remote_allowed: bool = False  # hybrid or fully remote
    working_time: str = "full"  # full | part | shifts
    contract: str = "permanent"  # permanent | fixed_term | seasonal
    start_date: dt.date | None = None  # None: as soon as possible
    wage_min: int = 0
    wage_max: int = 0
    education_level: int | None = None
    licences: frozenset[str] = frozenset()
    languages: tuple[tuple[str, str], ...] = ()  # (ISO 639-1, CEFR level asked)
