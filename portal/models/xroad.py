from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Enum, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, intpk, utcnow


class QueryDirection(enum.StrEnum):
    OUTGOING = "outgoing"  # the PES asked a register
    INCOMING = "incoming"  # another institution asked the PES


class XRoadQuery(Base):
    """One X-Road message, sent or answered: who asked about whom, why, and how it went.

    Feeds the citizen's "who used my data" page. Holds no response data, only the fact of the call.
    """

    __tablename__ = "xroad_query"
    __table_args__ = (
        # Who used my data: the messages about a person by direction in page order (moment, id).
        Index("ix_xroad_query_subject_direction_occurred", "subject_code", "direction", "occurred_at", "id"),
        Index("ix_xroad_query_on_behalf_of", "on_behalf_of"),
    )

    id: Mapped[intpk]
    occurred_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    direction: Mapped[QueryDirection] = mapped_column(
        Enum(QueryDirection, values_callable=lambda e: [m.value for m in e], native_enum=False, length=16)
    )
    xroad_id: Mapped[str] = mapped_column(String(64), index=True, comment="the message's X-Road-Id")
    client: Mapped[str] = mapped_column(String(255), comment="X-Road-Client of the caller")
    service: Mapped[str] = mapped_column(String(255), comment="full X-Road service id")
    operation: Mapped[str] = mapped_column(String(100), comment="operation id from the contract")
    subject_code: Mapped[str | None] = mapped_column(
        String(20), comment="national code of the person the data is about"
    )
    on_behalf_of: Mapped[str | None] = mapped_column(String(64), comment="X-Road-UserId, country-prefixed")
    purpose: Mapped[str] = mapped_column(String(200))
    issue: Mapped[str | None] = mapped_column(String(255), comment="X-Road-Issue: application or case")
    outcome: Mapped[str] = mapped_column(String(40), comment="ok, not_found, timeout, xroad_error, ...")
    error_type: Mapped[str | None] = mapped_column(String(200))
    http_status: Mapped[int | None]
    duration_ms: Mapped[int]
    attempt: Mapped[int] = mapped_column(default=1, comment="1 for the first try, 2+ for retries")
