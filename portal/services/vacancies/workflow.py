"""A vacancy's way through its states: submitted by a representative with the sole right (asked of
the business register again, at that moment), checked and published or returned by a counsellor,
closed by the company, expired by the daily job, reported by anyone."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models.base import utcnow
from portal.models.vacancy import (
    ActorRole,
    ClosureReason,
    Vacancy,
    VacancyReport,
    VacancyState,
)
from portal.profiles import current_profile
from portal.services.vacancies import messages, rules
from portal.services.vacancies.base import (
    SYSTEM,
    Actor,
    NotAllowed,
    NotFound,
    WrongState,
    change_state,
    record_change,
)
from portal.services.vacancies.editing import load_for
from portal.services.vacancies.publishing import confirm_sole_right, send_to_check

log = logging.getLogger(__name__)
REPORT_MAX = 2000


def submit(actor: Actor, vacancy_id: int, version: int) -> VacancyState:
    """The employer asks for publication. Returns the state it reached (submitted or published)."""
    confirm_sole_right(actor)
    with db.write() as session:
        vacancy = load_for(session, actor, vacancy_id)
        if vacancy.version != version or vacancy.state != VacancyState.DRAFT:
            raise WrongState(f"vacancy {vacancy_id}")
        send_to_check(session, vacancy, actor)
        return vacancy.state


def publish(actor: Actor, vacancy_id: int) -> None:
    """The counsellor's check passed: publish a submitted (or own-drafted) vacancy, or mark a
    published one as checked. Open reports about it are handled with it."""
    if not actor.is_staff:
        raise NotAllowed("only counsellors check vacancies")
    with db.write() as session:
        vacancy = load_for(session, actor, vacancy_id)
        now = utcnow()
        if vacancy.state == VacancyState.PUBLISHED:
            if not vacancy.needs_check and not _open_reports(session, vacancy.id):
                raise WrongState(f"vacancy {vacancy_id} has nothing to check")
            vacancy.needs_check = False
            record_change(session, vacancy, vacancy.state, actor, reason="checked", now=now)
        elif vacancy.state in (VacancyState.SUBMITTED, VacancyState.DRAFT):
            if vacancy.deadline < current_profile().today():
                raise WrongState(f"vacancy {vacancy_id} is past its deadline")
            vacancy.check_flags = rules.check_flags(session, vacancy, current_profile())
            change_state(session, vacancy, VacancyState.PUBLISHED, actor, reason="checked", now=now)
            messages.add(session, vacancy, "vacancy_published")
        else:
            raise WrongState(f"vacancy {vacancy_id} is {vacancy.state}")
        _handle_reports(session, vacancy.id, actor, now)


def return_to_employer(actor: Actor, vacancy_id: int, reason: str) -> None:
    """The check did not pass: back to a draft the company can correct, with the reason."""
    if not actor.is_staff:
        raise NotAllowed("only counsellors check vacancies")
    with db.write() as session:
        vacancy = load_for(session, actor, vacancy_id)
        if vacancy.state not in (VacancyState.SUBMITTED, VacancyState.PUBLISHED):
            raise WrongState(f"vacancy {vacancy_id} is {vacancy.state}")
        now = utcnow()
        change_state(session, vacancy, VacancyState.DRAFT, actor, reason=reason, now=now)
        _handle_reports(session, vacancy.id, actor, now)
        messages.add(session, vacancy, "vacancy_returned", reason=reason)


def close(actor: Actor, vacancy_id: int, version: int, reason: ClosureReason) -> None:
    """The company closes its vacancy: filled, or withdrawn. A draft may be withdrawn by any
    representative; anything public needs the sole right (asked of the register again)."""
    if reason == ClosureReason.EXPIRED:
        raise WrongState("expiry is the daily job's")
    seen = _state_of(actor, vacancy_id)
    if seen != VacancyState.DRAFT:
        confirm_sole_right(actor)  # before the transaction: no write lock held over an X-Road call
    with db.write() as session:
        vacancy = load_for(session, actor, vacancy_id)
        if vacancy.version != version or vacancy.state != seen:
            raise WrongState(f"vacancy {vacancy_id} changed")
        vacancy.closure_reason = reason
        change_state(session, vacancy, VacancyState.CLOSED, actor, reason=reason.value)


def expire_past_deadline(today: dt.date | None = None) -> list[int]:
    """The daily job: close every published vacancy whose deadline has passed, and tell the company.
    Idempotent (a second run finds nothing); returns the ids closed."""
    today = today or current_profile().today()
    with db.write() as session:
        due = list(
            session.scalars(
                select(Vacancy)
                .where(Vacancy.state == VacancyState.PUBLISHED, Vacancy.deadline < today)
                .order_by(Vacancy.id)
            )
        )
        for vacancy in due:
            vacancy.closure_reason = ClosureReason.EXPIRED
            change_state(session, vacancy, VacancyState.CLOSED, SYSTEM, reason=ClosureReason.EXPIRED.value)
            messages.add(session, vacancy, "vacancy_expired")
        closed = [vacancy.id for vacancy in due]
    if closed:
        log.info("expired %d vacancies past their deadline", len(closed))
        messages.notify_after_commit()
    return closed


def report(vacancy_id: int, reason: str) -> None:
    """Anyone's "report this vacancy": into the check queue (published vacancies only)."""
    with db.write() as session:
        vacancy = session.get(Vacancy, vacancy_id)
        if vacancy is None or vacancy.state != VacancyState.PUBLISHED:
            raise NotFound(str(vacancy_id))
        session.add(VacancyReport(vacancy_id=vacancy_id, reason=reason[:REPORT_MAX]))
        vacancy.needs_check = True


def _state_of(actor: Actor, vacancy_id: int) -> VacancyState:
    vacancy = db.session.scalar(
        select(Vacancy).where(
            Vacancy.id == vacancy_id,
            *([Vacancy.employer_code == actor.employer_code] if actor.role == ActorRole.EMPLOYER else []),
        )
    )
    if vacancy is None:
        raise NotFound(str(vacancy_id))
    state = vacancy.state
    if db.session().in_transaction():
        db.session.commit()
    return state


def _open_reports(session: Session, vacancy_id: int) -> bool:
    return (
        session.scalar(
            select(VacancyReport.id)
            .where(VacancyReport.vacancy_id == vacancy_id, VacancyReport.handled_at.is_(None))
            .limit(1)
        )
        is not None
    )


def _handle_reports(session: Session, vacancy_id: int, actor: Actor, now: dt.datetime) -> None:
    session.execute(
        update(VacancyReport)
        .where(VacancyReport.vacancy_id == vacancy_id, VacancyReport.handled_at.is_(None))
        .values(handled_at=now, handled_by_person_id=actor.person_id)
        .execution_options(synchronize_session=False)
    )
