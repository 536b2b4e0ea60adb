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

from sqlalchemy import Integer, bindparam, literal_column, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from portal.extensions import db
from portal.models import (
    AuditTag,
    DecisionKind,
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
from portal.profiles.base import CountryProfile
from portal.services import audit, decisions, inbox

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


def person_of(request: TrainingRequest) -> Person:
    return request.person
