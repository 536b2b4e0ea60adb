"""Matching both ways: ranked jobseekers for a vacancy, ranked vacancies for a jobseeker.

The score is the sum of the country profile's points per factor (`profiles/matching.py`): the
database orders everyone by it (`queries.py`), and only the rows shown are loaded and explained
(`assess.py`, `reasons.py`). See docs/matching.md.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db
from portal.models import JobseekerProfile, ListStanding, Person, Registration, RegistrationState
from portal.models.vacancy import RemoteWork, Vacancy, VacancyState
from portal.profiles import current_profile
from portal.services.matching import exclusions, places
from portal.services.matching.assess import Assessment, Kind, Reason, assess
from portal.services.matching.facts import PersonFacts, VacancyFacts, language_rank, licences
from portal.services.matching.queries import (
    CandidateFilters,
    candidates_query,
    ceiling_below_minor_group,
    vacancies_query,
)

log = logging.getLogger(__name__)

__all__ = [
    "Assessment",
    "Candidate",
    "CandidateFilters",
    "Kind",
    "Reason",
    "Recommendation",
    "candidates_for",
    "eligible_person_ids",
    "person_facts",
    "recommended_for",
    "vacancy_facts",
]


def vacancy_facts(vacancy: Vacancy) -> VacancyFacts:
    return VacancyFacts(
        vacancy_id=vacancy.id,
        occupation_code=vacancy.occupation_code,
        places=tuple(vacancy.municipality_codes),
        remote_allowed=vacancy.remote in (RemoteWork.HYBRID, RemoteWork.REMOTE),
        working_time=vacancy.working_time.value,
        contract=vacancy.contract.value,
        start_date=vacancy.start_date,
        wage_min=vacancy.wage_min,
        wage_max=vacancy.wage_max,
        education_level=vacancy.education_level,
        licences=licences(vacancy.driving_licence),
        languages=tuple((row.language, row.level) for row in vacancy.languages),
    )


def person_facts(profile: JobseekerProfile) -> PersonFacts:
    return PersonFacts(
        profile_id=profile.id,
        person_id=profile.person_id,
        occupations=tuple(profile.occupation_codes),
        history=tuple(row.isco_code for row in profile.employments),
        home=profile.home_municipality,
        preferred=tuple(profile.municipality_codes),
        remote=profile.remote,
        languages={row.code: language_rank(row.level) for row in profile.languages},
        working_time=profile.working_time.value,
        contracts=profile.contracts,
        available_from=profile.available_from,
        wage_expectation=profile.wage_expectation,
        licences=licences(profile.driving_licence),
        education_level=profile.education_level,
    )


def _checked(assessment: Assessment, sql_score: int, what: str) -> Assessment:
    if assessment.score != sql_score:  # the two statements of the rules disagree: a bug
        log.error("matching: %s scored %s in SQL but %s in Python", what, sql_score, assessment.score)
    return assessment


# --- jobseekers for a vacancy (the back office) --------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    person: Person
    profile: JobseekerProfile
    registered_on: dt.date | None
    assessment: Assessment
    standing: ListStanding | None = None  # the list order, where the profile ranks by it

    @property
    def receives_social_assistance(self) -> bool:
        return self.profile.social_assistance_category is not None


def candidates_for(
    vacancy: Vacancy, filters: CandidateFilters | None = None, *, limit: int = 50, offset: int = 0
) -> list[Candidate]:
    """Active jobseekers for a vacancy, best first, each with the reasons of its score.

    Left out: people not registered as jobseekers, who opted out of being proposed, or whom the
    offers module excludes (an open offer for this vacancy, a refusal of it).
    """
    profile = current_profile()
    facts = vacancy_facts(vacancy)
    counties = places.counties_around(profile.code, facts.places)
    today = profile.today()
    filters = filters or CandidateFilters()
    filters = CandidateFilters(
        municipality=filters.municipality,
        social_assistance_first=filters.social_assistance_first,
        excluded_person_ids=exclusions.people_for_vacancy(vacancy.id, any_offer=filters.not_offered),
        not_offered=filters.not_offered,
        risk_level=filters.risk_level,
    )

    def ranked_by(wide: bool) -> list[Any]:
        query = candidates_query(
            facts,
            counties=counties,
            today=today,
            weights=profile.matching,
            filters=filters,
            limit=limit,
            offset=offset,
            wide=wide,
        )
        return list(db.session.execute(query).all())

    # The minor group first (a few times fewer rows); the whole sub-major group only when a match
    # there could still enter the page (`ceiling_below_minor_group`). The order is the same.
    narrow_first = offset == 0 and not filters.social_assistance_first
    ranked = ranked_by(wide=False) if narrow_first else []
    if (
        not narrow_first
        or len(ranked) < limit
        or ranked[-1].score <= ceiling_below_minor_group(profile.matching)
    ):
        ranked = ranked_by(wide=True)
    ids = [row.id for row in ranked]
    profiles = {
        row.id: row
        for row in db.session.scalars(
            select(JobseekerProfile)
            .where(JobseekerProfile.id.in_(ids))
            .options(
                selectinload(JobseekerProfile.occupations),
                selectinload(JobseekerProfile.places),
                selectinload(JobseekerProfile.languages),
                selectinload(JobseekerProfile.employments),
            )
        )
    }
    person_ids = [row.person_id for row in ranked]
    people = {row.id: row for row in db.session.scalars(select(Person).where(Person.id.in_(person_ids)))}
    registered: dict[int, dt.date | None] = {
        person_id: day
        for person_id, day in db.session.execute(
            select(Registration.person_id, Registration.registered_on).where(
                Registration.person_id.in_(person_ids), Registration.state == RegistrationState.REGISTERED
            )
        )
    }
    standings = (
        {
            row.person_id: row
            for row in db.session.scalars(select(ListStanding).where(ListStanding.person_id.in_(person_ids)))
        }
        if profile.matching.tie_break == "list_order"
        else {}
    )
    found = []
    for row in ranked:
        record = profiles[row.id]
        result = assess(person_facts(record), facts, counties=counties, today=today, weights=profile.matching)
        found.append(
            Candidate(
                person=people[row.person_id],
                profile=record,
                registered_on=registered.get(row.person_id),
                assessment=_checked(result, row.score, f"profile {row.id} for vacancy {vacancy.id}"),
                standing=standings.get(row.person_id),
            )
        )
    return found


def eligible_person_ids(vacancy: Vacancy, person_ids: Sequence[int]) -> list[int]:
    """Those of `person_ids` that matching could list for the vacancy (whatever their rank)."""
    query = (
        select(JobseekerProfile.person_id)
        .join(Registration, Registration.person_id == JobseekerProfile.person_id)
        .where(
            JobseekerProfile.person_id.in_(person_ids),
            JobseekerProfile.proposals_opt_out.is_(False),
            Registration.state == RegistrationState.REGISTERED,
        )
    )
    excluded = exclusions.people_for_vacancy(vacancy.id)
    if excluded is not None:
        query = query.where(JobseekerProfile.person_id.not_in(excluded))
    return list(db.session.scalars(query.order_by(JobseekerProfile.person_id)))


# --- vacancies for a jobseeker -------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    vacancy: Vacancy
    assessment: Assessment


def _profile(person_id: int) -> JobseekerProfile | None:
    return db.session.scalar(
        select(JobseekerProfile)
        .where(JobseekerProfile.person_id == person_id)
        .options(
            selectinload(JobseekerProfile.occupations),
            selectinload(JobseekerProfile.places),
            selectinload(JobseekerProfile.languages),
            selectinload(JobseekerProfile.employments),
        )
    )


def recommendations_query(
    record: JobseekerProfile, limit: int = 20, *, wide: bool = True
) -> Select[tuple[int, int]]:
    profile = current_profile()
    facts = person_facts(record)
    county = tuple(places.counties_around(profile.code, (facts.home,))) if facts.home else ()
    return vacancies_query(
        facts,
        county=county,
        today=profile.today(),
        weights=profile.matching,
        excluded_vacancy_ids=exclusions.vacancies_for_person(record.person_id),
        limit=limit,
        wide=wide,
    )


def recommended_for(person_id: int, limit: int = 20) -> list[Recommendation]:
    """Published vacancies for the person, best first; none already offered to them or refused."""
    record = _profile(person_id)
    if record is None or (not record.occupations and not record.employments):
        return []
    profile = current_profile()
    facts = person_facts(record)
    ranked = db.session.execute(recommendations_query(record, limit, wide=False)).all()
    if len(ranked) < limit or ranked[-1].score <= ceiling_below_minor_group(profile.matching):
        ranked = db.session.execute(recommendations_query(record, limit)).all()
    vacancies = {
        row.id: row
        for row in db.session.scalars(
            select(Vacancy)
            .where(Vacancy.id.in_([row.id for row in ranked]), Vacancy.state == VacancyState.PUBLISHED)
            .options(
                selectinload(Vacancy.places), selectinload(Vacancy.languages), joinedload(Vacancy.company)
            )
        )
    }
    found = []
    for row in ranked:
        vacancy = vacancies.get(row.id)
        if vacancy is None:  # closed between the two statements
            continue
        own = vacancy_facts(vacancy)
        counties = places.counties_around(profile.code, own.places)
        result = assess(facts, own, counties=counties, today=profile.today(), weights=profile.matching)
        found.append(
            Recommendation(vacancy, _checked(result, row.score, f"vacancy {row.id} for profile {record.id}"))
        )
    return found
