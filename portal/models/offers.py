"""Offers a counsellor makes to a jobseeker, the one answer each gets, and refusals under review.

An offer names a vacancy, a training or a measure (`vacancy_id`, `training_id`, `measure_id`) and
keeps the title it was offered under, so the person's history reads the same after the vacancy
changes. The answer is a row of its own with a unique `offer_id`: two tabs, a double click or a
replayed POST can record one answer only (docs/offers.md).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.auth import StaffMember
from portal.models.base import Base, created_at, intpk, utcnow
from portal.models.person import Person
from portal.profiles.refusals import Consequence


def _enum(kind: type[enum.Enum], length: int = 32) -> Enum:
    return Enum(kind, values_callable=lambda e: [m.value for m in e], native_enum=False, length=length)


class OfferKind(enum.StrEnum):
    VACANCY = "vacancy"
    TRAINING = "training"
    MEASURE = "measure"


class OfferState(enum.StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    EXPIRED = "expired"  # the reply deadline passed without an answer
    WITHDRAWN = "withdrawn"  # the vacancy closed or was filled, or the counsellor withdrew it


OPEN_STATES = frozenset({OfferState.PROPOSED})


class RefusalReason(enum.StrEnum):
    """The reason a person gives (or a counsellor records) for not taking an offer."""

    HEALTH = "health"
    CARING = "caring-duties"
    WAGE = "wage"  # wage below the offer rules
    DISTANCE = "distance"  # travel distance or time
    WORKING = "working"  # already working or starting a job
    TRAINING_CLASH = "training-clash"
    OTHER = "other"  # with text
    NONE = "no-reason"
    EXPIRED = "expired"  # not answered by the deadline (never chosen by the person)


class AnswerKind(enum.StrEnum):
    ACCEPT = "accept"
    REFUSE = "refuse"


class ReviewState(enum.StrEnum):
    PENDING = "pending"
    VALID = "valid"  # the counsellor found a valid reason: recorded without consequence
    NOT_VALID = "not-valid"  # a breach: the profile's ladder applies


class SasReportState(enum.StrEnum):
    NOT_NEEDED = "not-needed"  # the step reports nothing to the SAS
    PENDING = "pending"  # in the outbox, retried until the SAS answers
    ACCEPTED = "accepted"  # the SAS recorded it (receipt stored)
    NOT_BENEFICIARY = "not-beneficiary"  # 404: never a beneficiary, nothing to report
    FAILED = "failed"  # refused for good (a counsellor must look)


class TimelineKind(enum.StrEnum):
    """The kinds of event on a person's offer timeline (`services/offers/timeline.py`)."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    REVIEWED = "reviewed"
    SAS = "sas"
    APPLIED = "applied"
    OUTCOME = "outcome"
    CONSENT = "consent"


class Offer(Base):
    __tablename__ = "offer"
    __table_args__ = (
        Index("ix_offer_state_reply_by", "state", "reply_by"),
        Index("ix_offer_person_proposed", "person_id", "proposed_at"),
        # The caseload's "offers waiting for an answer": an EXISTS per case on these three.
        Index("ix_offer_person_state_reply_by", "person_id", "state", "reply_by"),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    proposed_by_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="RESTRICT")
    )
    kind: Mapped[OfferKind] = mapped_column(_enum(OfferKind))
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancy.id", ondelete="RESTRICT"), index=True)
    training_id: Mapped[int | None] = mapped_column(
        ForeignKey("training.id", ondelete="RESTRICT"), index=True
    )
    measure_id: Mapped[int | None] = mapped_column(ForeignKey("measure.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(300), comment="what was offered, as offered")
    employer_name: Mapped[str | None] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text, comment="the counsellor's note to the person")
    state: Mapped[OfferState] = mapped_column(_enum(OfferState), default=OfferState.PROPOSED)
    proposed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    reply_by: Mapped[dt.date] = mapped_column(comment="last day to answer (the country's calendar)")
    reminded_at: Mapped[dt.datetime | None] = mapped_column(comment="the day-before reminder was queued")
    closed_at: Mapped[dt.datetime | None] = mapped_column(comment="expired or withdrawn")
    withdrawn_reason: Mapped[str | None] = mapped_column(String(40))

    person: Mapped[Person] = relationship()
    proposed_by: Mapped[StaffMember | None] = relationship()
    answer: Mapped[OfferAnswer | None] = relationship(back_populates="offer", uselist=False)
    refusal: Mapped[Refusal | None] = relationship(back_populates="offer", uselist=False)


class OfferAnswer(Base):
    """The person's one answer. `offer_id` is unique: the second of two racing answers fails."""

    __tablename__ = "offer_answer"

    id: Mapped[intpk]
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="RESTRICT"), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[AnswerKind] = mapped_column(_enum(AnswerKind))
    reason: Mapped[RefusalReason | None] = mapped_column(_enum(RefusalReason))
    reason_text: Mapped[str | None] = mapped_column(Text)
    consented_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    answered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    offer: Mapped[Offer] = relationship(back_populates="answer")


class Refusal(Base):
    """A refusal or an expired offer in the counsellor's queue, and what came of it."""

    __tablename__ = "refusal"
    __table_args__ = (
        Index("ix_refusal_review_state_created", "review_state", "created_at"),
        # The caseload's "refusals to confirm": an EXISTS per case on these two.
        Index("ix_refusal_person_review_state", "person_id", "review_state"),
    )

    id: Mapped[intpk]
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="RESTRICT"), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    reason: Mapped[RefusalReason] = mapped_column(_enum(RefusalReason))
    reason_text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[created_at]
    review_state: Mapped[ReviewState] = mapped_column(_enum(ReviewState), default=ReviewState.PENDING)
    reviewed_by_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="RESTRICT")
    )
    reviewed_at: Mapped[dt.datetime | None]
    reasoning: Mapped[str | None] = mapped_column(
        Text, comment="the counsellor's reasoning, shown to the person"
    )
    breach_number: Mapped[int | None] = mapped_column(comment="n-th confirmed breach (not valid only)")
    consequence: Mapped[Consequence | None] = mapped_column(_enum(Consequence, 40))
    legal_basis: Mapped[str | None] = mapped_column(String(300))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id", ondelete="RESTRICT"))
    sas_state: Mapped[SasReportState | None] = mapped_column(_enum(SasReportState))
    sas_refusal_id: Mapped[str | None] = mapped_column(
        String(36), unique=True, comment="generated once when confirmed; the same on every retry"
    )
    sas_recommendation: Mapped[str | None] = mapped_column(String(20))
    sas_received_at: Mapped[dt.datetime | None]
    sas_beneficiary_status: Mapped[str | None] = mapped_column(String(20), comment="as the receipt said")
    sas_error: Mapped[str | None] = mapped_column(String(300))

    offer: Mapped[Offer] = relationship(back_populates="refusal")
    reviewed_by: Mapped[StaffMember | None] = relationship()


class ListStanding(Base):
    """A jobseeker's place in the order of proposal for vacancies (Kosovo's list; matching reads
    it through `portal.services.list_order`). One row per registered person."""

    __tablename__ = "list_standing"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    registered_on: Mapped[dt.date | None]
    priority: Mapped[bool] = mapped_column(
        default=False, comment="social assistance of the priority category"
    )
    moved_to_end_at: Mapped[dt.datetime | None] = mapped_column(
        index=True, comment="set by a confirmed first refusal (Kosovo)"
    )


def offer_details(offer: Offer) -> dict[str, Any]:
    """Ids only, for outbox payloads and audit details (never personal data)."""
    return {"offer_id": offer.id, "kind": offer.kind.value}
