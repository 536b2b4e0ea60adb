"""Every reason matching states is true of the records, and the SQL score is the stated one.

On a generated population (the benchmark's generator, small), for candidates of several vacancies
and recommendations of several people: each reason is checked against the rows read again from
the database, and each score equals the sum of its reasons' points and the database's score.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.extensions import db
from portal.models import JobseekerProfile
from portal.models.vacancy import RemoteWork, Vacancy, VacancyState
from portal.services import matching
from portal.services.matching import Kind, places
from portal.services.matching.facts import CEFR_RANK, licences
from portal.services.matching.loading import load
from portal.services.matching.queries import candidates_query
from portal.services.matching.reasons import describe

TODAY = dt.date(2026, 12, 3)


@pytest.fixture
def population(app):
    with app.test_request_context():
        load("EE", 400, 400, seed=7, today=TODAY)
        yield app


def check(reason, profile: JobseekerProfile, vacancy: Vacancy, today: dt.date) -> None:
    """`today` is the country's date the service ranked with (Tallinn's, not the machine's)."""
    k, mine, theirs = reason.kind, reason.person_value, reason.vacancy_value
    own = set(profile.occupation_codes)
    job = vacancy.occupation_code
    spoken = {row.code: row.level for row in profile.languages}
    asked = dict((row.language, row.level) for row in vacancy.languages)
    if k is Kind.SAME_UNIT_GROUP:
        assert mine == theirs == job and job in own
    elif k is Kind.SAME_MINOR_GROUP:
        assert mine in own and theirs == job and mine[:3] == job[:3] and job not in own
    elif k is Kind.SAME_SUB_MAJOR_GROUP:
        assert mine in own and mine[:2] == job[:2] and not any(c[:3] == job[:3] for c in own)
    elif k is Kind.HISTORY_RELATED:
        assert mine in {row.isco_code for row in profile.employments} and mine[:3] == job[:3]
        assert not any(c[:2] == job[:2] for c in own)
    elif k is Kind.HOME_MUNICIPALITY:
        assert mine == profile.home_municipality and mine in vacancy.municipality_codes
    elif k is Kind.HOME_COUNTY:
        assert mine == profile.home_municipality and theirs in vacancy.municipality_codes
        assert places.county_of("EE", mine) == places.county_of("EE", theirs) == reason.subject
        assert mine not in vacancy.municipality_codes
    elif k is Kind.PREFERRED_PLACE:
        assert mine in profile.municipality_codes and mine in vacancy.municipality_codes
    elif k is Kind.REMOTE:
        assert profile.remote and vacancy.remote in (RemoteWork.HYBRID, RemoteWork.REMOTE)
    elif k is Kind.EDUCATION_MET:
        assert mine == profile.education_level >= vacancy.education_level == theirs
    elif k is Kind.EDUCATION_MISSING:
        assert mine == profile.education_level < vacancy.education_level == theirs
    elif k is Kind.LANGUAGE_MET:
        assert spoken[reason.subject] == mine and asked[reason.subject] == theirs
        assert CEFR_RANK[mine] >= CEFR_RANK[theirs]
    elif k is Kind.LANGUAGE_UNKNOWN:
        assert spoken[reason.subject] is None and asked[reason.subject] == theirs
    elif k is Kind.LANGUAGE_MISSING:
        assert asked[reason.subject] == theirs
        assert (mine is None and reason.subject not in spoken) or CEFR_RANK[
            spoken[reason.subject]
        ] < CEFR_RANK[theirs]
    elif k is Kind.LANGUAGES_MET:
        assert asked and all(
            spoken.get(code) and CEFR_RANK[spoken[code]] >= CEFR_RANK[level] for code, level in asked.items()
        )
    elif k is Kind.LICENCE_MET:
        assert licences(vacancy.driving_licence) <= licences(profile.driving_licence)
    elif k is Kind.LICENCE_MISSING:
        assert not licences(vacancy.driving_licence) <= licences(profile.driving_licence)
    elif k is Kind.WORKING_TIME_MET:
        assert mine == profile.working_time.value and theirs == vacancy.working_time.value
        assert mine in ("any", theirs)
    elif k is Kind.WORKING_TIME_MISSING:
        assert mine == profile.working_time.value not in ("any", vacancy.working_time.value)
    elif k is Kind.CONTRACT_MET:
        assert mine == profile.contracts and theirs == vacancy.contract.value
        assert getattr(profile, f"contract_{theirs}") is True and theirs in mine
    elif k is Kind.CONTRACT_MISSING:
        assert mine == profile.contracts and theirs == vacancy.contract.value
        assert getattr(profile, f"contract_{theirs}") is False and theirs not in mine
    elif k in (Kind.AVAILABLE_MET, Kind.AVAILABLE_LATE):
        assert mine == profile.available_from and theirs == vacancy.start_date
        on_time = mine is None or mine <= (theirs or today)
        assert on_time is (k is Kind.AVAILABLE_MET)
    elif k in (Kind.WAGE_MET, Kind.WAGE_ABOVE):
        assert mine == profile.wage_expectation and theirs == (vacancy.wage_min, vacancy.wage_max)
        assert (mine <= vacancy.wage_max) is (k is Kind.WAGE_MET)
    else:
        raise AssertionError(f"no check for {k}")
    for language in ("en", "et", "ru", "sq", "sr"):
        with force_locale(language):
            assert describe(reason, profile_code="EE", language=language).strip()


def _fresh(model, row_id):
    db.session.expire_all()
    return db.session.get(model, row_id)


def test_every_candidate_reason_is_true_and_scores_agree(population, caplog):
    profile = population.extensions["profile"]
    vacancy_ids = db.session.scalars(select(Vacancy.id).order_by(Vacancy.id).limit(12)).all()
    checked = 0
    for vacancy_id in vacancy_ids:
        vacancy = _fresh(Vacancy, vacancy_id)
        found = matching.candidates_for(vacancy)
        facts = matching.vacancy_facts(vacancy)
        counties = places.counties_around("EE", facts.places)
        rows = db.session.execute(
            candidates_query(facts, counties=counties, today=profile.today(), weights=profile.matching)
        ).all()
        assert [row.score for row in rows] == [c.assessment.score for c in found]
        assert [c.assessment.score for c in found] == sorted(
            (c.assessment.score for c in found), reverse=True
        )
        for candidate in found:
            assert candidate.assessment.score == sum(r.points for r in candidate.assessment.reasons)
            record = db.session.get(JobseekerProfile, candidate.profile_id)
            for reason in candidate.assessment.reasons:
                check(reason, record, vacancy, profile.today())
                checked += 1
    assert checked > 300  # the population gives every vacancy candidates
    assert not [r for r in caplog.records if r.getMessage().startswith("matching:")]


def test_every_recommendation_reason_is_true_and_scores_agree(population, caplog):
    profile = population.extensions["profile"]
    person_ids = db.session.scalars(
        select(JobseekerProfile.person_id).order_by(JobseekerProfile.id).limit(12)
    ).all()
    checked = 0
    for person_id in person_ids:
        found = matching.recommended_for(person_id)
        record = db.session.scalar(select(JobseekerProfile).where(JobseekerProfile.person_id == person_id))
        assert [r.assessment.score for r in found] == sorted(
            (r.assessment.score for r in found), reverse=True
        )
        for recommendation in found:
            assert recommendation.vacancy.state is VacancyState.PUBLISHED
            assert recommendation.assessment.score == sum(r.points for r in recommendation.assessment.reasons)
            for reason in recommendation.assessment.reasons:
                check(reason, record, recommendation.vacancy, profile.today())
                checked += 1
    assert checked > 100
    # The service compares each SQL score with the Python one and logs a disagreement.
    assert not [r for r in caplog.records if r.getMessage().startswith("matching:")]
