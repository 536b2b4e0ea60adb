"""Occupations to suggest to a person from their register data: only jobs of the last years, each
with where it came from, so an old certificate or a job of a former career is not put forward as
the work they look for now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.models.register_snapshot import RegisterSnapshot

RECENT_YEARS = 5  # a job that ended longer ago than this says little about the work sought now
MAX_SUGGESTIONS = 5


@dataclass(frozen=True)
class Suggestion:
    """An ISCO-08 code suggested from one employment in the tax register."""

    code: str
    employer_name: str
    start_date: dt.date | None
    end_date: dt.date | None  # None while the person still works there


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def suggested_occupations(snapshot: RegisterSnapshot, today: dt.date) -> list[Suggestion]:
    """The occupations of the employments active or ended within `RECENT_YEARS`, latest first."""
    employment = snapshot.section("employment").values
    if employment is None:
        return []
    since = _years_before(today, RECENT_YEARS)
    recent = []
    for item in employment.employments:
        ended = None if item.active else item.end_date
        if item.isco_code and (ended is None or ended >= since):
            recent.append(Suggestion(item.isco_code, item.employer_name, item.start_date, ended))
    recent.sort(key=lambda s: (s.end_date is None, s.end_date or dt.date.max, s.start_date or dt.date.min))
    suggestions: dict[str, Suggestion] = {}
    for suggestion in reversed(recent):
        suggestions.setdefault(suggestion.code, suggestion)
    return list(suggestions.values())[:MAX_SUGGESTIONS]
