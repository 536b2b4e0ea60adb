"""What a person's own page shows about their registration."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db
from portal.models import Certificate, Decision, OutboundNotification, Registration, RegistrationDraft


@dataclass(frozen=True)
class Overview:
    draft: RegistrationDraft | None
    registration: Registration | None  # the latest one, active or not
    decision: Decision | None  # the decision in force: an answer that changed it replaces it
    certificate: Certificate | None
    notifications: tuple[OutboundNotification, ...]


def overview(person_id: int) -> Overview:
    registration = db.session.scalar(
        select(Registration)
        .where(Registration.person_id == person_id)
        .order_by(Registration.id.desc())
        .limit(1)
    )
    draft = db.session.scalar(select(RegistrationDraft).where(RegistrationDraft.person_id == person_id))
    if registration is None:
        return Overview(draft, None, None, None, ())
    return Overview(
        draft=draft,
        registration=registration,
        decision=next((d for d in reversed(registration.decisions) if d.is_in_force), None),
        certificate=registration.certificates[-1] if registration.certificates else None,
        notifications=tuple(registration.notifications),
    )
