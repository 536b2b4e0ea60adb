"""Jobseekers for a vacancy, in SQL: the profiles with an occupation in the vacancy's ISCO
sub-major group or a past job in its minor group (a range on the indexed codes:
`ix_profile_occupation_isco_profile`, `ix_profile_employment_isco_profile`), each scored by
correlated lookups on the unique (profile, code) indexes; only the page asked for leaves the
database.

Apart from the vacancies' statement (`vacancies.py`) because it reads the other side, the
jobseekers' profiles, and is built afresh for each vacancy where that one is kept per shape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, false, func, literal, or_, select, union_all

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
from portal.profiles.matching import MatchingWeights
from portal.services import list_order
from portal.services.matching.facts import CEFR_RANK, VacancyFacts
from portal.services.matching.queries.expressions import _as_text, _points, _rank, _starts_with

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
