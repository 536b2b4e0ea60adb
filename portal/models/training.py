"""Trainings and labour-market measures: the catalogue the back office manages, and the requests
jobseekers make to join a training.

A `Training` is a vocational course with a fixed number of seats. A `TrainingRequest` is one
person asking to join one training; a counsellor approves or rejects it. `Training.seats_taken`
counts the approved requests and is raised only by a conditional UPDATE
(`seats_taken < seats_total`), so concurrent approvals never overbook (a CHECK constraint backs it).
A `Measure` (wage subsidy, work practice, ...) names the eligibility rule of the country profile
that says who may take part (`portal/profiles/measures.py`).
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, created_at, intpk, updated_at
from portal.models.person import Person


def _enum(kind: type[enum.Enum], length: int = 30) -> Enum:
    return Enum(kind, values_callable=lambda e: [m.value for m in e], native_enum=False, length=length)


class TrainingState(enum.StrEnum):
    DRAFT = "draft"  # being prepared in the back office; nobody else sees it
    PUBLISHED = "published"  # on the public pages; jobseekers may ask to join
    CLOSED = "closed"  # no new requests; approved participants keep their seats


class Training(Base):
    """A vocational training course offered through the PES."""

    __tablename__ = "training"
    __table_args__ = (
        CheckConstraint("seats_taken >= 0 AND seats_taken <= seats_total", name="seats_within_total"),
        CheckConstraint("hours > 0", name="hours_positive"),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
    )

    id: Mapped[intpk]
    title: Mapped[str] = mapped_column(String(200))
    provider_name: Mapped[str] = mapped_column(
        String(200), comment="who teaches it, e.g. a vocational training centre"
    )
    description: Mapped[str] = mapped_column(Text, default="")
    isco_code: Mapped[str | None] = mapped_column(
        String(4), index=True, comment="ISCO-08 unit group of the occupation it leads to"
    )
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]
    hours: Mapped[int] = mapped_column(comment="hours of instruction in total")
    municipality_code: Mapped[str | None] = mapped_column(
        String(10), index=True, comment="where it is taught; None when remote only"
    )
    remote: Mapped[bool] = mapped_column(default=False, comment="taught remotely (alone or besides a place)")
    language: Mapped[str] = mapped_column(String(8), comment="language of instruction, ISO 639-1")
    seats_total: Mapped[int]
    seats_taken: Mapped[int] = mapped_column(
        default=0, comment="approved requests; raised only by a conditional UPDATE (no overbooking)"
    )
    certificate: Mapped[str] = mapped_column(
        String(300), default="", comment="the certificate or qualification obtained on completion"
    )
    state: Mapped[TrainingState] = mapped_column(
        _enum(TrainingState), default=TrainingState.DRAFT, index=True
    )
    created_by_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="SET NULL")
    )
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]
    published_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]

    @property
    def seats_free(self) -> int:
        return max(self.seats_total - self.seats_taken, 0)

    @property
    def is_open_for_requests(self) -> bool:
        return self.state == TrainingState.PUBLISHED

    @property
    def is_editable(self) -> bool:
        return self.state != TrainingState.CLOSED


class MeasureKind(enum.StrEnum):
    WAGE_SUBSIDY = "wage_subsidy"
    ON_THE_JOB_TRAINING = "on_the_job_training"
    WORK_PRACTICE = "work_practice"
    SELF_EMPLOYMENT_GRANT = "self_employment_grant"
    PUBLIC_WORKS = "public_works"


class Measure(Base):
    """An active labour-market measure; who may take part is the profile's rule `eligibility_key`."""

    __tablename__ = "measure"

    id: Mapped[intpk]
    kind: Mapped[MeasureKind] = mapped_column(_enum(MeasureKind), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    eligibility_key: Mapped[str] = mapped_column(
        String(60), comment="key of the eligibility rule in the country profile (profiles/measures.py)"
    )
    active: Mapped[bool] = mapped_column(default=True, comment="offered now; inactive ones stay for history")
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]


class TrainingRequestState(enum.StrEnum):
    REQUESTED = "requested"  # waiting in the counsellors' queue
    APPROVED = "approved"  # a seat is taken
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # the person took it back before a decision


OPEN_REQUEST_STATES = (TrainingRequestState.REQUESTED, TrainingRequestState.APPROVED)
_OPEN_SQL = "state IN ('requested', 'approved')"


class TrainingRequest(Base):
    """A jobseeker asks to join a training; a counsellor decides."""

    __tablename__ = "training_request"
    __table_args__ = (
        # One open request per person and training; after a rejection or withdrawal they may ask again.
        Index(
            "uq_training_request_open",
            "person_id",
            "training_id",
            unique=True,
            sqlite_where=_OPEN_SQL,
            postgresql_where=_OPEN_SQL,
        ),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("training.id", ondelete="RESTRICT"), index=True)
    state: Mapped[TrainingRequestState] = mapped_column(
        _enum(TrainingRequestState), default=TrainingRequestState.REQUESTED, index=True
    )
    reason: Mapped[str] = mapped_column(Text, default="", comment="the person's own words: why this training")
    decision_reason: Mapped[str | None] = mapped_column(
        Text, comment="the counsellor's reason for the answer"
    )
    decided_by_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="RESTRICT")
    )
    decided_at: Mapped[dt.datetime | None]
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decision.id", ondelete="RESTRICT"), comment="set when the law needs a decision"
    )
    withdrawn_at: Mapped[dt.datetime | None]
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    person: Mapped[Person] = relationship()
    training: Mapped[Training] = relationship()

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_REQUEST_STATES

    @property
    def is_pending(self) -> bool:
        return self.state == TrainingRequestState.REQUESTED
