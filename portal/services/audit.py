"""Audit events as data: every login, role switch and (later) every use of personal data."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from portal.models import AuditEvent, AuditTag


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
