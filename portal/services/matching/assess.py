"""The ranking rules, in Python: one vacancy and one person give a score and the reasons for it.

The SQL in `queries/` orders the whole population by the same score; this module explains the
few rows shown. Each reason names the data that made it true, so a test can check it against the
records, and the page can say it in the reader's language (`reasons.py`).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from portal.profiles.matching import MatchingWeights
from portal.services.matching.facts import CEFR_RANK, LEVEL_UNKNOWN, PersonFacts, VacancyFacts


class Kind(enum.StrEnum):
    SAME_UNIT_GROUP = "same_unit_group"
    SAME_MINOR_GROUP = "same_minor_group"
    SAME_SUB_MAJOR_GROUP = "same_sub_major_group"
    HISTORY_RELATED = "history_related"
    HOME_MUNICIPALITY = "home_municipality"
    HOME_COUNTY = "home_county"
    PREFERRED_PLACE = "preferred_place"
    REMOTE = "remote"
    EDUCATION_MET = "education_met"
    EDUCATION_MISSING = "education_missing"
    LANGUAGE_MET = "language_met"
    LANGUAGE_UNKNOWN = "language_unknown"  # neither adds nor lowers
    LANGUAGE_MISSING = "language_missing"
    LANGUAGES_MET = "languages_met"  # every language asked: the points
    LICENCE_MET = "licence_met"
    LICENCE_MISSING = "licence_missing"
    WORKING_TIME_MET = "working_time_met"
    WORKING_TIME_MISSING = "working_time_missing"
    CONTRACT_MET = "contract_met"
    CONTRACT_MISSING = "contract_missing"
    AVAILABLE_MET = "available_met"
    AVAILABLE_LATE = "available_late"
    WAGE_MET = "wage_met"
    WAGE_ABOVE = "wage_above"


class Reason(NamedTuple):
    """A named tuple, not a frozen dataclass: a card's assessment makes about eight, and a frozen
    dataclass sets each field through `object.__setattr__` and hashes and compares them in Python
    (`reasons.explain` keys its words by the reasons)."""

    kind: Kind
    points: int  # what it added (positive) or took away (negative); 0 for a note
    # The data the reason states, as plain values: codes, levels, dates, amounts.
    person_value: object = None
    vacancy_value: object = None
    subject: str | None = None  # the language or the county concerned


@dataclass(frozen=True)
class Assessment:
    score: int
    reasons: tuple[Reason, ...]

    @property
    def raised(self) -> tuple[Reason, ...]:
        return tuple(reason for reason in self.reasons if reason.points > 0)

    @property
    def lowered(self) -> tuple[Reason, ...]:
        return tuple(reason for reason in self.reasons if reason.points < 0)

    @property
    def notes(self) -> tuple[Reason, ...]:
        return tuple(reason for reason in self.reasons if reason.points == 0)


def _occupation(person: PersonFacts, vacancy: VacancyFacts, w: MatchingWeights) -> Reason | None:
    code = vacancy.occupation_code
    for own in person.occupations:
        if own == code:
            return Reason(Kind.SAME_UNIT_GROUP, w.same_unit_group, own, code)
    for own in person.occupations:
        if own[:3] == code[:3]:
            return Reason(Kind.SAME_MINOR_GROUP, w.same_minor_group, own, code)
    for own in person.occupations:
        if own[:2] == code[:2]:
            return Reason(Kind.SAME_SUB_MAJOR_GROUP, w.same_sub_major_group, own, code)
    for past in person.history:
        if past[:3] == code[:3]:
            return Reason(Kind.HISTORY_RELATED, w.history_related, past, code)
    return None


def _place(
    person: PersonFacts, vacancy: VacancyFacts, counties: Mapping[str, str], w: MatchingWeights
) -> Reason | None:
    if person.home is not None and person.home in vacancy.places:
        return Reason(Kind.HOME_MUNICIPALITY, w.home_municipality, person.home, person.home)
    if person.home is not None and person.home in counties:
        job_place = next(place for place in vacancy.places if counties.get(place) == counties[person.home])
        return Reason(Kind.HOME_COUNTY, w.home_county, person.home, job_place, counties[person.home])
    for place in vacancy.places:
        if place in person.preferred:
            return Reason(Kind.PREFERRED_PLACE, w.preferred_place, place, place)
    if vacancy.remote_allowed and person.remote:
        return Reason(Kind.REMOTE, w.remote, True, True)
    return None


def _languages(person: PersonFacts, vacancy: VacancyFacts, w: MatchingWeights) -> list[Reason]:
    reasons: list[Reason] = []
    for code, level in vacancy.languages:
        own = person.languages.get(code)
        if own is None:
            reasons.append(Reason(Kind.LANGUAGE_MISSING, -w.language_missing, None, level, code))
        elif own == LEVEL_UNKNOWN:
            reasons.append(Reason(Kind.LANGUAGE_UNKNOWN, 0, None, level, code))
        elif own >= CEFR_RANK[level]:
            reasons.append(Reason(Kind.LANGUAGE_MET, 0, _level_name(own), level, code))
        else:
            reasons.append(Reason(Kind.LANGUAGE_MISSING, -w.language_missing, _level_name(own), level, code))
    if reasons and all(reason.kind is Kind.LANGUAGE_MET for reason in reasons):
        reasons.append(Reason(Kind.LANGUAGES_MET, w.languages_met))
    return reasons


_LEVEL_NAMES = {value: name for name, value in CEFR_RANK.items()}


def _level_name(rank: int) -> str:
    return _LEVEL_NAMES[rank]


def _contract(person: PersonFacts, vacancy: VacancyFacts, w: MatchingWeights) -> Reason:
    """The person's kinds of contract (all of them: any kind) against the job's one."""
    if vacancy.contract in person.contracts:
        return Reason(Kind.CONTRACT_MET, w.contract_met, person.contracts, vacancy.contract)
    return Reason(Kind.CONTRACT_MISSING, -w.contract_missing, person.contracts, vacancy.contract)


def _requirements(
    person: PersonFacts, vacancy: VacancyFacts, today: dt.date, w: MatchingWeights
) -> list[Reason]:
    reasons: list[Reason] = []
    asked, own = vacancy.education_level, person.education_level
    if asked is not None and own is not None:
        if own >= asked:
            reasons.append(Reason(Kind.EDUCATION_MET, w.education_met, own, asked))
        else:
            reasons.append(Reason(Kind.EDUCATION_MISSING, -w.education_missing, own, asked))
    reasons += _languages(person, vacancy, w)
    if vacancy.licences:
        if vacancy.licences <= person.licences:
            reasons.append(
                Reason(
                    Kind.LICENCE_MET,
                    w.licence_met,
                    ",".join(sorted(person.licences)),
                    ",".join(sorted(vacancy.licences)),
                )
            )
        else:
            reasons.append(
                Reason(
                    Kind.LICENCE_MISSING,
                    -w.licence_missing,
                    ",".join(sorted(person.licences)) or None,
                    ",".join(sorted(vacancy.licences)),
                )
            )
    if person.working_time == "any" or person.working_time == vacancy.working_time:
        reasons.append(
            Reason(Kind.WORKING_TIME_MET, w.working_time_met, person.working_time, vacancy.working_time)
        )
    else:
        reasons.append(
            Reason(
                Kind.WORKING_TIME_MISSING, -w.working_time_missing, person.working_time, vacancy.working_time
            )
        )
    reasons.append(_contract(person, vacancy, w))
    start = vacancy.start_date or today
    if person.available_from is None or person.available_from <= start:
        reasons.append(Reason(Kind.AVAILABLE_MET, w.available_met, person.available_from, vacancy.start_date))
    else:
        reasons.append(
            Reason(Kind.AVAILABLE_LATE, -w.available_late, person.available_from, vacancy.start_date)
        )
    if person.wage_expectation is not None:
        wage_range = (vacancy.wage_min, vacancy.wage_max)
        if person.wage_expectation <= vacancy.wage_max:
            reasons.append(Reason(Kind.WAGE_MET, w.wage_met, person.wage_expectation, wage_range))
        else:
            reasons.append(Reason(Kind.WAGE_ABOVE, -w.wage_above, person.wage_expectation, wage_range))
    return reasons


def assess(
    person: PersonFacts,
    vacancy: VacancyFacts,
    *,
    counties: Mapping[str, str],
    today: dt.date,
    weights: MatchingWeights,
) -> Assessment:
    """`counties`: every municipality in the counties of the vacancy's places, with its county
    (`places.counties_around`)."""
    reasons = [
        reason
        for reason in (_occupation(person, vacancy, weights), _place(person, vacancy, counties, weights))
        if reason is not None
    ]
    reasons += _requirements(person, vacancy, today, weights)
    return Assessment(sum(reason.points for reason in reasons), tuple(reasons))
