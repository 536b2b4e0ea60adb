"""Fraud and anomaly signals: things for a supervisor to look at, never a sanction by themselves.

Each signal keeps its evidence (the register, the X-Road message id, the dates compared) and a
`dedupe_key`, so that finding the same thing again the next night adds nothing. Detectors:

- worked while registered (`pay_while_registered`, per person in the nightly "pay" run): the tax
  register shows pay for months the person was registered as unemployed;
- the same phone number or e-mail address on the records of different persons (`shared_contacts`,
  in SQL; the portal keeps no bank accounts);
- a correction the person made that a later re-read of the register contradicts
  (`contradicted_correction`, from the nightly population check);
- a registration made while the population register showed no residence here (`residence_abroad`);
- many role switches to companies the person no longer represents (`role_switches`: the audit
  trail's switches, checked against the business register).

The supervisors' queue lists them (every view audited); a supervisor closes a signal as explained
or referred, with the reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from portal.extensions import db
from portal.integrations.xroad import CallContext, XRoadError
from portal.integrations.xroad.client import last_message_id
from portal.models import (
    AuditEvent,
    AuditTag,
    JobseekerProfile,
    Person,
    Registration,
    RegistrationKind,
    RegistrationState,
    Signal,
    SignalKind,
    SignalState,
    StaffMember,
)
from portal.models.base import utcnow
from portal.services import audit
from portal.services.paging import Page, page_count
from portal.services.xroad import registers

log = logging.getLogger(__name__)

PAGE_SIZE = 25
ROLE_SWITCH_WINDOW = dt.timedelta(days=90)


class AlreadyClosed(Exception):
    pass


def _digest(value: str) -> str:
    """The dedupe key names what was found without holding a contact detail in clear."""
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def raise_signal(
    session: Session,
    kind: SignalKind,
    *,
    person_id: int,
    key: str,
    evidence: dict[str, Any],
    registration_id: int | None = None,
) -> Signal | None:
    """Add a signal unless the same one (`kind:person:key`) exists; inside the caller's transaction."""
    dedupe_key = f"{kind.value}:{person_id}:{key}"[:200]
    if session.scalar(select(Signal.id).where(Signal.dedupe_key == dedupe_key)) is not None:
        return None
    signal = Signal(
        kind=kind,
        person_id=person_id,
        registration_id=registration_id,
        dedupe_key=dedupe_key,
        evidence=evidence,
    )
    try:
        with session.begin_nested():  # a concurrent detector may have added it a moment ago
            session.add(signal)
    except IntegrityError:
        return None
    return signal


# --- detectors ----------------------------------------------------------------------------------


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    month, months = start.replace(day=1), []
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def pay_while_registered(registration: Registration, today: dt.date) -> Signal | None:
    """Pay declared for a whole month the person was registered as unemployed (the months of the
    registration's start and end are not counted: pay for work before or after is normal there).
    The tax register is asked with no transaction open; the signal is written after."""
    if registration.kind is not RegistrationKind.UNEMPLOYED or registration.registered_on is None:
        return None
    end = registration.deregistered_on or today
    first = (registration.registered_on.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    last = end.replace(day=1) - dt.timedelta(days=1)
    if first > last:
        return None
    code = registration.person.national_code
    registration_id, person_id, registered_on = (
        registration.id,
        registration.person_id,
        registration.registered_on,
    )
    if db.session().in_transaction():
        db.session.commit()
    last_message_id.set(None)
    payroll = registers().employment.payroll(
        code,
        from_month=first,
        to_month=last,
        context=CallContext(purpose="nightly check of pay while registered", subject=code),
    )
    paid = sorted(
        {item.month for item in payroll.months if item.gross_wage > 0 and first <= item.month <= last}
    )
    if not paid:
        return None
    with db.write() as session:
        return raise_signal(
            session,
            SignalKind.WORKED_WHILE_REGISTERED,
            person_id=person_id,
            registration_id=registration_id,
            key=f"{registration_id}:{paid[0]:%Y-%m}",
            evidence={
                "register": "employment",
                "xroad_id": last_message_id.get(),
                "read_at": utcnow().isoformat(),
                "registered_on": registered_on.isoformat(),
                "months": [f"{month:%Y-%m}" for month in paid],
                "employers": sorted({item.employer_code for item in payroll.months if item.month in paid}),
            },
        )


def shared_contacts() -> int:
    """The same e-mail address or phone number on the records of different persons."""
    found = 0
    with db.write() as session:
        for column, what in ((JobseekerProfile.email, "email"), (JobseekerProfile.phone, "phone")):
            value = func.lower(column)
            shared = (
                select(value)
                .where(column.is_not(None), column != "")
                .group_by(value)
                .having(func.count(func.distinct(JobseekerProfile.person_id)) > 1)
            )
            rows = session.execute(
                select(value, JobseekerProfile.person_id).where(value.in_(shared)).order_by(value)
            ).all()
            groups: dict[str, list[int]] = {}
            for contact, person_id in rows:
                groups.setdefault(contact, []).append(person_id)
            for contact, people in groups.items():
                for person_id in people:
                    others = sorted(set(people) - {person_id})
                    if raise_signal(
                        session,
                        SignalKind.SHARED_CONTACT,
                        person_id=person_id,
                        key=f"{what}:{_digest(contact)}",
                        evidence={"what": what, "value": contact, "other_person_ids": others},
                    ):
                        found += 1
    return found


def residence_abroad() -> int:
    """Registrations in force made while the population register showed no residence here."""
    found = 0
    with db.write() as session:
        rows = session.execute(
            select(Registration)
            .where(Registration.state == RegistrationState.REGISTERED)
            .order_by(Registration.id)
            .execution_options(yield_per=1000)
        ).scalars()
        for registration in rows:
            section = registration.snapshot.population
            if section is None or not section.ok or section.values is None or section.values.address:
                continue
            if raise_signal(
                session,
                SignalKind.RESIDENCE_ABROAD,
                person_id=registration.person_id,
                registration_id=registration.id,
                key=str(registration.id),
                evidence={
                    "register": "population",
                    "xroad_id": section.xroad_id,
                    "read_at": section.read_at.isoformat() if section.read_at else None,
                    "registered_on": registration.registered_on.isoformat()
                    if registration.registered_on
                    else None,
                },
            ):
                found += 1
    return found


def role_switches(threshold: int, now: dt.datetime | None = None) -> int:
    """Persons who switched `threshold` times or more in the window to companies the business
    register no longer lists them as representing."""
    from portal.services.representation import companies_person_may_represent

    since = (now or utcnow()) - ROLE_SWITCH_WINDOW
    events = db.session.execute(
        select(AuditEvent.actor_person_id, AuditEvent.details)
        .where(AuditEvent.tag == AuditTag.AUTH_ROLE_SWITCH, AuditEvent.occurred_at >= since)
        .order_by(AuditEvent.actor_person_id)
    ).all()
    switches: dict[int, list[str]] = {}
    for person_id, details in events:
        company = (details or {}).get("company")
        if person_id is not None and company:
            switches.setdefault(person_id, []).append(company)
    found = 0
    for person_id, companies in switches.items():
        if len(companies) < threshold:
            continue
        person = db.session.get(Person, person_id)
        if person is None:
            continue
        last_message_id.set(None)
        try:
            current = {
                c.registry_code
                for c in companies_person_may_represent(person.national_code, on_behalf_of=None)  # type: ignore[arg-type]
            }
        except XRoadError as exc:
            log.info("Role switch check of a person skipped: %s", type(exc).__name__)
            continue
        gone = [code for code in companies if code not in current]
        if len(gone) < threshold:
            continue
        with db.write() as session:
            if raise_signal(
                session,
                SignalKind.ROLE_SWITCHES,
                person_id=person_id,
                key=f"{since:%Y-%m-%d}:{_digest(','.join(sorted(set(gone))))}",
                evidence={
                    "register": "business",
                    "xroad_id": last_message_id.get(),
                    "read_at": utcnow().isoformat(),
                    "switches": len(gone),
                    "companies": sorted(set(gone)),
                    "since": since.date().isoformat(),
                },
            ):
                found += 1
    return found


def detect(threshold: int) -> dict[str, int]:
    """The detectors that need no per-person register call of their own (run nightly)."""
    return {
        SignalKind.SHARED_CONTACT.value: shared_contacts(),
        SignalKind.RESIDENCE_ABROAD.value: residence_abroad(),
        SignalKind.ROLE_SWITCHES.value: role_switches(threshold),
    }


# --- the supervisors' queue -------------------------------------------------------------------


@dataclass(frozen=True)
class SignalPage(Page[Signal]):
    counts: dict[str, int]  # signals in each state (the queue's tabs)


def queue(state: SignalState, page: int = 1) -> SignalPage:
    counts = dict(db.session.execute(select(Signal.state, func.count()).group_by(Signal.state)).all())
    total = counts.get(state, 0)
    page = min(max(page, 1), page_count(total, PAGE_SIZE))
    rows = db.session.scalars(
        select(Signal)
        .options(joinedload(Signal.person))
        .where(Signal.state == state)
        .order_by(Signal.detected_at, Signal.id)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    return SignalPage(list(rows), total, page, PAGE_SIZE, {str(k): v for k, v in counts.items()})


COUNT_IN_STATE = (
    select(func.count())
    .select_from(Signal)
    .where(Signal.state == bindparam("signal_state", type_=Signal.state.type))
)


def count(state: SignalState) -> int:
    """How many signals are in `state` (the back-office home's figure: no page of rows read for it)."""
    return db.session.scalar(COUNT_IN_STATE, {"signal_state": state}) or 0


def counts_by_kind() -> dict[tuple[str, str], int]:
    """(kind, state) → count: for reports."""
    return {
        (str(kind), str(state)): count
        for kind, state, count in db.session.execute(
            select(Signal.kind, Signal.state, func.count()).group_by(Signal.kind, Signal.state)
        )
    }


def close(signal_id: int, *, staff: StaffMember, state: SignalState, reason: str) -> Signal:
    """A supervisor closes a signal: explained (nothing wrong) or referred (handed on), with why."""
    if state is SignalState.OPEN:
        raise ValueError(state)
    with db.write() as session:
        signal = session.get(Signal, signal_id, populate_existing=True, with_for_update=True)
        if signal is None:
            raise LookupError(signal_id)
        if staff.person_id == signal.person_id:
            from portal.services.decisions import OwnCase

            raise OwnCase
        if signal.state is not SignalState.OPEN:
            raise AlreadyClosed(signal_id)
        signal.state = state
        signal.closed_at = utcnow()
        signal.closed_by_staff_id = staff.id
        signal.closing_reason = reason
        audit.record(
            session,
            AuditTag.SIGNAL_CLOSE,
            actor_role=staff.role.value,
            purpose=f"signal closed as {state.value}",
            actor_person_id=staff.person_id,
            subject_person_id=signal.person_id,
            details={"signal": signal.id, "kind": signal.kind.value},
        )
    return signal


def open_ids(person_ids: Iterable[int]) -> set[int]:
    """Which of these persons have an open signal (a case view can say so)."""
    ids = list(person_ids)
    if not ids:
        return set()
    return set(
        db.session.scalars(
            select(Signal.person_id)
            .where(Signal.person_id.in_(ids), Signal.state == SignalState.OPEN)
            .distinct()
        )
    )
