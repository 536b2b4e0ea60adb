"""Fraud and anomaly signals: things for a supervisor to look at, never a sanction by themselves."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, created_at, intpk
from portal.models.person import Person


def _enum(kind: type[enum.Enum], length: int = 40) -> Enum:
    return Enum(kind, values_callable=lambda e: [m.value for m in e], native_enum=False, length=length)


class SignalKind(enum.StrEnum):
    WORKED_WHILE_REGISTERED = "worked_while_registered"  # pay declared for registered months
    SHARED_CONTACT = "shared_contact"  # the same phone, e-mail or bank account as unrelated persons
    CONTRADICTED_CORRECTION = "contradicted_correction"  # a correction a later register read contradicts
    RESIDENCE_ABROAD = "residence_abroad"  # registered from a residence abroad
    ROLE_SWITCHES = "role_switches"  # many switches to companies no longer represented


class SignalState(enum.StrEnum):
    OPEN = "open"
    EXPLAINED = "explained"  # looked at: nothing wrong, with the reason
    REFERRED = "referred"  # handed on (benefits recovery, police), with the reason


class Signal(Base):
    __tablename__ = "signal"

    id: Mapped[intpk]
    kind: Mapped[SignalKind] = mapped_column(_enum(SignalKind), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registration.id", ondelete="RESTRICT"))
    dedupe_key: Mapped[str] = mapped_column(
        String(200), unique=True, comment="kind, person and what was found: found again adds nothing"
    )
    evidence: Mapped[dict[str, Any]] = mapped_column(
        JSON, default=dict, comment="register, X-Road message id, dates, what was compared"
    )
    state: Mapped[SignalState] = mapped_column(_enum(SignalState), default=SignalState.OPEN, index=True)
    detected_at: Mapped[created_at]
    closed_at: Mapped[dt.datetime | None]
    closed_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="RESTRICT"))
    closing_reason: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship()
