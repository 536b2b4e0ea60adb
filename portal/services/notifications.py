"""What the PES tells other institutions when a registration starts: stored first, sent in the background.

A notification is a row (`OutboundNotification`) written in the same transaction as the decision
that causes it, with its idempotency UUID. After the commit the caller hands the ids to
`schedule_notifications`; the background task `send` posts it with the stored UUID every time, so
a repeat (after a timeout, a lost answer or a second worker) is recognised by the register and
never applied twice.

States: PENDING (never answered) → ACCEPTED (201, or 200 for a repeat); SENT (tried, no answer:
timeout, unavailable, 5xx, 429, X-Road `Server.*`), retried with exponential backoff kept in the
row (`attempts`, `last_attempt_at`); FAILED (refused for good: 4xx, a malformed answer), for a
person to look at. No personal data goes into `last_error`.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal import queue
from portal.extensions import db
from portal.integrations.xroad import CallContext, TooManyRequests, XRoadError
from portal.integrations.xroad.social_assistance import DeregistrationReason, JobseekerStatus
from portal.models import (
    NotificationKind,
    NotificationState,
    OutboundNotification,
    Registration,
    RegistrationKind,
    RegistrationState,
)
from portal.models.base import utcnow
from portal.services.xroad import registers

log = logging.getLogger(__name__)

PURPOSE = "registration notification"
SEND_TASK = "send_notification"  # `portal.jobs.notifications`, queued by name
FINAL_STATES = (NotificationState.ACCEPTED, NotificationState.FAILED)
RETRY_FIRST_SECONDS = 60  # after the first failed attempt; doubles with every further one
RETRY_MAX_SECONDS = 3600
# A notification whose retry is this much overdue has lost its queued task: the periodic safety
# net enqueues it again.
LOST_AFTER = dt.timedelta(minutes=5)


# --- creating ---------------------------------------------------------------------------------


def enqueue_registration_notifications(
    session: Session, registration: Registration
) -> list[OutboundNotification]:
    """Add the notifications a new registration causes (inside the caller's transaction).

    Unemployed: the health insurance fund (registered unemployment is a basis of coverage) and the
    social assistance service. Jobseeker: the social assistance service. Adds rows only; the caller
    commits and then calls `schedule_notifications` with their ids. Calling it again for the same
    registration adds nothing that is already there.
    """
    if registration.state is not RegistrationState.REGISTERED or registration.registered_on is None:
        raise ValueError("Only a registered registration is notified")
    since = registration.registered_on.isoformat()
    certificate = next(
        (item for item in reversed(registration.certificates) if item.revoked_on is None),
        None,
    )
    wanted: list[tuple[NotificationKind, dict[str, Any]]] = []
    if registration.kind is RegistrationKind.UNEMPLOYED:
        wanted.append((NotificationKind.HEALTH_COVERAGE, {"start": since, "end": None}))
    wanted.append(
        (
            NotificationKind.SOCIAL_ASSISTANCE_STATUS,
            {
                "status": JobseekerStatus.REGISTERED.value,
                "since": since,
                "certificateNumber": certificate.number if certificate else None,
                "reason": None,
            },
        )
    )
    existing = {(row.kind, _key(row.payload)) for row in registration.notifications}
    added = []
    for kind, payload in wanted:
        if (kind, _key(payload)) in existing:
            continue
        row = OutboundNotification(
            notification_id=str(uuid.uuid4()),
            registration=registration,
            kind=kind,
            payload=payload,
            state=NotificationState.PENDING,
            attempts=0,
        )
        session.add(row)
        added.append(row)
    session.flush()  # ids for schedule_notifications
    return added


def enqueue_coverage_end(
    session: Session, registration: Registration, end: dt.date
) -> list[OutboundNotification]:
    """Tell the health insurance fund that registered unemployment (a basis of coverage) ended on
    `end`: when an answer to a review or an appeal registers the person as a jobseeker instead."""
    if registration.registered_on is None:
        return []
    row = OutboundNotification(
        notification_id=str(uuid.uuid4()),
        registration=registration,
        kind=NotificationKind.HEALTH_COVERAGE,
        payload={"start": registration.registered_on.isoformat(), "end": end.isoformat()},
        state=NotificationState.PENDING,
        attempts=0,
    )
    session.add(row)
    session.flush()
    return [row]


def enqueue_registration_end(
    session: Session, registration: Registration, end: dt.date, reason: DeregistrationReason
) -> list[OutboundNotification]:
    """A registration ended on `end`: the health insurance fund (when it was a basis of coverage)
    and the social assistance service are told. Calling it again for the same end adds nothing."""
    if registration.registered_on is None:
        return []
    wanted: list[tuple[NotificationKind, dict[str, Any]]] = []
    if registration.kind is RegistrationKind.UNEMPLOYED:
        wanted.append(
            (
                NotificationKind.HEALTH_COVERAGE,
                {"start": registration.registered_on.isoformat(), "end": end.isoformat()},
            )
        )
    wanted.append(
        (
            NotificationKind.SOCIAL_ASSISTANCE_STATUS,
            {
                "status": JobseekerStatus.DEREGISTERED.value,
                "since": end.isoformat(),
                "certificateNumber": None,
                "reason": reason.value,
            },
        )
    )
    return _add_missing(session, registration, wanted)


def enqueue_reinstatement(
    session: Session, registration: Registration, on: dt.date
) -> list[OutboundNotification]:
    """An ended registration restored on review or appeal: both institutions are told it runs again
    (`reinstated` makes the payload new, so an earlier identical start is no reason to skip it)."""
    if registration.registered_on is None:
        return []
    certificate = next(
        (item for item in reversed(registration.certificates) if item.revoked_on is None), None
    )
    since = registration.registered_on.isoformat()
    wanted: list[tuple[NotificationKind, dict[str, Any]]] = []
    if registration.kind is RegistrationKind.UNEMPLOYED:
        wanted.append(
            (NotificationKind.HEALTH_COVERAGE, {"start": since, "end": None, "reinstated": on.isoformat()})
        )
    wanted.append(
        (
            NotificationKind.SOCIAL_ASSISTANCE_STATUS,
            {
                "status": JobseekerStatus.REGISTERED.value,
                "since": since,
                "certificateNumber": certificate.number if certificate else None,
                "reason": None,
                "reinstated": on.isoformat(),
            },
        )
    )
    return _add_missing(session, registration, wanted)


def _add_missing(
    session: Session, registration: Registration, wanted: list[tuple[NotificationKind, dict[str, Any]]]
) -> list[OutboundNotification]:
    existing = {(row.kind, _key(row.payload)) for row in registration.notifications}
    added = []
    for kind, payload in wanted:
        if (kind, _key(payload)) in existing:
            continue
        row = OutboundNotification(
            notification_id=str(uuid.uuid4()),
            registration=registration,
            kind=kind,
            payload=payload,
            state=NotificationState.PENDING,
            attempts=0,
        )
        session.add(row)
        added.append(row)
    session.flush()
    return added


def _key(payload: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(payload.items()))


def schedule_notifications(ids: Iterable[int]) -> None:
    """Hand committed notifications to the background queue (in immediate mode: send them now)."""
    for notification_id in ids:
        queue.enqueue(SEND_TASK, notification_id)


# --- sending ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SendOutcome:
    state: NotificationState
    retry_in: float | None = None  # seconds until the next attempt, when one is due


@dataclass(frozen=True)
class _Call:
    """What a send needs, read before the call so that no transaction stays open during it."""

    id: int
    notification_id: uuid.UUID
    kind: NotificationKind
    payload: dict[str, Any]
    national_code: str
    reference: str


def send(notification_id: int) -> SendOutcome | None:
    """Post one notification with its stored UUID and record the answer. None when it does not exist."""
    row = db.session.get(OutboundNotification, notification_id, populate_existing=True)
    if row is None:
        return None
    if row.state in FINAL_STATES:
        return SendOutcome(row.state)
    call = _Call(
        id=row.id,
        notification_id=uuid.UUID(row.notification_id),
        kind=row.kind,
        payload=dict(row.payload),
        national_code=row.registration.person.national_code,
        reference=row.registration.reference,
    )
    if db.session().in_transaction():
        db.session.commit()  # end the read transaction: nothing is held while the register answers
    try:
        _post(call)
    except XRoadError as exc:
        if not exc.retryable:
            log.warning("Notification %s refused for good: %s", call.id, describe(exc))
            return _record(call.id, NotificationState.FAILED, describe(exc))
        retry_after = exc.retry_after if isinstance(exc, TooManyRequests) else None
        log.info("Notification %s not answered (%s); will retry", call.id, describe(exc))
        return _record(call.id, NotificationState.SENT, describe(exc), retry_after=retry_after)
    except ValueError as exc:  # a stored payload the contract cannot carry: a person must look
        log.warning("Notification %s cannot be sent: %s", call.id, type(exc).__name__)
        return _record(call.id, NotificationState.FAILED, f"InvalidPayload {type(exc).__name__}")
    log.info("Notification %s accepted", call.id)
    return _record(call.id, NotificationState.ACCEPTED, None)


def _post(call: _Call) -> None:
    regs = registers()
    context = CallContext(
        purpose=PURPOSE, subject=call.national_code, on_behalf_of=None, issue=call.reference
    )
    payload = call.payload
    if call.kind is NotificationKind.HEALTH_COVERAGE:
        regs.health_insurance.notify_coverage(
            call.national_code,
            start=dt.date.fromisoformat(payload["start"]),
            end=dt.date.fromisoformat(payload["end"]) if payload.get("end") else None,
            notification_id=call.notification_id,
            context=context,
        )
    elif call.kind is NotificationKind.SOCIAL_ASSISTANCE_STATUS:
        regs.social_assistance.notify_jobseeker_status(
            call.national_code,
            JobseekerStatus(payload["status"]),
            since=dt.date.fromisoformat(payload["since"]),
            certificate_number=payload.get("certificateNumber"),
            reason=DeregistrationReason(payload["reason"]) if payload.get("reason") else None,
            notification_id=call.notification_id,
            context=context,
        )
    else:  # pragma: no cover - a new kind without a sender
        raise ValueError(f"no sender for {call.kind}")


def _record(
    row_id: int, state: NotificationState, error: str | None, *, retry_after: float | None = None
) -> SendOutcome:
    now = utcnow()
    with db.write() as session:
        row = session.get(OutboundNotification, row_id, populate_existing=True, with_for_update=True)
        if row is None:
            return SendOutcome(state)
        row.attempts += 1
        row.last_attempt_at = now
        if row.state is NotificationState.ACCEPTED:
            return SendOutcome(row.state)  # another worker's repeat was answered meanwhile
        row.state = state
        row.last_error = error[:300] if error else None
        if state is NotificationState.ACCEPTED:
            row.accepted_at = now
        attempts = row.attempts
    if state is not NotificationState.SENT:
        return SendOutcome(state)
    return SendOutcome(state, retry_in=max(retry_delay(attempts), retry_after or 0))


def describe(exc: XRoadError) -> str:
    """The error's class, type and status: enough to act on, and never personal data."""
    parts = [type(exc).__name__]
    if exc.error_type != parts[0]:
        parts.append(exc.error_type)
    if exc.status is not None:
        parts.append(f"HTTP {exc.status}")
    return " ".join(parts)


def retry_delay(attempts: int) -> float:
    """Seconds before the next try after `attempts` failed ones: 1, 2, 4, … minutes, at most an hour."""
    return float(min(RETRY_FIRST_SECONDS * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS))


def due_for_retry(now: dt.datetime | None = None) -> list[int]:
    """Unanswered notifications whose queued task seems lost: never tried and created more than
    LOST_AFTER ago, or tried and their backoff retry overdue by more than LOST_AFTER."""
    now = now or utcnow()
    rows = db.session.execute(
        select(
            OutboundNotification.id,
            OutboundNotification.attempts,
            OutboundNotification.created_at,
            OutboundNotification.last_attempt_at,
        )
        .where(
            OutboundNotification.state.in_([NotificationState.PENDING, NotificationState.SENT]),
            func.coalesce(OutboundNotification.last_attempt_at, OutboundNotification.created_at)
            < now - LOST_AFTER,
        )
        .order_by(OutboundNotification.id)
    ).all()
    due = []
    for row_id, attempts, created_at, last_attempt_at in rows:
        if last_attempt_at is None or attempts == 0:
            expected = created_at
        else:
            expected = last_attempt_at + dt.timedelta(seconds=retry_delay(attempts))
        if expected + LOST_AFTER <= now:
            due.append(row_id)
    return due


# --- reading ----------------------------------------------------------------------------------


def notification_status(registration: Registration) -> list[tuple[NotificationKind, NotificationState]]:
    """The latest notification of each kind for a registration, in the order they were created."""
    rows = db.session.scalars(
        select(OutboundNotification)
        .where(OutboundNotification.registration_id == registration.id)
        .order_by(OutboundNotification.id)
    )
    latest: dict[NotificationKind, NotificationState] = {}
    for row in rows:
        latest.pop(row.kind, None)
        latest[row.kind] = row.state
    return list(latest.items())
