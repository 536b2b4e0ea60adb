"""What a case keeps from the registers at registration: pure, so the migration that opened cases
for existing registrations reads a snapshot exactly as registration does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from portal.models.register_snapshot import RegisterSnapshot


@dataclass(frozen=True)
class CaseFacts:
    municipality_code: str | None
    social_assistance: bool
    last_job_ended_on: dt.date | None


def case_facts(snapshot: RegisterSnapshot) -> CaseFacts:
    population = snapshot.section("population")
    employment = snapshot.section("employment")
    assistance = snapshot.section("social_assistance")
    ended = [
        job.end_date
        for job in (employment.values.employments if employment.ok and employment.values else ())
        if job.end_date is not None and not job.active
    ]
    return CaseFacts(
        municipality_code=population.values.municipality_code
        if population.ok and population.values
        else None,
        social_assistance=bool(assistance.ok and assistance.values and assistance.values.receiving),
        last_job_ended_on=max(ended, default=None),
    )


def facts_from_snapshot(data: dict[str, Any] | None) -> CaseFacts:
    return case_facts(RegisterSnapshot.from_json(data))
