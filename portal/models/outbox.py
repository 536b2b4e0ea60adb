"""The transactional outbox: work to do after a commit, committed with the change that causes it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, created_at, intpk, utcnow


class OutboxMessage(Base):
    """One thing to send (a notice, a notification) once the transaction that wrote it has committed.

    The periodic sender claims due rows for a short lease, hands them to the handler of their topic,
    and marks them sent; a process that dies mid-way leaves the claim to expire and the row is tried
    again, so nothing committed is lost.
    """

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_pending", "sent_at", "failed_at", "due_at"),)

    id: Mapped[intpk]
    topic: Mapped[str] = mapped_column(String(60), comment="names the handler, e.g. inbox.notice")
    key: Mapped[str | None] = mapped_column(
        String(100), comment="rows with the same key are handed to their handler together"
    )
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, comment="ids only, no personal data")
    created_at: Mapped[created_at]
    due_at: Mapped[dt.datetime] = mapped_column(default=utcnow, comment="not sent before; moved on a retry")
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(comment="a sender's lease; expired = free")
    sent_at: Mapped[dt.datetime | None]
    failed_at: Mapped[dt.datetime | None] = mapped_column(comment="given up after the last attempt")
    last_error: Mapped[str | None] = mapped_column(String(300), comment="error class only, no personal data")
