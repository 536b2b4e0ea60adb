"""A jobseeker asks to join a training; a counsellor approves or refuses.

Seats: an approval raises `training.seats_taken` with one conditional UPDATE
(`... WHERE seats_taken < seats_total AND state = 'published'`). On PostgreSQL a second
approval waits for the first's row lock and then re-reads the row, so it sees the seat taken; on
SQLite `db.write()` serialises writers (BEGIN IMMEDIATE). When no row is updated there is no seat
and the whole approval rolls back. A CHECK constraint (`seats_taken <= seats_total`) backs it.

The request itself moves out of "requested" by a conditional UPDATE too, so two counsellors
answering the same request at once answer it once.

The answer is a decision issued through the decisions service where the country profile says the
law needs one (`profile.trainings.decision_required`), otherwise an inbox message.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import NamedTuple

from sqlalchemy import Integer, bindparam, literal_column, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from portal.extensions import db
from portal.models import (
    AuditTag,
    DecisionKind,
    Measure,
    Person,
    Registration,
    RegistrationState,
    StaffMember,
    Training,
    TrainingRequest,
    TrainingRequestState,
    TrainingState,
)
from portal.models.base import utcnow
from portal.models.person import full_name
from portal.profiles.base import CountryProfile
from portal.services import audit, decisions, eligibility, inbox
from portal.services.core_rows import read_kept_named

ANSWER_MESSAGE = "training_answer"  # inbox message kind when no decision is needed


class NotOpen(Exception):
    """The training is not published (draft, closed, or not there)."""


class NoSeats(Exception):
    """Every seat is taken."""


class AlreadyRequested(Exception):
    """The person has an open request for this training."""


class NotRegistered(Exception):
    """Only a registered jobseeker may ask to join a training."""


class AlreadyDecided(Exception):
    """The request was answered or withdrawn meanwhile."""


class NoRegistration(Exception):
    """A decision needs the person's registration, and there is none."""


def _registered(session: Session, person_id: int) -> Registration | None:
    return session.scalar(
        select(Registration)
        .where(Registration.person_id == person_id, Registration.state == RegistrationState.REGISTERED)
        .order_by(Registration.id.desc())
        .limit(1)
    )


def open_request(person_id: int, training_id: int) -> TrainingRequest | None:
    return db.session.scalar(
        select(TrainingRequest).where(
            TrainingRequest.person_id == person_id,
            TrainingRequest.training_id == training_id,
            TrainingRequest.state.in_((TrainingRequestState.REQUESTED, TrainingRequestState.APPROVED)),
        )
    )


def ask_to_join(person_id: int, training_id: int, reason: str) -> TrainingRequest:
    try:
        with db.write() as session:
            training = session.get(Training, training_id)
            if training is None or training.state is not TrainingState.PUBLISHED:
                raise NotOpen
            if training.seats_free <= 0:
                raise NoSeats
            if _registered(session, person_id) is None:
                raise NotRegistered
            request = TrainingRequest(
                person_id=person_id,
                training_id=training_id,
                state=TrainingRequestState.REQUESTED,
                reason=reason,
            )
            session.add(request)
            session.flush()  # the partial unique index refuses a second open request here
            audit.record(
                session,
                AuditTag.TRAINING_REQUEST,
                actor_role="jobseeker",
                purpose="asked to join a training",
                actor_person_id=person_id,
                subject_person_id=person_id,
                details={"event": "training:request", "training": training_id, "request": request.id},
            )
            return request
    except IntegrityError:
        raise AlreadyRequested from None


def withdraw(person_id: int, request_id: int) -> TrainingRequest:
    """The person takes back a request still waiting for an answer."""
    with db.write() as session:
        now = utcnow()
        changed = session.execute(
            update(TrainingRequest)
            .where(
                TrainingRequest.id == request_id,
                TrainingRequest.person_id == person_id,
                TrainingRequest.state == TrainingRequestState.REQUESTED,
            )
            .values(state=TrainingRequestState.WITHDRAWN, withdrawn_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not changed:
            raise AlreadyDecided
        audit.record(
            session,
            AuditTag.TRAINING_WITHDRAW,
            actor_role="jobseeker",
            purpose="training request withdrawn",
            actor_person_id=person_id,
            subject_person_id=person_id,
            details={"event": "training:withdraw", "request": request_id},
        )
        request = session.get(TrainingRequest, request_id)
        session.refresh(request)
        return request


def _take_seat(session: Session, training_id: int) -> bool:
    return bool(
        session.execute(
            update(Training)
            .where(
                Training.id == training_id,
                Training.state == TrainingState.PUBLISHED,
                Training.seats_taken < Training.seats_total,
            )
            .values(seats_taken=Training.seats_taken + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
    )


def decide(
    request_id: int, *, staff: StaffMember, approve: bool, reason: str, profile: CountryProfile
) -> TrainingRequest:
    """Approve (taking a seat) or refuse a waiting request, and tell the person.

    Raises `AlreadyDecided`, `NoSeats` (approval only; nothing changes), `decisions.OwnCase`."""
    with decisions.issuing() as batch:
        session = batch.session
        request = session.get(TrainingRequest, request_id)
        if request is None:
            raise AlreadyDecided
        decisions.ensure_not_own_case(staff, request.person_id)
        now = utcnow()
        state = TrainingRequestState.APPROVED if approve else TrainingRequestState.REJECTED
        moved = session.execute(
            update(TrainingRequest)
            .where(TrainingRequest.id == request_id, TrainingRequest.state == TrainingRequestState.REQUESTED)
            .values(
                state=state,
                decision_reason=reason,
                decided_by_staff_id=staff.id,
                decided_at=now,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        if not moved:
            raise AlreadyDecided
        if approve and not _take_seat(session, request.training_id):
            raise NoSeats  # rolls back the request's change too
        session.refresh(request)
        training = session.get(Training, request.training_id)
        session.refresh(training)
        if profile.trainings.decision_required:
            registration = session.scalar(
                select(Registration)
                .where(Registration.person_id == request.person_id)
                .order_by(Registration.id.desc())
                .limit(1)
            )
            if registration is None:
                raise NoRegistration
            decision = batch.issue(
                registration=registration,
                kind=DecisionKind.TRAINING_APPROVED if approve else DecisionKind.TRAINING_REJECTED,
                legal_basis=profile.trainings.legal_basis,
                reasoning=f"{training.title} ({training.provider_name}, {training.starts_on.isoformat()} to "
                f"{training.ends_on.isoformat()})\n{reason}",
                issuer=decisions.Issuer.person(staff),
                facts={"training": training.id, "training_request": request.id},
            )
            request.decision_id = decision.id
        else:
            message = inbox.deliver(session, person_id=request.person_id, kind=ANSWER_MESSAGE)
            batch.after_commit(lambda: inbox.notify_after_commit([message.id]))
        audit.record(
            session,
            AuditTag.TRAINING_DECIDE,
            actor_role=staff.role.value,
            purpose=f"training request {'approved' if approve else 'refused'}",
            actor_person_id=staff.person_id,
            subject_person_id=request.person_id,
            details={"event": "training:decide", "request": request.id, "training": training.id},
        )
        return request


# Made once, the values bound per execution (statement construction cost as much CPU as the query).
_NEWEST_FIRST = (TrainingRequest.created_at.desc(), TrainingRequest.id.desc())
_OF_PERSON = (
    select(TrainingRequest)
    .options(joinedload(TrainingRequest.training))
    .where(TrainingRequest.person_id == bindparam("person_id"))
    .order_by(*_NEWEST_FIRST)
)
# `_OF_PERSON` and the navigation's unread count in one statement (the jobseeker's requests page):
# the count on a row of its own (a one-row FROM) that each request is joined to, so that it is read
# when the person has no request too.
_PERSON = bindparam("person_id", type_=Integer)
_PAGE = (
    select(TrainingRequest, inbox.unread_count_of(_PERSON))
    .select_from(select(literal_column("1").label("one")).subquery("one"))
    .outerjoin(TrainingRequest, TrainingRequest.person_id == _PERSON)
    .options(joinedload(TrainingRequest.training))
    .order_by(*_NEWEST_FIRST)
)


def requests_of(person_id: int) -> list[TrainingRequest]:
    """The person's requests, newest first, with their trainings (one query)."""
    return list(db.session.scalars(_OF_PERSON, {"person_id": person_id}))


def page_of(person_id: int) -> tuple[list[TrainingRequest], int]:
    """`requests_of(person_id)` and the person's unread messages, read at once."""
    found = db.session.execute(_PAGE, {"person_id": person_id}).all()
    return [request for request, _unread in found if request is not None], found[0][1]


# Built once: the loader options and the statement's cache key cost more to build than it to run.
_REQUEST = (
    select(TrainingRequest)
    .options(joinedload(TrainingRequest.training), joinedload(TrainingRequest.person))
    .where(TrainingRequest.id == bindparam("request_id"))
)


def get_request(request_id: int) -> TrainingRequest | None:
    return db.session.scalar(_REQUEST, {"request_id": request_id})


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


def person_of(request: TrainingRequest) -> Person:
    return request.person
