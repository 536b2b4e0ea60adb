"""Who may register, and as what, from the register answers and the country profile."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any

from portal.profiles.base import RegistrationRules


class Refusal(enum.StrEnum):
    """Why a person cannot register online; each has its own explanation page text."""

    UNKNOWN_PERSON = "unknown_person"  # the population register does not know the code
    DECEASED = "deceased"
    TOO_YOUNG = "too_young"
    PENSION_AGE = "pension_age"


@dataclass(frozen=True)
class Assessment:
    refusal: Refusal | None = None
    may_be_unemployed: bool = True  # False when the tax register shows an active employment
    doubts: tuple[str, ...] = field(default_factory=tuple)  # what a counsellor must check

    @property
    def eligible(self) -> bool:
        return self.refusal is None


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def assess(
    sections: dict[str, dict[str, Any]], manual: dict[str, Any], rules: RegistrationRules, today: dt.date
) -> Assessment:
    """Apply the rules to what the registers said; a failed register leaves a doubt, not a refusal."""
    population = sections.get("population", {"status": "failed"})
    doubts: list[str] = []
    if population["status"] == "unknown":
        return Assessment(refusal=Refusal.UNKNOWN_PERSON)
    if population["status"] == "ok":
        values = population["values"]
        if values["life_status"] != "ALIVE":
            return Assessment(refusal=Refusal.DECEASED)
        age = age_on(dt.date.fromisoformat(values["date_of_birth"]), today)
        if age < rules.minimum_age:
            return Assessment(refusal=Refusal.TOO_YOUNG)
        if age >= rules.pension_age:
            return Assessment(refusal=Refusal.PENSION_AGE)
        if not values.get("address"):
            doubts.append("no_residence:population")  # the person gives an address; a counsellor checks
    else:
        doubts.append("manual:population")

    employment = sections.get("employment", {"status": "failed"})
    if employment["status"] == "ok":
        may_be_unemployed = not employment["values"]["active"]
    elif employment["status"] == "unknown":
        may_be_unemployed = True  # never employed in this country
    else:
        doubts.append("manual:employment")
        may_be_unemployed = not manual.get("employment", {}).get("employed", False)
    assistance = sections.get("social_assistance", {"status": "failed"})
    if assistance["status"] == "ok" and _unable_to_work(assistance["values"]):
        doubts.append("unable_to_work:social_assistance")  # not to be registered unemployed by a rule
    for name in ("education", "social_assistance", "health_insurance"):
        if sections.get(name, {"status": "failed"})["status"] == "failed":
            doubts.append(f"manual:{name}")
    return Assessment(may_be_unemployed=may_be_unemployed, doubts=tuple(doubts))


def _unable_to_work(assistance: dict[str, Any]) -> bool:
    """Category I social assistance: no member of the household is able to work. Whether such a
    person is available for work is for a counsellor to judge, not for the automated rule."""
    return assistance.get("category") == "I" and assistance.get("status") in ("ACTIVE", "SUSPENDED")
