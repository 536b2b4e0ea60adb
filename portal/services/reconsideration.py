"""The person's request to reconsider their risk level, and the counsellor's written answer."""

from __future__ import annotations

from sqlalchemy import Integer, bindparam, literal_column, select

from portal.extensions import db
from portal.models import (
    AuditTag,
    JobseekerCase,
    Person,
    RiskAssessment,
    RiskLevel,
    RiskReconsideration,
    StaffMember,
)
from portal.models.base import utcnow
from portal.services import audit, inbox
from portal.services.profiling import NoAssessment, apply_level, latest, latest_id_of

REASON_MAX = 2000
RISK_ANSWER = "risk_answer"  # inbox message kind


class AlreadyOpen(Exception):
    """The person already asked for reconsideration and waits for the answer."""


class AlreadyAnswered(Exception):
    pass


# Built once: the risk profile pages read them on every view.
_OPEN = select(RiskReconsideration).where(
    RiskReconsideration.person_id == bindparam("person_id"), RiskReconsideration.answered_at.is_(None)
)
_NEWEST_FIRST = RiskReconsideration.requested_at.desc()
_ALL = (
    select(RiskReconsideration)
    .where(RiskReconsideration.person_id == bindparam("person_id"))
    .order_by(_NEWEST_FIRST)
)
# The jobseeker's risk page in one statement: `latest`'s assessment, `requests_of` and the
# navigation's unread count, each request joined to a one-row FROM with the assessment, so that the
# count and the assessment are read when the person has no request too.
_PERSON = bindparam("person_id", type_=Integer)
_PAGE = (
    select(RiskAssessment, RiskReconsideration, inbox.unread_count_of(_PERSON))
    .select_from(select(literal_column("1").label("one")).subquery("one"))
    .outerjoin(RiskAssessment, RiskAssessment.id == latest_id_of(_PERSON))
    .outerjoin(RiskReconsideration, RiskReconsideration.person_id == _PERSON)
    .order_by(_NEWEST_FIRST)
)


def open_request(person_id: int) -> RiskReconsideration | None:
    return db.session.scalar(_OPEN, {"person_id": person_id})


def requests_of(person_id: int) -> list[RiskReconsideration]:
    return list(db.session.scalars(_ALL, {"person_id": person_id}))


def page_of(person_id: int) -> tuple[RiskAssessment | None, list[RiskReconsideration], int]:
    """`latest(person_id)`, `requests_of(person_id)` and the person's unread messages, read at once."""
    rows = db.session.execute(_PAGE, {"person_id": person_id}).all()
    return rows[0][0], [row[1] for row in rows if row[1] is not None], rows[0][2]


def open_among(requests: list[RiskReconsideration]) -> RiskReconsideration | None:
    """The open one of a person's `requests_of` (a person has at most one: `AlreadyOpen`)."""
    return next((row for row in requests if row.answered_at is None), None)


def request_reconsideration(person_id: int, reason: str) -> RiskReconsideration:
    with db.write() as session:
        assessment = latest(person_id, session)
        if assessment is None:
            raise NoAssessment
        if session.scalar(
            select(RiskReconsideration.id).where(
                RiskReconsideration.person_id == person_id, RiskReconsideration.answered_at.is_(None)
            )
        ):
            raise AlreadyOpen
        row = RiskReconsideration(person_id=person_id, assessment_id=assessment.id, reason=reason)
        session.add(row)
        session.flush()
        audit.record(
            session,
            AuditTag.RISK_RECONSIDER_REQUEST,
            actor_role="jobseeker",
            purpose="reconsideration of the risk level asked",
            actor_person_id=person_id,
            subject_person_id=person_id,
            details={"request": row.id, "assessment": assessment.id},
        )
        return row


def answer_reconsideration(
    request_id_: int, *, answer: str, level: RiskLevel, actor: StaffMember, request_id: str | None
) -> RiskReconsideration:
    """The written answer; a changed level becomes the counsellor's override with the answer as
    its reason. The person finds the answer in their inbox."""
    with db.write() as session:
        row = session.get(RiskReconsideration, request_id_, with_for_update=True)
        if row is None:
            raise NoAssessment
        if row.answered_at is not None:
            raise AlreadyAnswered
        assessment = latest(row.person_id, session)
        row.answer, row.new_level = answer, level
        row.answered_at, row.answered_by_person_id = utcnow(), actor.person_id
        if assessment is not None and (assessment.level is None or assessment.current_level != level):
            reason = answer if level != assessment.computed_level else None
            apply_level(session, assessment, level, reason, actor)
        message = inbox.deliver(session, person_id=row.person_id, kind=RISK_ANSWER)
        audit.record(
            session,
            AuditTag.RISK_RECONSIDER_ANSWER,
            actor_role=actor.role.value,
            purpose="reconsideration of the risk level answered",
            actor_person_id=actor.person_id,
            subject_person_id=row.person_id,
            request_id=request_id,
            details={"request": row.id, "level": level.value},
        )
        message_id = message.id
    inbox.notify_after_commit([message_id])
    return row


def open_requests(office: str) -> list[tuple[RiskReconsideration, JobseekerCase, Person]]:
    """The office's unanswered requests, oldest first (the counsellors' queue)."""
    rows = db.session.execute(
        select(RiskReconsideration, JobseekerCase, Person)
        .join(JobseekerCase, JobseekerCase.person_id == RiskReconsideration.person_id)
        .join(Person, Person.id == RiskReconsideration.person_id)
        .where(RiskReconsideration.answered_at.is_(None), JobseekerCase.office == office)
        .order_by(RiskReconsideration.requested_at)
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]
