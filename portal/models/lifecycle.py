"""After registration: why a registration ends, and proposals to end one (from the person, an
employer's "hired", the nightly register checks, a sanction) waiting for a decision."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, created_at, intpk
from portal.models.person import Person
from portal.models.registration import Decision, Registration


def _enum(kind: type[enum.Enum], length: int = 32) -> Enum:
    return Enum(kind, values_callable=lambda e: [m.value for m in e], native_enum=False, length=length)


class EndReason(enum.StrEnum):
    """Why a registration ended. Stored by value; add members, never rename them."""

    FOUND_WORK = "found_work"
    OWN_REQUEST = "own_request"
    DECEASED = "deceased"
    EMIGRATED = "emigrated"  # residence abroad
    PENSION_AGE = "pension_age"
    SANCTION = "sanction"  # a sanction's end of registration (refused offers; the profile's ladder)
    NO_CONTACT = "no_contact"


class ProposalSource(enum.StrEnum):
    """Who or what proposed the end."""

    PERSON = "person"  # "I found a job" reported by the person (ends at once; kept for the record)
    EMPLOYER = "employer"  # an employer marked the person "hired" on a vacancy
    TAX_CHECK = "tax_check"  # the nightly employment-checks run
    POPULATION_CHECK = "population_check"  # the nightly population check
    COUNSELLOR = "counsellor"  # a counsellor's own proposal (no contact, a sanction)


class ProposalState(enum.StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"  # ended by a decision (`decision_id`)
    REJECTED = "rejected"  # a counsellor found it wrong (`closing_reason`)


OPEN_CONDITION = "state = 'open'"


class StatusProposal(Base):
    """A proposal to end a registration, with its evidence, until a decision or a rejection."""

    __tablename__ = "status_proposal"
    __table_args__ = (
        # One open proposal per registration and reason: a nightly check that finds the same job
        # again, or an employer and the tax check both reporting it, add no second one.
        Index(
            "uq_status_proposal_open",
            "registration_id",
            "reason",
            unique=True,
            sqlite_where=text(OPEN_CONDITION),
            postgresql_where=text(OPEN_CONDITION),
        ),
    )

    id: Mapped[intpk]
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="RESTRICT"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    reason: Mapped[EndReason] = mapped_column(_enum(EndReason))
    source: Mapped[ProposalSource] = mapped_column(_enum(ProposalSource))
    effective_on: Mapped[dt.date] = mapped_column(comment="the day the registration would end")
    evidence: Mapped[dict[str, Any]] = mapped_column(
        JSON,
        default=dict,
        comment="employer, since, register, X-Road message id, run: what the proposal rests on",
    )
    state: Mapped[ProposalState] = mapped_column(_enum(ProposalState), default=ProposalState.OPEN, index=True)
    created_at: Mapped[created_at]
    closed_at: Mapped[dt.datetime | None]
    closed_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="RESTRICT"))
    closing_reason: Mapped[str | None] = mapped_column(Text)
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decision.id", ondelete="RESTRICT"), comment="the decision that ended the registration"
    )
    reconciliation_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("reconciliation_batch.id", ondelete="SET NULL"), index=True
    )
    source_reference: Mapped[str | None] = mapped_column(
        String(100), comment="the proposer's own id (an offer, a vacancy candidate)"
    )

    registration: Mapped[Registration] = relationship()
    person: Mapped[Person] = relationship()
    decision: Mapped[Decision | None] = relationship()
