"""Nightly register checks: a run per kind and night, cut into batches that are claimed, sent and
recorded one at a time, so that a run killed half-way resumes where it stopped (issue 16)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, created_at, intpk


def _enum(kind: type[enum.Enum], length: int = 32) -> Enum:
    return Enum(kind, values_callable=lambda e: [m.value for m in e], native_enum=False, length=length)


class RunKind(enum.StrEnum):
    TAX = "tax"  # employment-checks: found work
    POPULATION = "population"  # deceased, residence abroad, pension age
    SOCIAL_ASSISTANCE = "social_assistance"  # Kosovo: category II beneficiaries told to the SAS
    PAY = "pay"  # fraud signals: pay declared for months registered as unemployed


class RunState(enum.StrEnum):
    PLANNING = "planning"
    RUNNING = "running"
    FINISHED = "finished"  # every batch done
    FINISHED_WITH_ERRORS = "finished_with_errors"  # some batches failed: "run now" retries them


class BatchState(enum.StrEnum):
    PENDING = "pending"
    RUNNING = "running"  # claimed by a worker (`claim`, `claimed_at`)
    DONE = "done"
    FAILED = "failed"


class ReconciliationRun(Base):
    """One check of one kind for one night. The unique (kind, night) stops a second start."""

    __tablename__ = "reconciliation_run"
    __table_args__ = (UniqueConstraint("kind", "night", name="uq_reconciliation_run_kind_night"),)

    id: Mapped[intpk]
    kind: Mapped[RunKind] = mapped_column(_enum(RunKind))
    night: Mapped[dt.date] = mapped_column(comment="the country's calendar day the run is for")
    state: Mapped[RunState] = mapped_column(_enum(RunState), default=RunState.PLANNING)
    started_at: Mapped[created_at]
    finished_at: Mapped[dt.datetime | None]
    started_by_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="RESTRICT"), comment="a supervisor's 'run now'; null at night"
    )
    batches_total: Mapped[int] = mapped_column(default=0)
    batches_done: Mapped[int] = mapped_column(default=0)
    persons_checked: Mapped[int] = mapped_column(default=0)
    proposals_made: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0, comment="batch attempts that failed")

    batches: Mapped[list[ReconciliationBatch]] = relationship(
        back_populates="run", order_by="ReconciliationBatch.number"
    )

    @property
    def percent_done(self) -> int:
        return 100 if not self.batches_total else int(100 * self.batches_done / self.batches_total)

    @property
    def is_running(self) -> bool:
        return self.state in (RunState.PLANNING, RunState.RUNNING)


class ReconciliationBatch(Base):
    """Up to 1,000 registrations sent in one call with their own `check_id`, reused on every retry."""

    __tablename__ = "reconciliation_batch"
    __table_args__ = (UniqueConstraint("run_id", "number", name="uq_reconciliation_batch_run_number"),)

    id: Mapped[intpk]
    run_id: Mapped[int] = mapped_column(ForeignKey("reconciliation_run.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(comment="order within the run, from 1")
    check_id: Mapped[str] = mapped_column(String(36), unique=True, comment="idempotency UUID of the call")
    since: Mapped[dt.date | None] = mapped_column(comment="the registration date of everyone in the batch")
    registration_ids: Mapped[list[int]] = mapped_column(JSON, comment="who is checked, in request order")
    size: Mapped[int]
    state: Mapped[BatchState] = mapped_column(_enum(BatchState), default=BatchState.PENDING, index=True)
    claim: Mapped[str | None] = mapped_column(String(36), comment="the worker's claim token while running")
    claimed_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    proposals: Mapped[int] = mapped_column(default=0)
    xroad_id: Mapped[str | None] = mapped_column(String(100), comment="X-Road-Id of the last call")
    error: Mapped[str | None] = mapped_column(
        String(300), comment="error class and X-Road type; no personal data"
    )
    outcome: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, comment="counts by outcome")

    run: Mapped[ReconciliationRun] = relationship(back_populates="batches")
