"""The ranking in SQL: the score of `assess.py`, computed by the database over a bounded set.

Candidates for a vacancy are the jobseekers with an occupation in the vacancy's ISCO sub-major
group or a past job in its minor group, found by a range on the indexed codes
(`ix_profile_occupation_isco_profile`, `ix_profile_employment_isco_profile`); vacancies for a
person are the published ones in the sub-major groups of their occupations (`ix_vacancy_occupation_code`).
Everything else is scored by correlated lookups on the unique (profile, code) and (vacancy, ...)
indexes, and only the page asked for leaves the database. Python never sees the population.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    Subquery,
    and_,
    bindparam,
    case,
    cast,
    exists,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.visitors import replacement_traverse

from portal.models import (
    JobseekerCase,
    JobseekerProfile,
    ListStanding,
    ProfileEmployment,
    ProfileLanguage,
    ProfileOccupation,
    ProfilePlace,
    Registration,
    RegistrationState,
)
from portal.models.vacancy import RemoteWork, Vacancy, VacancyLanguage, VacancyPlace, VacancyState
from portal.profiles.matching import MatchingWeights
from portal.services import list_order
from portal.services.matching import exclusions
from portal.services.matching.facts import (
    CEFR_RANK,
    CONTRACTS,
    LICENCE_CATEGORIES,
    PersonFacts,
    VacancyFacts,
)


def _next_prefix(prefix: str) -> str:
    """The smallest string after every string starting with `prefix` (ISCO codes are digits)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _starts_with(column: ColumnElement[str], prefix: str) -> ColumnElement[bool]:
    # A range, not LIKE: both SQLite and PostgreSQL search a plain b-tree index with it.
    return and_(column >= prefix, column < _next_prefix(prefix))


def _as_text(column: ColumnElement[Any]) -> ColumnElement[str]:
    """`column || ''`: the same value, but an expression, which no index can answer, so that
    SQLite's planner starts from a more selective index instead."""
    return type_coerce(column, String()) + ""


def _rank(level: ColumnElement[str | None]) -> ColumnElement[int]:
    return case(*((level == name, rank) for name, rank in CEFR_RANK.items()), else_=0)


def _points(condition: ColumnElement[bool], met: int, missing: int) -> ColumnElement[int]:
    return case((condition, met), else_=-missing)


# --- jobseekers for a vacancy --------------------------------------------------------------------


def ceiling_below_minor_group(w: MatchingWeights) -> int:
    """The highest score a match in the sub-major group only can reach: its points, the best place
    and every requirement met. When the last of a page matched at the minor group or better
    scores above it, no sub-major-only match can enter the page (see `services.matching`)."""
    best_place = max(w.home_municipality, w.home_county, w.preferred_place, w.remote)
    met = (
        w.education_met
        + w.languages_met
        + w.licence_met
        + w.working_time_met
        + w.contract_met
        + w.available_met
        + w.wage_met
    )
    return w.same_sub_major_group + best_place + met


def _occupation_points(
    vacancy: VacancyFacts, w: MatchingWeights, *, wide: bool = True
) -> Select[tuple[int, int]]:
    code = vacancy.occupation_code
    declared = ProfileOccupation.__table__.c
    history = ProfileEmployment.__table__.c
    rows = union_all(
        select(
            declared.profile_id.label("profile_id"),
            case(
                (declared.isco_code == code, w.same_unit_group),
                (_starts_with(declared.isco_code, code[:3]), w.same_minor_group),
                else_=w.same_sub_major_group,
            ).label("points"),
        ).where(_starts_with(declared.isco_code, code[:2] if wide else code[:3])),
        select(history.profile_id.label("profile_id"), literal(w.history_related).label("points")).where(
            _starts_with(history.isco_code, code[:3])
        ),
    ).subquery("occupation_rows")
    return select(rows.c.profile_id, func.max(rows.c.points).label("points")).group_by(rows.c.profile_id)


def _candidate_languages(vacancy: VacancyFacts, w: MatchingWeights) -> ColumnElement[int]:
    """The languages' points in one correlated subquery on (profile_id, code): each language asked
    is 0 (met), 1 (level not stated) or 100 (below, or no row); the sum says which case holds.
    One subquery, not one per language used three times over (PostgreSQL runs a subquery each
    time the expression names it)."""
    p, spoken = JobseekerProfile, ProfileLanguage
    asked = dict(vacancy.languages)
    rank = _rank(spoken.level)
    state = case(
        *(
            (spoken.code == code, case((rank == 0, 1), (rank >= CEFR_RANK[level], 0), else_=100))
            for code, level in asked.items()
        ),
        else_=0,
    )
    # A language asked without a row on the record counts 100: (asked - rows found) * 100.
    total = func.coalesce(func.sum(state), 0) + (len(asked) - func.count()) * 100
    return (
        select(case((total == 0, w.languages_met), else_=-(total // 100) * w.language_missing))
        .where(spoken.profile_id == p.id, spoken.code.in_(sorted(asked)))
        .scalar_subquery()
    )


def _candidate_score(
    vacancy: VacancyFacts, counties: Mapping[str, str], today: dt.date, w: MatchingWeights
) -> list[ColumnElement[int]]:
    p = JobseekerProfile
    in_place = exists().where(
        ProfilePlace.profile_id == p.id, ProfilePlace.municipality_code.in_(vacancy.places)
    )
    parts: list[ColumnElement[int]] = [
        case(
            (p.home_municipality.in_(vacancy.places), w.home_municipality),
            (p.home_municipality.in_(tuple(counties)), w.home_county),
            (in_place, w.preferred_place),
            (and_(literal(vacancy.remote_allowed), p.remote), w.remote),
            else_=0,
        )
    ]
    if vacancy.education_level is not None:
        parts.append(
            case(
                (p.education_level >= vacancy.education_level, w.education_met),
                (p.education_level < vacancy.education_level, -w.education_missing),
                else_=0,
            )
        )
    if vacancy.languages:
        parts.append(_candidate_languages(vacancy, w))
    if vacancy.licences:
        held = literal(",") + func.coalesce(p.driving_licence, "") + literal(",")
        parts.append(
            _points(
                and_(*(held.contains(f",{c},") for c in sorted(vacancy.licences))),
                w.licence_met,
                w.licence_missing,
            )
        )
    parts.append(
        _points(p.working_time.in_(("any", vacancy.working_time)), w.working_time_met, w.working_time_missing)
    )
    wants_it: ColumnElement[bool] = getattr(p, f"contract_{vacancy.contract}")  # a record's column
    parts.append(_points(wants_it, w.contract_met, w.contract_missing))
    start = vacancy.start_date or today
    parts.append(
        _points(or_(p.available_from.is_(None), p.available_from <= start), w.available_met, w.available_late)
    )
    parts.append(
        case(
            (p.wage_expectation <= vacancy.wage_max, w.wage_met),
            (p.wage_expectation > vacancy.wage_max, -w.wage_above),
            else_=0,
        )
    )
    return parts


@dataclass(frozen=True)
class CandidateFilters:
    municipality: str | None = None  # lives there or would work there
    social_assistance_first: bool = False
    not_offered: bool = False  # leave out everyone already offered this vacancy
    risk_level: str | None = None  # the case's risk level (back office), where assessed
    excluded_person_ids: Select[tuple[int]] | None = None  # open offers, refusals (offers module)


def candidates_query(
    vacancy: VacancyFacts,
    *,
    counties: Mapping[str, str],
    today: dt.date,
    weights: MatchingWeights,
    filters: CandidateFilters = CandidateFilters(),
    limit: int = 50,
    offset: int = 0,
    wide: bool = True,
) -> Select[tuple[int, int, int]]:
    """`wide=False`: only people with an occupation in the minor group or a past job in it."""
    p = JobseekerProfile
    occupation = _occupation_points(vacancy, weights, wide=wide).subquery("occupation")
    score = sum(_candidate_score(vacancy, counties, today, weights), occupation.c.points).label("score")
    query = (
        select(p.id, p.person_id, score)
        .select_from(occupation)
        .join(p, p.id == occupation.c.profile_id)
        .join(
            Registration,
            # The state as an expression: SQLite otherwise loops over every registered person
            # (`ix_registration_state`) instead of starting from the occupation's few profiles.
            and_(
                Registration.person_id == p.person_id,
                _as_text(Registration.state) == RegistrationState.REGISTERED.value,
            ),
        )
        .where(p.proposals_opt_out == false())
    )
    if filters.excluded_person_ids is not None:
        query = query.where(p.person_id.not_in(filters.excluded_person_ids))
    if filters.municipality:
        query = query.where(
            or_(
                p.home_municipality == filters.municipality,
                exists().where(
                    ProfilePlace.profile_id == p.id, ProfilePlace.municipality_code == filters.municipality
                ),
            )
        )
    if filters.risk_level:
        query = query.where(
            exists().where(
                JobseekerCase.person_id == p.person_id, JobseekerCase.risk_level == filters.risk_level
            )
        )
    receives = case((p.social_assistance_category.is_(None), 1), else_=0)
    order: list[Any] = [receives] if filters.social_assistance_first else []
    order.append(score.desc())
    if weights.tie_break == "list_order":
        # Kosovo: the employment agency's list (services/list_order.py) among equal scores.
        query = query.outerjoin(ListStanding, ListStanding.person_id == p.person_id)
        order += list(list_order.ORDER_BY)
    else:
        order += [Registration.registered_on.asc(), p.id.asc()]
    return query.order_by(*order).limit(limit).offset(offset)


# How many vacancies of highest ceiling are scored first to find a floor for the page's last score.
BOUND_SAMPLE = 100
NO_FLOOR = -1_000_000

# --- vacancies for a jobseeker -------------------------------------------------------------------
#
# The statement is built once per *shape* (the profile's weights, the page's size, narrow or wide,
# with a floor or not, how many licence categories the person lacks; occupation ranges and
# languages counted in slots of `SLOTS`) and kept; everything else, the codes, levels, dates,
# wage, and the points of a preference the person has not stated, is a named bind parameter whose
# values `_vacancy_values` computes for each call. Building it from its ~100 expressions cost
# about as much as running it. The builder sees the shape only, never a person's values, so none
# of them can stay behind in a kept statement.

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


__all__ = ["CandidateFilters", "candidates_query", "vacancies_query", "vacancies_statement"]
