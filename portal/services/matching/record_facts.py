"""The facts matching reads (`facts.py`) of a vacancy or a jobseeker as loaded: from ORM objects
(the back office, the bench, the tests) or from rows with the vacancy's column names (the cards);
and the check that the database's score and Python's agree.

Apart from the rankings because all three (`candidates.py`, `recommendations.py`, `cards.py`) read
facts the same way and check their scores the same way.
"""

from __future__ import annotations

import logging
from typing import Any

from portal.models import JobseekerProfile
from portal.models.vacancy import RemoteWork, Vacancy
from portal.services.matching.assess import Assessment
from portal.services.matching.facts import PersonFacts, VacancyFacts, language_rank, licences
from portal.services.matching.records import person_record

# The package's name, not this module's: the log kept the name it had before the package was split
# into modules, for whoever filters or alerts on it.
log = logging.getLogger("portal.services.matching")


def vacancy_facts(vacancy: Vacancy) -> VacancyFacts:
    return facts_of_row(
        vacancy,
        tuple(vacancy.municipality_codes),
        tuple((row.language, row.level) for row in vacancy.languages),
    )


def facts_of_row(
    vacancy: Any, places: tuple[str, ...], languages: tuple[tuple[str, str], ...]
) -> VacancyFacts:
    """The facts the ranking reads, from a Vacancy or from a row with the same column names (the
    recommended cards read rows, not objects)."""
    return VacancyFacts(
        vacancy_id=vacancy.id,
        occupation_code=vacancy.occupation_code,
        places=places,
        remote_allowed=vacancy.remote in (RemoteWork.HYBRID, RemoteWork.REMOTE),
        working_time=vacancy.working_time.value,
        contract=vacancy.contract.value,
        start_date=vacancy.start_date,
        wage_min=vacancy.wage_min,
        wage_max=vacancy.wage_max,
        education_level=vacancy.education_level,
        licences=licences(vacancy.driving_licence),
        languages=languages,
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


def facts_of_person(person_id: int) -> PersonFacts | None:
    found = person_record(person_id)
    return found.facts if found is not None else None


def checked(assessment: Assessment, sql_score: int, what: str) -> Assessment:
    if assessment.score != sql_score:  # the two statements of the rules disagree: a bug
        log.error("matching: %s scored %s in SQL but %s in Python", what, sql_score, assessment.score)
    return assessment
