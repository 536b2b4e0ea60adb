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
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    type_coerce,
    union_all,
)

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


def _vacancy_occupation(
    person: PersonFacts, w: MatchingWeights, *, wide: bool = True
) -> tuple[ColumnElement[bool], ColumnElement[int]]:
    code = Vacancy.occupation_code
    majors = sorted({own[:2] for own in person.occupations})
    minors = sorted({own[:3] for own in person.occupations})
    past = sorted({job[:3] for job in person.history} - set(minors))
    ranges = [_starts_with(code, prefix) for prefix in (majors if wide else minors) + past]
    whens: list[tuple[ColumnElement[bool], int]] = []
    if person.occupations:
        whens.append((code.in_(sorted(set(person.occupations))), w.same_unit_group))
        whens += [(or_(*(_starts_with(code, m) for m in minors)), w.same_minor_group)]
        whens += [(or_(*(_starts_with(code, m) for m in majors)), w.same_sub_major_group)]
    if past:
        whens.append((or_(*(_starts_with(code, m) for m in past)), w.history_related))
    gate = or_(*ranges) if ranges else false()
    return gate, case(*whens, else_=0) if whens else literal(0)


def _vacancy_place(person: PersonFacts, county: Sequence[str], w: MatchingWeights) -> ColumnElement[int]:
    """The place's points: the best level any of the vacancy's places reaches (4 home, 3 county,
    2 a preferred place), read in one correlated subquery on `uq_vacancy_place` (vacancy_id,
    municipality_code) instead of three EXISTS, which PostgreSQL turned into hashes of every
    vacancy in the county; then remote work (1) when no place counts. The level, not the points,
    is compared, so the first level that holds wins, as in `assess._place`."""
    v, place = Vacancy, VacancyPlace
    whens: list[tuple[ColumnElement[bool], int]] = []
    if person.home is not None:
        whens += [(place.municipality_code == person.home, 4)]
        if county:
            whens += [(place.municipality_code.in_(sorted(county)), 3)]
    if person.preferred:
        whens.append((place.municipality_code.in_(sorted(person.preferred)), 2))
    remote: ColumnElement[int] = (
        case((v.remote.in_((RemoteWork.HYBRID, RemoteWork.REMOTE)), w.remote), else_=0)
        if person.remote
        else literal(0)
    )
    if not whens:
        return remote
    # The points come out of the subquery itself: an expression naming it three times made
    # SQLite (and PostgreSQL) run it three times per vacancy.
    best = func.max(case(*whens, else_=0))
    return (
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


def _vacancy_languages(
    person: PersonFacts, w: MatchingWeights, vacancy_id: ColumnElement[int] | None = None
) -> ColumnElement[int]:
    """The languages' points in one correlated subquery on the vacancy's languages: each asked is
    0 (met), 1 (level not stated) or 100 (below, or not spoken); no language asked gives 0."""
    asked = _rank(VacancyLanguage.level)
    spoken = [
        (VacancyLanguage.language == code, 1 if rank == 0 else case((asked <= rank, 0), else_=100))
        for code, rank in person.languages.items()
    ]
    state = case(*spoken, else_=100) if spoken else literal(100)
    total = func.sum(state)
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


def _vacancy_columns(person: PersonFacts, today: dt.date, w: MatchingWeights) -> list[ColumnElement[int]]:
    """The points read from the vacancy's own columns (all in `ix_vacancy_matching`): no subquery."""
    v = Vacancy
    parts: list[ColumnElement[int]] = []
    if person.education_level is not None:
        parts.append(
            case(
                (v.education_level.is_(None), 0),
                (v.education_level <= person.education_level, w.education_met),
                else_=-w.education_missing,
            )
        )
    lacking = [c for c in LICENCE_CATEGORIES if c not in person.licences]
    required = literal(",") + func.coalesce(v.driving_licence, "") + literal(",")
    parts.append(
        case(
            (func.coalesce(v.driving_licence, "") == "", 0),
            (or_(*(required.contains(f",{c},") for c in lacking)), -w.licence_missing),
            else_=w.licence_met,
        )
    )
    if person.working_time == "any":
        parts.append(literal(w.working_time_met))
    else:
        parts.append(
            _points(v.working_time == person.working_time, w.working_time_met, w.working_time_missing)
        )
    if set(CONTRACTS) <= set(person.contracts):
        parts.append(literal(w.contract_met))
    else:
        parts.append(_points(v.contract.in_(person.contracts), w.contract_met, w.contract_missing))
    available = person.available_from or today
    parts.append(
        case(
            (v.start_date.is_(None), w.available_met if available <= today else -w.available_late),
            (v.start_date >= available, w.available_met),
            else_=-w.available_late,
        )
        if person.available_from is not None
        else literal(w.available_met)
    )
    if person.wage_expectation is not None:
        parts.append(_points(v.wage_max >= person.wage_expectation, w.wage_met, w.wage_above))
    return parts


def vacancies_query(
    person: PersonFacts,
    *,
    county: Sequence[str],
    today: dt.date,
    weights: MatchingWeights,
    excluded_vacancy_ids: Select[tuple[int]] | None = None,
    limit: int = 20,
    wide: bool = True,
    at_least: int | None = None,
) -> Select[tuple[int, int, dt.datetime | None]]:
    """`county`: every municipality in the county of the person's home.

    The work per vacancy is mostly its two correlated subqueries (its places, its languages), so
    they run only where they can still matter:

    - `at_least` (a floor known already: the last score of the narrower statement): a vacancy
      whose own columns and occupation cannot reach it, even with the best place and every
      language, is not read further;
    - the rest get their place points (`partial`, one statement's rows, materialized once);
    - the `limit`-th best exact score of the `BOUND_SAMPLE` best partial scores is a floor for the
      page's last score: only a vacancy whose partial score plus every language met reaches it
      gets its languages read.

    The order is the same as scoring everything: a vacancy left out scores below the floor.
    """
    w = weights
    gate, occupation = _vacancy_occupation(person, w, wide=wide)
    columns = sum(_vacancy_columns(person, today, w), occupation)
    # The state as an expression (`state || ''`), not the bare column: SQLite otherwise starts from
    # the state index (every published vacancy) instead of the occupation ranges of
    # `ix_vacancy_matching`, which carries the state and the deadline too.
    published = _as_text(Vacancy.state) == VacancyState.PUBLISHED.value
    where = [gate, published, Vacancy.deadline >= today]
    if excluded_vacancy_ids is not None:
        where.append(Vacancy.id.not_in(excluded_vacancy_ids))
    most_languages = max(w.languages_met, 0)
    if at_least is not None:
        most_place = max(w.home_municipality, w.home_county, w.preferred_place, w.remote, 0)
        where.append(columns + most_place + most_languages >= at_least)
    # Referenced three times below: both databases compute it once (a materialized CTE).
    partial = (
        select(
            Vacancy.id.label("id"),
            Vacancy.published_at.label("published_at"),
            (columns + _vacancy_place(person, county, w)).label("partial"),
        )
        .where(*where)
        .cte("partial")
    )
    sample = select(partial).order_by(partial.c.partial.desc()).limit(max(BOUND_SAMPLE, limit)).subquery()
    exact = (sample.c.partial + _vacancy_languages(person, w, sample.c.id)).label("exact")
    best = select(exact).order_by(exact.desc()).limit(limit).subquery("best")
    floor = select(case((func.count() == limit, func.min(best.c.exact)), else_=NO_FLOOR)).scalar_subquery()
    score = (partial.c.partial + _vacancy_languages(person, w, partial.c.id)).label("score")
    return (
        select(partial.c.id, score, partial.c.published_at)
        .where(partial.c.partial + most_languages >= floor)
        .order_by(score.desc(), partial.c.published_at.desc(), partial.c.id.desc())
        .limit(limit)
    )


__all__ = ["CandidateFilters", "candidates_query", "vacancies_query"]
