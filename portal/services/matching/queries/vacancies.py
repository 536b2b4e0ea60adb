"""Vacancies for a jobseeker, in SQL: the published ones in the sub-major groups of the person's
occupations (`ix_vacancy_matching`), scored by `vacancy_points.py`'s expressions; the statement
kept per shape of person (`person_values.py`) and bounded so that the languages are read only
where they can still matter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, String, case, func, literal_column, select
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.visitors import replacement_traverse

from portal.profiles.matching import MatchingWeights
from portal.services.matching import exclusions
from portal.services.matching.facts import PersonFacts
from portal.services.matching.queries.person_values import _Shape, _vacancy_values
from portal.services.matching.queries.vacancy_points import (
    _bind,
    _vacancy_columns,
    _vacancy_languages,
    _vacancy_occupation,
    _vacancy_place,
    _vacancy_ranges,
)

# How many vacancies of highest ceiling are scored first to find a floor for the page's last score.
BOUND_SAMPLE = 100
NO_FLOOR = -1_000_000


def _inlined(statement: Select[Any]) -> Select[Any]:
    """The statement with its constants (the weights' points, the CEFR levels, `','`, `''`)
    written in the SQL instead of sent as parameters; the person's values stay bound by name.

    The statement names ~650 parameters otherwise, most of them the same few constants: psycopg
    converts a statement that long or with that many parameters without its cache, a few
    milliseconds of Python per execution, and the database binds them all. Only plain integers
    and strings without a `%` (which the driver would need escaped) are written in."""

    def constant(element: Any) -> Any:
        if not isinstance(element, BindParameter) or not element.unique or element.expanding:
            return None
        value = element.value
        if type(value) is int and type(element.type) is Integer:
            return literal_column(str(value) if value >= 0 else f"({value})", Integer)
        if type(value) is str and type(element.type) is String and "%" not in value:
            return literal_column("'" + value.replace("'", "''") + "'", String)
        return None

    return replacement_traverse(statement, {}, constant)


@lru_cache(maxsize=256)
def _vacancies_statement(shape: _Shape) -> Select[tuple[int, int, dt.datetime | None]]:
    """See `vacancies_query`; built once per shape, its values bound by name."""
    w, limit = shape.weights, shape.limit
    v = _vacancy_ranges(shape).c
    columns = sum(_vacancy_columns(v, shape, w), _vacancy_occupation(v, w))
    where: list[ColumnElement[bool]] = []
    if shape.excluded:
        where.append(v.id.not_in(exclusions.vacancies_for_person(_bind("person_id", type_=Integer))))
    most_languages = max(w.languages_met, 0)
    if shape.floor:
        most_place = max(w.home_municipality, w.home_county, w.preferred_place, w.remote, 0)
        where.append(columns + most_place + most_languages >= _bind("at_least", type_=Integer))
    # Referenced three times below: both databases compute it once (a materialized CTE).
    partial = (
        select(
            v.id.label("id"),
            v.published_at.label("published_at"),
            (columns + _vacancy_place(v, w)).label("partial"),
        )
        .where(*where)
        .cte("partial")
    )
    sample = select(partial).order_by(partial.c.partial.desc()).limit(max(BOUND_SAMPLE, limit)).subquery()
    exact = (sample.c.partial + _vacancy_languages(shape, w, sample.c.id)).label("exact")
    best = select(exact).order_by(exact.desc()).limit(limit).subquery("best")
    floor = select(case((func.count() == limit, func.min(best.c.exact)), else_=NO_FLOOR)).scalar_subquery()
    score = (partial.c.partial + _vacancy_languages(shape, w, partial.c.id)).label("score")
    return _inlined(
        select(partial.c.id, score, partial.c.published_at)
        .where(partial.c.partial + most_languages >= floor)
        .order_by(score.desc(), partial.c.published_at.desc(), partial.c.id.desc())
        .limit(limit)
    )


def vacancies_statement(
    person: PersonFacts,
    *,
    county: Sequence[str],
    today: dt.date,
    weights: MatchingWeights,
    exclude_offered: bool = False,
    limit: int = 20,
    wide: bool = True,
    at_least: int | None = None,
) -> tuple[Select[tuple[int, int, dt.datetime | None]], dict[str, Any]]:
    """The ranking statement of `vacancies_query` (kept, one per shape of person) and the values
    to execute it with: `db.session.execute(*vacancies_statement(...))`. `exclude_offered`: leave
    out every vacancy offered to the person or refused (`exclusions.vacancies_for_person`)."""
    shape, values = _vacancy_values(
        person,
        county=county,
        today=today,
        weights=weights,
        excluded=exclude_offered,
        limit=limit,
        wide=wide,
        at_least=at_least,
    )
    return _vacancies_statement(shape), values


def vacancies_query(
    person: PersonFacts,
    *,
    county: Sequence[str],
    today: dt.date,
    weights: MatchingWeights,
    exclude_offered: bool = False,
    limit: int = 20,
    wide: bool = True,
    at_least: int | None = None,
) -> Select[tuple[int, int, dt.datetime | None]]:
    """Published vacancies for the person, best first, with their scores: the statement with its
    values in it (for printing a plan; the service executes `vacancies_statement`'s pair).

    `county`: every municipality in the county of the person's home.

    The work per vacancy is its own columns (in `ix_vacancy_matching`, the places' codes
    included) and its languages (a correlated subquery), so the languages are read only where
    they can still matter:

    - `at_least` (a floor known already: the last score of the narrower statement): a vacancy
      whose own columns and occupation cannot reach it, even with the best place and every
      language, is not read further;
    - the rest get their place points (`partial`, one statement's rows, materialized once);
    - the `limit`-th best exact score of the `BOUND_SAMPLE` best partial scores is a floor for the
      page's last score: only a vacancy whose partial score plus every language met reaches it
      gets its languages read.

    The order is the same as scoring everything: a vacancy left out scores below the floor.
    """
    statement, values = vacancies_statement(
        person,
        county=county,
        today=today,
        weights=weights,
        exclude_offered=exclude_offered,
        limit=limit,
        wide=wide,
        at_least=at_least,
    )
    return statement.params(values)
