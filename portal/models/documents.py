"""Sealed documents, the person's inbox, and appeals."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, created_at, intpk, utcnow
from portal.models.registration import Decision, _enum


class DocumentKind(enum.StrEnum):
    DECISION = "decision"
    CERTIFICATE = "certificate"


class Document(Base):
    """A PDF as issued and sealed: kept byte for byte, so its SHA-256 can be verified later."""

    __tablename__ = "document"
    # One document per record and language; NULLs never collide, so each constraint covers one kind.
    __table_args__ = (
        UniqueConstraint("decision_id", "language", name="uq_document_decision_language"),
        UniqueConstraint("certificate_id", "language", name="uq_document_certificate_language"),
    )

    id: Mapped[intpk]
    kind: Mapped[DocumentKind] = mapped_column(_enum(DocumentKind))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decision.id", ondelete="RESTRICT"), index=True
    )
    certificate_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificate.id", ondelete="RESTRICT"), index=True
    )
    language: Mapped[str] = mapped_column(String(8))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # loaded only to download
    created_at: Mapped[created_at]


class InboxMessage(Base):
    """Something new for the person: a decision, a certificate, an answer. Opened once = read."""

    __tablename__ = "inbox_message"

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40), comment="decision, certificate, appeal_received, ...")
    # Indexed: the reports' digital-delivery figure probes a decision's read receipt.
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decision.id", ondelete="RESTRICT"), index=True
    )
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id", ondelete="RESTRICT"))
    offer_id: Mapped[int | None] = mapped_column(
        ForeignKey("offer.id", ondelete="RESTRICT"), comment="an offer, its reminder, withdrawal or review"
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(comment="read receipt: when first opened")
    notified_at: Mapped[dt.datetime | None] = mapped_column(comment="when the e-mail or SMS went out")


class AppealState(enum.StrEnum):
    PENDING = "pending"
    DECIDED = "decided"


class Appeal(Base):
    __tablename__ = "appeal"

    id: Mapped[intpk]
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id", ondelete="RESTRICT"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    filed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    due_on: Mapped[dt.date] = mapped_column(comment="by when a supervisor must answer")
    state: Mapped[AppealState] = mapped_column(_enum(AppealState), default=AppealState.PENDING)
    outcome_decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id", ondelete="RESTRICT"))
    handled_by_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="RESTRICT")
    )

    decision: Mapped[Decision] = relationship(foreign_keys=[decision_id])
    attachments: Mapped[list[AppealAttachment]] = relationship(
        back_populates="appeal", order_by="AppealAttachment.id"
    )


class AppealAttachment(Base):
    __tablename__ = "appeal_attachment"

    id: Mapped[intpk]
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeal.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(50), comment="checked from the content, not the name")
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # up to 10 MB: only to download
    created_at: Mapped[created_at]

    appeal: Mapped[Appeal] = relationship(back_populates="attachments")
