"""Risk profiling: each computation with its factors, the counsellor's confirmation or override,
and the person's requests to reconsider."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, intpk, utcnow
from portal.models.caseload import RiskLevel, _enum


class RiskAssessment(Base):
    __tablename__ = "risk_assessment"
    __table_args__ = (Index("ix_risk_assessment_person_computed", "person_id", "computed_at"),)

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    computed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    trigger: Mapped[str] = mapped_column(String(20), comment="registration or on_demand")
    model_version: Mapped[str] = mapped_column(String(20))
    score: Mapped[int]
    computed_level: Mapped[RiskLevel] = mapped_column(_enum(RiskLevel))
    factors: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, comment="each factor: key, value as read, points"
    )
    barriers: Mapped[list[str]] = mapped_column(JSON, default=list, comment="declared by the person")
    # The counsellor's word: the level confirmed, or another with a reason (an override).
    level: Mapped[RiskLevel | None] = mapped_column(_enum(RiskLevel), comment="confirmed or overridden")
    decided_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime | None]
    override_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def overridden(self) -> bool:
        return self.level is not None and self.level != self.computed_level

    @property
    def current_level(self) -> RiskLevel:
        return self.level or self.computed_level


class RiskReconsideration(Base):
    """The person asked to reconsider their level; a counsellor answers in writing."""

    __tablename__ = "risk_reconsideration"

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("risk_assessment.id", ondelete="CASCADE"))
    requested_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(Text)
    answered_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    answered_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    answer: Mapped[str | None] = mapped_column(Text)
    new_level: Mapped[RiskLevel | None] = mapped_column(_enum(RiskLevel))
