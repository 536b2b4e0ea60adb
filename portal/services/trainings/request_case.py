"""The counsellor's case page of a training request, read as columns: the request, its person
and training, the person's eligibility facts and the active measures, in one statement
(`requests.py` keeps the requests' life: asking, withdrawing, deciding).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import NamedTuple

from sqlalchemy import bindparam, select

from portal.models import Measure, Person, Registration, Training, TrainingRequest, TrainingRequestState
from portal.models.person import full_name
from portal.services import eligibility
from portal.services.core_rows import read_kept_named

# The counsellor's view of a request, read as columns (no ORM objects): the request with what the
# page shows of its person and its training, what eligibility needs of the person (their latest
# registered registration's kind, start and social-assistance section, and their case's risk level)
# and every active measure (as `catalogue.measures(active_only=True)` lists them), a row per
# measure: one statement. The ORM's request, training and person (three objects of ~45 columns,
# identified, tracked and populated) cost more client CPU than the statement. The measures are
# LEFT JOINed on their own condition: with no active measure the request still gives its one row.
_R, _T, _P = TrainingRequest.__table__.c, Training.__table__.c, Person.__table__.c
_FOUND = (
    select(
        _R.id,
        _R.person_id,
        _R.state,
        _R.reason,
        _R.decision_reason,
        _R.created_at,
        _P.given_name,
        _P.family_name,
        _P.country,
        _P.national_code,
        _P.date_of_birth,
        _T.title,
        _T.provider_name,
        _T.starts_on,
        _T.ends_on,
        _T.hours,
        _T.municipality_code,
        _T.remote,
        _T.language,
        _T.isco_code,
        _T.certificate,
        _T.seats_total,
        _T.seats_taken,
        Registration.kind,
        Registration.registered_on,
        # The one section eligibility reads, taken out of the JSON by the database: the whole
        # answers are ~2 KB the page would receive and parse for nothing.
        Registration.register_data[("sections", "social_assistance")].label("social_assistance"),
        eligibility.risk_level_of(_R.person_id).label("risk_level"),
    )
    .select_from(TrainingRequest.__table__)
    .join(Training.__table__, _T.id == _R.training_id)
    .join(Person.__table__, _P.id == _R.person_id)
    .outerjoin(Registration, eligibility.registered_of(_R.person_id))
    .where(_R.id == bindparam("request_id"))
    # OFFSET 0: PostgreSQL keeps the subquery apart (not pulled up into the join with the
    # measures), so its JSON path and risk level are worked out once, not once per measure row.
    .offset(0)
    .subquery("found")
)
_CASE = (
    select(
        _FOUND,
        Measure.id.label("measure_id"),
        Measure.title.label("measure_title"),
        Measure.eligibility_key,
    )
    .outerjoin(Measure, Measure.active.is_(True))
    .order_by(Measure.kind, Measure.title)
)


class CasePerson(NamedTuple):
    """What the request's case page shows of its person (`found.person`), with their country (the
    audit event's pseudonym) and date of birth (eligibility)."""

    full_name: str
    country: str
    national_code: str
    date_of_birth: dt.date | None


class CaseTraining(NamedTuple):
    """What the request's case page shows of its training (`training`, `found.training`)."""

    title: str
    provider_name: str
    starts_on: dt.date
    ends_on: dt.date
    hours: int
    municipality_code: str | None
    remote: bool
    language: str
    isco_code: str | None
    certificate: str
    seats_total: int
    seats_taken: int

    @property
    def seats_free(self) -> int:
        return max(self.seats_total - self.seats_taken, 0)


class CaseRequest(NamedTuple):
    """The request as its case page reads it (`found`): `TrainingRequest`'s attributes the page and
    its audit event read, by the same names."""

    id: int
    person_id: int
    state: TrainingRequestState
    reason: str
    decision_reason: str | None
    created_at: dt.datetime
    person: CasePerson
    training: CaseTraining

    @property
    def is_pending(self) -> bool:
        return self.state == TrainingRequestState.REQUESTED


class MeasureRow(NamedTuple):
    """What the case shows of an active measure and assesses it by."""

    id: int
    title: str
    eligibility_key: str


def get_case(
    request_id: int, today: dt.date
) -> tuple[CaseRequest | None, eligibility.PersonFacts | None, list[MeasureRow]]:
    """The request (as `get_request`'s attributes the case page reads), its person's eligibility
    facts (as `facts_of`) and the active measures, in one statement of columns
    (`core_rows.read_kept_named`)."""
    rows = read_kept_named(_CASE, {"request_id": request_id})
    if not rows:
        return None, None, []
    row = rows[0]
    person = CasePerson(
        full_name(row.given_name, row.family_name), row.country, row.national_code, row.date_of_birth
    )
    found = CaseRequest(
        row.id,
        row.person_id,
        row.state,
        row.reason,
        row.decision_reason,
        row.created_at,
        person,
        CaseTraining(
            row.title,
            row.provider_name,
            row.starts_on,
            row.ends_on,
            row.hours,
            row.municipality_code,
            row.remote,
            row.language,
            row.isco_code,
            row.certificate,
            row.seats_total,
            row.seats_taken,
        ),
    )
    registration = (
        SimpleNamespace(
            kind=row.kind,
            registered_on=row.registered_on,
            register_data={"sections": {"social_assistance": row.social_assistance}}
            if row.social_assistance is not None
            else {},
        )
        if row.kind is not None
        else None
    )
    facts = eligibility.facts_from(person, registration, row.risk_level, today)
    measures = [
        MeasureRow(row.measure_id, row.measure_title, row.eligibility_key)
        for row in rows
        if row.measure_id is not None
    ]
    return found, facts, measures
