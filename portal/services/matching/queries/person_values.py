"""The person's side of the vacancies statement (`vacancies.py`): the statement's *shape* (what
decides its form) and the values bound into it, both computed from the person's facts.

The statement is built once per shape (the profile's weights, the page's size, narrow or wide,
with a floor or not, how many licence categories the person lacks; occupation ranges and
languages counted in slots of `SLOTS`) and kept; everything else, the codes, levels, dates,
wage, and the points of a preference the person has not stated, is a named bind parameter whose
values `_vacancy_values` computes for each call. Building it from its ~100 expressions cost
about as much as running it. The builder sees the shape only, never a person's values, so none
of them can stay behind in a kept statement.

Apart from the statement's expressions (`vacancy_points.py`) because this reads the person, and
they read the vacancies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from portal.profiles.matching import MatchingWeights
from portal.services.matching.facts import CONTRACTS, LICENCE_CATEGORIES, PersonFacts
from portal.services.matching.queries.expressions import _next_prefix

SLOTS = 3  # occupation ranges of each kind and languages per statement; more: another shape
EMPTY_RANGE = "-"  # a slot not used: `code >= '-' AND code < '-'` holds for no code
NO_LANGUAGE = ""  # a language slot not used: no vacancy asks for ''
NO_LICENCE = ",-,"  # a licence slot not used: no requirement holds it


@dataclass(frozen=True)
class _Shape:
    """What decides the form of the statement for a person; the rest is bound per call."""

    weights: MatchingWeights
    limit: int
    wide: bool
    floor: bool  # `at_least` given
    excluded: bool  # the offers' exclusions applied
    majors: int  # slots for sub-major groups (the ranges of the wide statement)
    minors: int  # slots for minor groups
    past: int  # slots for minor groups of past jobs not among the record's
    lacking: int  # licence categories the person does not hold
    languages: int  # slots for the person's languages


def _slots(count: int) -> int:
    return max(SLOTS, count)


def _wrapped(codes: Sequence[str]) -> list[str]:
    """Municipality codes as `Vacancy.place_codes` holds a vacancy's only place: ',0784,'."""
    return [f",{code}," for code in sorted(codes)]


def _vacancy_values(
    person: PersonFacts,
    *,
    county: Sequence[str],
    today: dt.date,
    weights: MatchingWeights,
    excluded: bool,
    limit: int,
    wide: bool,
    at_least: int | None,
) -> tuple[_Shape, dict[str, Any]]:
    """The statement's shape for this person and the values of its bind parameters."""
    w = weights
    majors = sorted({own[:2] for own in person.occupations})
    minors = sorted({own[:3] for own in person.occupations})
    past = sorted({job[:3] for job in person.history} - set(minors))
    lacking = [c for c in LICENCE_CATEGORIES if c not in person.licences]
    shape = _Shape(
        weights=w,
        limit=limit,
        wide=wide,
        floor=at_least is not None,
        excluded=excluded,
        majors=_slots(len(majors)),
        minors=_slots(len(minors)),
        past=_slots(len(past)),
        lacking=len(lacking),
        languages=_slots(len(person.languages)),
    )
    values: dict[str, Any] = {
        "today": today,
        "own": sorted(set(person.occupations)),
        "own_minors": minors,
        "own_majors": majors,
        "past_minors": past,
    }
    # The wide statement reads the sub-major groups whole: a past job's minor group inside one of
    # them is not read again (its vacancies would come twice from the `UNION ALL` of ranges).
    past_ranges = [minor for minor in past if not (wide and minor[:2] in majors)]
    for kind, prefixes, slots in (
        ("major", majors, shape.majors),
        ("minor", minors, shape.minors),
        ("past", past_ranges, shape.past),
    ):
        for i in range(slots):
            prefix = prefixes[i] if i < len(prefixes) else None
            values[f"{kind}{i}"] = prefix or EMPTY_RANGE
            values[f"{kind}{i}_next"] = _next_prefix(prefix) if prefix else EMPTY_RANGE
    languages = list(person.languages.items())
    for i in range(shape.languages):
        code, rank = languages[i] if i < len(languages) else (NO_LANGUAGE, 0)
        values[f"language{i}"], values[f"rank{i}"] = code, rank
    values.update({f"lacking{i}": f"%,{c},%" for i, c in enumerate(lacking)})
    # Preferences not stated: their points bound as the SQL of `assess` leaves them.
    stated = person.education_level is not None
    values["education"] = person.education_level if stated else 0
    values["education_met"] = w.education_met if stated else 0
    values["education_missing"] = -w.education_missing if stated else 0
    values["working_time"] = person.working_time
    values["working_time_met"] = w.working_time_met
    values["working_time_missing"] = (
        w.working_time_met if person.working_time == "any" else -w.working_time_missing
    )
    values["contracts"] = list(CONTRACTS if set(CONTRACTS) <= set(person.contracts) else person.contracts)
    if person.available_from is None:  # available at once: every start date suits
        values["available"], values["no_start_points"] = dt.date.min, w.available_met
    else:
        values["available"] = person.available_from
        values["no_start_points"] = w.available_met if person.available_from <= today else -w.available_late
    stated = person.wage_expectation is not None
    values["wage"] = person.wage_expectation if stated else 0
    values["wage_met"] = w.wage_met if stated else 0
    values["wage_above"] = -w.wage_above if stated else 0
    home = [person.home] if person.home is not None else []
    county_codes = sorted(county) if home else []
    preferred = sorted(person.preferred)
    for name, codes in (("home", home), ("county", county_codes), ("preferred", preferred)):
        values[name] = _wrapped(codes)
        values[f"{name}_codes"] = codes
    values["remote_points"] = w.remote if person.remote else 0
    if excluded:
        values["person_id"] = person.person_id
    if at_least is not None:
        values["at_least"] = at_least
    return shape, values
