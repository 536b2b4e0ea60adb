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
from portal.models import JobseekerProfile, Registration, RegistrationState
from portal.models.vacancy import RemoteWork, Vacancy, VacancyState
from portal.profiles import current_profile
from portal.services.matching import exclusions, places
from portal.services.matching.assess import Assessment, Kind, Reason, assess
from portal.services.matching.facts import PersonFacts, VacancyFacts, language_rank, licences
from portal.services.matching.queries import (
    CandidateFilters,
    candidates_query,
    ceiling_below_minor_group,
    vacancies_statement,
)
from portal.services.matching.records import Named, Standing, records

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
    person: Named  # id and name, read with the record (records.py), not an ORM Person
    profile_id: int
    social_assistance_category: str | None
    registered_on: dt.date | None
    assessment: Assessment
    standing: Standing | None = None  # the list order, where the profile ranks by it

    @property
    def receives_social_assistance(self) -> bool:
        return self.social_assistance_category is not None


def candidates_for(
    vacancy: Vacancy, filters: CandidateFilters | None = None, *, limit: int = 50, offset: int = 0
) -> list[Candidate]:
    """Active jobseekers for a vacancy, best first, each with the reasons of its score.

    Left out: people not registered as jobseekers, who opted out of being proposed, or whom the
    offers module excludes (an open offer for this vacancy, a refusal of it).

    Three statements whatever the page's size: the ranking (ids and scores of the page only, or
    two when the sub-major group must be read too), the page's records, their rows.
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
    found_records = records(
        JobseekerProfile.id.in_([row.id for row in ranked]),
        list_order=profile.matching.tie_break == "list_order",
    )
    found = []
    for row in ranked:
        record = found_records[row.id]
        result = assess(record.facts, facts, counties=counties, today=today, weights=profile.matching)
        found.append(
            Candidate(
                person=record.person,
                profile_id=row.id,
                social_assistance_category=record.social_assistance_category,
                registered_on=record.registered_on,
                assessment=_checked(result, row.score, f"profile {row.id} for vacancy {vacancy.id}"),
                standing=record.standing,
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


def _facts_of_person(person_id: int) -> PersonFacts | None:
    found = records(JobseekerProfile.person_id == person_id)
    return next(iter(found.values())).facts if found else None


def recommendations_statement(
    facts: PersonFacts, limit: int = 20, *, wide: bool = True, at_least: int | None = None
) -> tuple[Select[tuple[int, int, dt.datetime | None]], dict[str, Any]]:
    """The ranking statement for the person (kept per shape of person) and its values."""
    profile = current_profile()
    county = tuple(places.counties_around(profile.code, (facts.home,))) if facts.home else ()
    return vacancies_statement(
        facts,
        county=county,
        today=profile.today(),
        weights=profile.matching,
        exclude_offered=True,
        limit=limit,
        wide=wide,
        at_least=at_least,
    )


def recommended_for(person_id: int, limit: int = 20) -> list[Recommendation]:
    """Published vacancies for the person, best first; none already offered to them or refused."""
    facts = _facts_of_person(person_id)
    if facts is None or (not facts.occupations and not facts.history):
        return []
    profile = current_profile()
    ranked = db.session.execute(*recommendations_statement(facts, limit, wide=False)).all()
    if len(ranked) < limit or ranked[-1].score <= ceiling_below_minor_group(profile.matching):
        # The page's last score so far is a floor for the wider statement's page.
        floor = ranked[-1].score if len(ranked) == limit else None
        ranked = db.session.execute(*recommendations_statement(facts, limit, at_least=floor)).all()
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
            Recommendation(
                vacancy, _checked(result, row.score, f"vacancy {row.id} for profile {facts.profile_id}")
            )
        )
    return found
