"""A person's own data to take away: a JSON file and a PDF summary, prepared in the background."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, intpk, utcnow
from portal.models.registration import _enum


class ExportState(enum.StrEnum):
    PENDING = "pending"  # asked for, waiting for the background job
    READY = "ready"  # files prepared; downloadable until `expires_at`
    FAILED = "failed"


class DataExport(Base):
    """One request for "my data". Only the person may download it, and only until it expires; the
    daily retention job deletes it then (docs/data-use.md)."""

    __tablename__ = "data_export"

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8), comment="the PDF summary's language")
    state: Mapped[ExportState] = mapped_column(_enum(ExportState), default=ExportState.PENDING)
    requested_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ready_at: Mapped[dt.datetime | None]
    expires_at: Mapped[dt.datetime] = mapped_column(index=True, comment="deleted by the retention job after")
    json_content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    pdf_content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
