"""The individual employment plan: drafted by the counsellor, agreed by the person in the portal.

Each draft is a numbered version (what it said, what changed since the one before, when the person
agreed it, and the sealed PDF of the agreed text). The activities of the newest version are rows,
so the person can mark them done and the caseload can find those overdue.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, intpk, updated_at, utcnow
from portal.models.caseload import PlanStatus, _enum


class ActivityKind(enum.StrEnum):
    APPLY = "apply"  # apply to N jobs a week
    TRAINING = "training"
    MEETING = "meeting"
    DOCUMENTS = "documents"  # documents to bring
    MEASURE = "measure"
    OTHER = "other"


class Actor(enum.StrEnum):
    JOBSEEKER = "jobseeker"
    COUNSELLOR = "counsellor"


class EmploymentPlan(Base):
    __tablename__ = "employment_plan"

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), unique=True)
    status: Mapped[PlanStatus] = mapped_column(_enum(PlanStatus), default=PlanStatus.DRAFT)
    version: Mapped[int] = mapped_column(default=0, comment="number of the newest version")
    updated_at: Mapped[updated_at]

    activities: Mapped[list[PlanActivity]] = relationship(
        cascade="all, delete-orphan", order_by="PlanActivity.position"
    )


class PlanVersion(Base):
    __tablename__ = "plan_version"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[intpk]
    plan_id: Mapped[int] = mapped_column(ForeignKey("employment_plan.id", ondelete="CASCADE"))
    number: Mapped[int]
    goal: Mapped[str] = mapped_column(Text)
    activities: Mapped[list[dict[str, Any]]] = mapped_column(JSON, comment="the activities as drafted")
    changes: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, comment="what changed since the last"
    )
    drafted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    drafted_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    agreed_at: Mapped[dt.datetime | None] = mapped_column(comment="when the person agreed in the portal")
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True, comment="the agreed plan, sealed")
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))


class PlanActivity(Base):
    __tablename__ = "plan_activity"
    __table_args__ = (Index("ix_plan_activity_due_open", "due_on", "done_at"),)

    id: Mapped[intpk]
    plan_id: Mapped[int] = mapped_column(ForeignKey("employment_plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    kind: Mapped[ActivityKind] = mapped_column(_enum(ActivityKind))
    description: Mapped[str] = mapped_column(Text)
    due_on: Mapped[dt.date]
    actor: Mapped[Actor] = mapped_column(_enum(Actor))
    done_at: Mapped[dt.datetime | None]
    reminded_at: Mapped[dt.datetime | None] = mapped_column(
        comment="the reminder before the due date went out"
    )
