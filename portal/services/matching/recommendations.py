"""Vacancies for a jobseeker: the ranking in SQL (`queries`), minor groups first, and
`recommended_for`, which loads the vacancies as ORM objects (the bench, the tests). The pages show
`cards.py`'s cards, which keep this ranking for a while and read the vacancies as rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db
from portal.models.vacancy import Vacancy, VacancyState
from portal.profiles import current_profile
from portal.services.matching import places
from portal.services.matching.assess import Assessment, assess
from portal.services.matching.facts import PersonFacts
from portal.services.matching.queries import ceiling_below_minor_group, vacancies_statement
from portal.services.matching.record_facts import checked, facts_of_person, vacancy_facts


@dataclass(frozen=True)
class Recommendation:
    vacancy: Vacancy
    assessment: Assessment


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


def ranking(facts: PersonFacts, limit: int) -> list[Row[Any]]:
    """Ids and scores of the person's `limit` best published vacancies not offered to them nor
    refused: the minor groups first, the sub-major groups only when a match there could still
    enter the page (`ceiling_below_minor_group`). The order is the same as ranking them all."""
    profile = current_profile()
    ranked = db.session.execute(*recommendations_statement(facts, limit, wide=False)).all()
    if len(ranked) < limit or ranked[-1].score <= ceiling_below_minor_group(profile.matching):
        # The page's last score so far is a floor for the wider statement's page.
        floor = ranked[-1].score if len(ranked) == limit else None
        ranked = db.session.execute(*recommendations_statement(facts, limit, at_least=floor)).all()
    return list(ranked)


def recommended_for(person_id: int, limit: int = 20) -> list[Recommendation]:
    """Published vacancies for the person, best first; none already offered to them or refused.

    Ranked afresh on every call, the vacancies loaded as ORM objects (the bench and the tests);
    the pages show `recommended_cards`, which gives the same vacancies, scores and reasons."""
    facts = facts_of_person(person_id)
    if facts is None or (not facts.occupations and not facts.history):
        return []
    profile = current_profile()
    ranked = ranking(facts, limit)
    vacancies = {
        row.id: row
        for row in db.session.scalars(
            # By id only: the state is checked below (see `card_rows.card_statement`).
            select(Vacancy)
            .where(Vacancy.id.in_([row.id for row in ranked]))
            .options(
                selectinload(Vacancy.places), selectinload(Vacancy.languages), joinedload(Vacancy.company)
            )
        )
    }
    found = []
    for row in ranked:
        vacancy = vacancies.get(row.id)
        if vacancy is None or vacancy.state is not VacancyState.PUBLISHED:  # closed meanwhile
            continue
        own = vacancy_facts(vacancy)
        counties = places.counties_around(profile.code, own.places)
        result = assess(facts, own, counties=counties, today=profile.today(), weights=profile.matching)
        found.append(
            Recommendation(
                vacancy, checked(result, row.score, f"vacancy {row.id} for profile {facts.profile_id}")
            )
        )
    return found
