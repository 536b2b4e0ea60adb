"""Who may register, and as what, from the register answers and the country profile."""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field
from typing import Any

from portal.models.register_snapshot import RegisterSnapshot, Section, SocialAssistance
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
    snapshot: RegisterSnapshot, manual: dict[str, Any], rules: RegistrationRules, today: dt.date
) -> Assessment:
    """Apply the rules to what the registers said; a failed register leaves a doubt, not a refusal."""
    population = snapshot.section("population")
    doubts: list[str] = []
    if population.unknown:
        return Assessment(refusal=Refusal.UNKNOWN_PERSON)
    if population.ok and population.values is not None:
        values = population.values
        if values.life_status != "ALIVE":
            return Assessment(refusal=Refusal.DECEASED)
        age = age_on(values.date_of_birth, today) if values.date_of_birth else rules.minimum_age
        if age < rules.minimum_age:
            return Assessment(refusal=Refusal.TOO_YOUNG)
        if age >= rules.pension_age:
            return Assessment(refusal=Refusal.PENSION_AGE)
        if not values.address:
            doubts.append("no_residence:population")  # the person gives an address; a counsellor checks
    else:
        doubts.append("manual:population")

    employment = snapshot.section("employment")
    if employment.ok and employment.values is not None:
        may_be_unemployed = not employment.values.active
    elif employment.unknown:
        may_be_unemployed = True  # never employed in this country
    else:
        doubts.append("manual:employment")
        may_be_unemployed = not manual.get("employment", {}).get("employed", False)
    assistance = snapshot.section("social_assistance").values
    if assistance is not None and _unable_to_work(assistance):
        doubts.append("unable_to_work:social_assistance")  # not to be registered unemployed by a rule
    for name in ("education", "social_assistance", "health_insurance"):
        if snapshot.section(name).failed:
            doubts.append(f"manual:{name}")
    return Assessment(may_be_unemployed=may_be_unemployed, doubts=tuple(doubts))


def _unable_to_work(assistance: SocialAssistance) -> bool:
    """Category I social assistance: no member of the household is able to work. Whether such a
    person is available for work is for a counsellor to judge, not for the automated rule."""
    return assistance.category == "I" and assistance.status in ("ACTIVE", "SUSPENDED")


# --- comparing a manual entry with the register -----------------------------------------------


def _norm(text: Any) -> str:
    return re.sub(r"[\W_]+", " ", str(text or "")).casefold().strip()


def manual_differs(name: str, entered: dict[str, Any], section: Section[Any]) -> bool:
    """Whether what the person entered (`answers["manual"][name]`, as the journey stores it) differs
    from what the register now says. A register that does not know the person (`unknown`) says
    nothing to compare with; an entry the rules cannot compare counts as not differing."""
    values = section.values
    if not section.ok or values is None or not entered:
        return False
    if name == "population":
        if "address" not in entered:
            return False
        return _norm(entered["address"]) != _norm(values.address)
    if name == "education":
        if not entered.get("highest"):
            return False
        highest = _norm(entered["highest"])
        titles = [_norm(item.title) for item in values.qualifications]
        return not any(highest and title and (highest in title or title in highest) for title in titles)
    if name == "employment" and "employed" in entered:
        return bool(entered["employed"]) != values.active
    if name == "social_assistance" and "receives" in entered:
        return bool(entered["receives"]) != (values.status == "ACTIVE")
    if name == "health_insurance" and "insured" in entered:
        return bool(entered["insured"]) != bool(values.insured)
    return False
