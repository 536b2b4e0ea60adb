"""Shortlists: the people an employer may see for a vacancy, with the fields they agreed to share,
the employer's outcome for each, and the proposal to end a hired person's jobseeker status."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, created_at, intpk, utcnow
from portal.models.person import Person


def _enum(kind: type[enum.Enum], length: int = 32) -> Enum:
    return Enum(kind, values_callable=lambda e: [m.value for m in e], native_enum=False, length=length)


class ConsentField(enum.StrEnum):
    """What a person may agree to show an employer. Never the personal code, social assistance,
    health or income: those are not members, so no consent can name them."""

    NAME = "name"
    CONTACT = "contact"
    OCCUPATIONS = "occupations"
    EDUCATION = "education"
    LANGUAGES = "languages"
    EXPERIENCE = "experience"


class CandidateSource(enum.StrEnum):
    OFFER = "offer"  # accepted a counsellor's offer
    APPLICATION = "application"  # applied through the portal


class Outcome(enum.StrEnum):
    INVITED = "invited"
    INTERVIEWED = "interviewed"
    HIRED = "hired"
    NOT_SELECTED = "not-selected"


class NotSelectedReason(enum.StrEnum):
    QUALIFICATIONS = "qualifications"
    EXPERIENCE = "experience"
    LANGUAGE = "language"
    OTHER_CANDIDATE = "other-candidate"
    NO_SHOW = "no-show"
    DECLINED = "declined"  # the candidate withdrew or declined the job
    POSITION_CLOSED = "position-closed"


class Candidate(Base):
    """A person on a vacancy's shortlist. Shown to the employer only while `consent_withdrawn_at`
    is empty and the vacancy is open; the fields shown are `consented_fields`, read live."""

    __tablename__ = "candidate"
    __table_args__ = (
        UniqueConstraint("vacancy_id", "person_id"),
        Index("ix_candidate_vacancy_created", "vacancy_id", "created_at"),
    )

    id: Mapped[intpk]
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancy.id", ondelete="RESTRICT"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offer.id", ondelete="RESTRICT"))
    source: Mapped[CandidateSource] = mapped_column(_enum(CandidateSource))
    consented_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    consented_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    consent_withdrawn_at: Mapped[dt.datetime | None]
    created_at: Mapped[created_at]
    outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome))
    outcome_at: Mapped[dt.datetime | None]
    start_date: Mapped[dt.date | None] = mapped_column(comment="hired: first working day")
    not_selected_reason: Mapped[NotSelectedReason | None] = mapped_column(_enum(NotSelectedReason))

    person: Mapped[Person] = relationship()


class StatusEndState(enum.StrEnum):
    PROPOSED = "proposed"  # waits for a counsellor (the status lifecycle, issue 16, confirms)
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class StatusEndProposal(Base):
    """ "Hired" proposes to end the person's jobseeker status; a counsellor confirms elsewhere."""

    __tablename__ = "status_end_proposal"
    __table_args__ = (Index("ix_status_end_proposal_state_created", "state", "created_at"),)

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    # Hired from a shortlist, or a refusal whose step ends the registration (Estonia's 3rd breach).
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidate.id", ondelete="RESTRICT"), unique=True
    )
    refusal_id: Mapped[int | None] = mapped_column(ForeignKey("refusal.id", ondelete="RESTRICT"), unique=True)
    reason: Mapped[str] = mapped_column(String(40), comment="EMPLOYED or REFUSED_SUITABLE_WORK (SAS codes)")
    start_date: Mapped[dt.date] = mapped_column(
        comment="hired: the first working day; else the decision's day"
    )
    state: Mapped[StatusEndState] = mapped_column(_enum(StatusEndState), default=StatusEndState.PROPOSED)
    created_at: Mapped[created_at]
    decided_at: Mapped[dt.datetime | None]
    decided_by_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="RESTRICT")
    )
    note: Mapped[str | None] = mapped_column(Text)
