"""Jobseekers for a vacancy (the back office): the ranking in SQL (`queries`), then the page's
records (`records.py`), each explained in Python (`assess.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from portal.extensions import db
from portal.models import JobseekerProfile, Registration, RegistrationState
from portal.models.vacancy import Vacancy
from portal.profiles import current_profile
from portal.services.matching import exclusions, places
from portal.services.matching.assess import Assessment, assess
from portal.services.matching.queries import CandidateFilters, candidates_query, ceiling_below_minor_group
from portal.services.matching.record_facts import checked, vacancy_facts
from portal.services.matching.records import Named, Standing, records


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
                assessment=checked(result, row.score, f"profile {row.id} for vacancy {vacancy.id}"),
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
