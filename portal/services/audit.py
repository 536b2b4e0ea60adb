"""Audit events as data: every login, role switch and (later) every use of personal data."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import AuditEvent, AuditTag
from portal.models.audit import DataCategory


def record(
    session: Session,
    tag: AuditTag,
    *,
    actor_role: str,
    purpose: str,
    actor_person_id: int | None = None,
    subject_person_id: int | None = None,
    request_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an event to the caller's transaction (the caller commits)."""
    event = AuditEvent(
        tag=tag,
        actor_role=actor_role,
        purpose=purpose,
        actor_person_id=actor_person_id,
        subject_person_id=subject_person_id,
        request_id=request_id,
        details=details or {},
    )
    session.add(event)
    return event


def record_access_refused(
    *,
    actor_person_id: int | None,
    actor_role: str,
    record_kind: str,
    record_id: int,
    request_id: str | None,
) -> None:
    """Someone asked for a record that is missing or not theirs (they were told "not found").
    Repeated refusals are how id enumeration shows up in the audit trail."""
    with db.write() as session:
        record(
            session,
            AuditTag.ACCESS_REFUSED,
            actor_role=actor_role,
            purpose="record not found or not the user's",
            actor_person_id=actor_person_id,
            request_id=request_id,
            details={"record": record_kind, "id": record_id},
        )


def record_staff_use(
    tag: AuditTag,
    *,
    actor_person_id: int | None,
    actor_role: str,
    subject_person_ids: Iterable[int | None],
    purpose: str,
    categories: Sequence[DataCategory],
    request_id: str | None,
    details: dict[str, Any] | None = None,
) -> None:
    """A staff page showed these people's data: one event per person (each sees it among the
    events about them), naming the categories of data shown. Its own transaction."""
    subjects = [person_id for person_id in dict.fromkeys(subject_person_ids) if person_id is not None]
    if not subjects:
        return
    with db.write() as session:
        for person_id in subjects:
            record(
                session,
                tag,
                actor_role=actor_role,
                purpose=purpose,
                actor_person_id=actor_person_id,
                subject_person_id=person_id,
                request_id=request_id,
                details={**(details or {}), "data_categories": [str(category) for category in categories]},
            )
