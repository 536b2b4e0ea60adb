"""The vacancies' side of the vacancies statement: the published vacancies in the person's ranges
of codes, and the points each gets from its own columns, places and languages, as SQL expressions
over bind parameters named after `person_values.py`'s values.

Apart from `vacancies.py` (which puts them together, keeps the statement and runs it) because these
are what the statement reads of a vacancy, one expression per factor of `assess.py`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    String,
    Subquery,
    and_,
    bindparam,
    case,
    cast,
    false,
    func,
    literal,
    or_,
    select,
    union_all,
)

from portal.models.vacancy import RemoteWork, Vacancy, VacancyLanguage, VacancyPlace, VacancyState
from portal.profiles.matching import MatchingWeights
from portal.services.matching.queries.expressions import _as_text, _points, _rank
from portal.services.matching.queries.person_values import _Shape


def _bind(name: str, **kwargs: Any) -> Any:
    return bindparam(name, **kwargs)


def _points_bound(name: str) -> Any:
    return bindparam(name, type_=Integer)


def _in_range(column: ColumnElement[str], name: str) -> ColumnElement[bool]:
    """`column` starts with the bound prefix `name` (a range: both databases search an index)."""
    return and_(column >= _bind(name), column < _bind(f"{name}_next"))


def _vacancy_ranges(shape: _Shape) -> Subquery:
    """The published vacancies open today in the person's ranges of codes (the minor groups, or
    the sub-major groups when wide, and the past jobs' minor groups), with the columns the score
    reads: one `SELECT` per range, `UNION ALL`.

    One range per branch, not an `OR` of ranges: PostgreSQL answers a single range from
    `ix_vacancy_matching` alone (an index-only scan; an `OR` of ranges is a bitmap scan, which
    reads the table's rows, ~1,600 blocks for a sub-major group), SQLite from the covering index
    as before. The ranges do not overlap (`_vacancy_values` leaves out a past job's minor group
    that lies in a range already read), so no vacancy comes twice."""
    v = Vacancy
    names = [f"major{i}" for i in range(shape.majors)] if shape.wide else []
    names += [f"minor{i}" for i in range(shape.minors)] if not shape.wide else []
    names += [f"past{i}" for i in range(shape.past)]
    read = (
        v.id,
        v.published_at,
        v.occupation_code,
        v.remote,
        v.working_time,
        v.contract,
        v.education_level,
        v.driving_licence,
        v.start_date,
        v.wage_max,
        v.place_codes,
    )
    # The state as an expression (`state || ''`), not the bare column: SQLite otherwise starts from
    # the state index (every published vacancy) instead of the occupation range of
    # `ix_vacancy_matching`, which carries the state and the deadline too.
    published = _as_text(v.state) == VacancyState.PUBLISHED.value
    open_today = v.deadline >= _bind("today", type_=Date)
    return union_all(
        *(select(*read).where(_in_range(v.occupation_code, name), published, open_today) for name in names)
    ).subquery("ranged")


def _vacancy_occupation(v: Any, w: MatchingWeights) -> ColumnElement[int]:
    """The occupation's points, the first that holds: the same unit group, minor group, sub-major
    group, a past job's minor group."""
    code = v.occupation_code
    return case(
        (code.in_(_bind("own", expanding=True)), w.same_unit_group),
        (func.substr(code, 1, 3).in_(_bind("own_minors", expanding=True, type_=String)), w.same_minor_group),
        (
            func.substr(code, 1, 2).in_(_bind("own_majors", expanding=True, type_=String)),
            w.same_sub_major_group,
        ),
        (func.substr(code, 1, 3).in_(_bind("past_minors", expanding=True, type_=String)), w.history_related),
        else_=0,
    )


def _vacancy_place(v: Any, w: MatchingWeights) -> ColumnElement[int]:
    """The place's points: home (its municipality among the vacancy's places), else the county of
    home, else a preferred place, else remote work when the person wants it; the first that holds,
    as in `assess._place`.

    A vacancy with one place (nine in ten) is compared whole with the person's codes as
    `place_codes` holds them (',0784,', in `ix_vacancy_matching`): no subquery. One with several
    gets the best level over its `vacancy_place` rows (`uq_vacancy_place`) in one correlated
    subquery. A level the person has no code for has an empty list. `v`: the vacancy's columns
    (`_vacancy_ranges`)."""
    place = VacancyPlace
    codes = v.place_codes
    remote = case(
        (v.remote.in_((RemoteWork.HYBRID, RemoteWork.REMOTE)), _points_bound("remote_points")), else_=0
    )
    best = func.max(
        case(
            (place.municipality_code.in_(_bind("home_codes", expanding=True)), 4),
            (place.municipality_code.in_(_bind("county_codes", expanding=True)), 3),
            (place.municipality_code.in_(_bind("preferred_codes", expanding=True)), 2),
            else_=0,
        )
    )
    several = (
        select(
            case(
                (best == 4, w.home_municipality),
                (best == 3, w.home_county),
                (best == 2, w.preferred_place),
                else_=remote,
            )
        )
        .where(place.vacancy_id == v.id)
        .scalar_subquery()
    )
    return case(
        (codes.in_(_bind("home", expanding=True)), w.home_municipality),
        (codes.in_(_bind("county", expanding=True)), w.home_county),
        (codes.in_(_bind("preferred", expanding=True)), w.preferred_place),
        # ',a,b,': at least three commas, i.e. two places or more.
        (codes.like(",%,%,"), several),
        else_=remote,
    )


def _vacancy_languages(
    shape: _Shape, w: MatchingWeights, vacancy_id: ColumnElement[int] | None = None
) -> ColumnElement[int]:
    """The languages' points in one correlated subquery on the vacancy's languages: each asked is
    0 (met), 1 (level not stated) or 100 (below, or not spoken); no language asked gives 0."""
    asked = _rank(VacancyLanguage.level)
    spoken = []
    for i in range(shape.languages):
        rank = _bind(f"rank{i}", type_=Integer)
        spoken.append(
            (
                VacancyLanguage.language == _bind(f"language{i}"),
                case((rank == 0, 1), (asked <= rank, 0), else_=100),
            )
        )
    total = func.sum(case(*spoken, else_=100))
    return (
        select(
            case(
                (total.is_(None), 0),
                (total == 0, w.languages_met),
                else_=-cast(total // 100, Integer) * w.language_missing,
            )
        )
        .where(VacancyLanguage.vacancy_id == (Vacancy.id if vacancy_id is None else vacancy_id))
        .scalar_subquery()
    )


def _vacancy_columns(v: Any, shape: _Shape, w: MatchingWeights) -> list[ColumnElement[int]]:
    """The points read from the vacancy's own columns (all in `ix_vacancy_matching`): no subquery.
    A preference the person has not stated binds its points as 0 (education, wage) or as met
    whatever the vacancy (working time, contract, availability). `v`: the vacancy's columns
    (`_vacancy_ranges`)."""
    required = literal(",") + func.coalesce(v.driving_licence, "") + literal(",")
    # `lacking{i}` is the whole pattern ('%,C1,%'): no '%' in the statement's text.
    lacking = [required.like(_bind(f"lacking{i}", type_=String)) for i in range(shape.lacking)]
    return [
        case(
            (v.education_level.is_(None), 0),
            (v.education_level <= _bind("education", type_=Integer), _points_bound("education_met")),
            else_=_points_bound("education_missing"),
        ),
        case(
            (func.coalesce(v.driving_licence, "") == "", 0),
            (or_(*lacking) if lacking else false(), -w.licence_missing),
            else_=w.licence_met,
        ),
        case(
            (
                _as_text(v.working_time) == _bind("working_time", type_=String),
                _points_bound("working_time_met"),
            ),
            else_=_points_bound("working_time_missing"),
        ),
        _points(
            _as_text(v.contract).in_(_bind("contracts", expanding=True, type_=String)),
            w.contract_met,
            w.contract_missing,
        ),
        case(
            (v.start_date.is_(None), _points_bound("no_start_points")),
            (v.start_date >= _bind("available", type_=Date), w.available_met),
            else_=-w.available_late,
        ),
        case(
            (v.wage_max >= _bind("wage", type_=Integer), _points_bound("wage_met")),
            else_=_points_bound("wage_above"),
        ),
    ]
