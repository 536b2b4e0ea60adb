"""What a person's own page shows about their registration."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

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
    # The latest registration with its decisions, certificates and notifications joined: one
    # statement, not four (a registration has a handful of each, so their product stays small).
    latest = select(Registration.id).where(Registration.person_id == person_id)
    registration = (
        db.session.scalars(
            select(Registration)
            .where(Registration.id == latest.order_by(Registration.id.desc()).limit(1).scalar_subquery())
            .options(
                joinedload(Registration.decisions),
                joinedload(Registration.certificates),
                joinedload(Registration.notifications),
            )
        )
        .unique()
        .one_or_none()
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
