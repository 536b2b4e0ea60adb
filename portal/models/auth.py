from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Enum, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, created_at, intpk, utcnow
from portal.models.person import Person


def _values(enum_type: type[enum.Enum]) -> Enum:
    return Enum(
        enum_type,
        values_callable=lambda e: [m.value for m in e],
        native_enum=False,
        length=32,
        validate_strings=True,
    )


class StaffRole(enum.StrEnum):
    COUNSELLOR = "counsellor"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"


class StaffMember(Base):
    """The PES's own staff table: who may act in the back office, in which role and office."""

    __tablename__ = "staff_member"

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), unique=True)
    role: Mapped[StaffRole] = mapped_column(_values(StaffRole))
    office: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[created_at]

    person: Mapped[Person] = relationship()


class LoginSession(Base):
    """A signed-in browser session, kept server-side so that logout and timeouts really end it."""

    __tablename__ = "login_session"
    __table_args__ = (Index("ix_login_session_person_started", "person_id", "started_at"),)

    id: Mapped[intpk]
    token_hash: Mapped[str] = mapped_column(
        String(64), unique=True, comment="SHA-256 of the random id kept in the signed cookie"
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    acr: Mapped[str] = mapped_column(String(20), comment="eID assurance level of this login")
    amr: Mapped[str] = mapped_column(String(100), comment="eID authentication methods, space-separated")
    active_role: Mapped[str] = mapped_column(String(40))
    # The company an employer acts for: checked against the business register at each switch.
    acting_for_code: Mapped[str | None] = mapped_column(String(20), comment="business registry code")
    acting_for_name: Mapped[str | None] = mapped_column(String(300))
    # Whether the register gives the person the sole right to act for it (board member or procurator
    # with sole right); without it they may prepare drafts but not act alone.
    acting_alone: Mapped[bool] = mapped_column(default=False, server_default=false())
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[dt.datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(40))

    person: Mapped[Person] = relationship()


class EidPendingLogin(Base):
    """A login sent to the eID provider and not yet come back: single use, bound to one browser.

    Kept server-side so that a callback replayed with a copied cookie finds nothing to finish.
    """

    __tablename__ = "eid_pending_login"
    __table_args__ = (Index("ix_eid_pending_login_browser_state", "browser_hash", "state"),)

    id: Mapped[intpk]
    browser_hash: Mapped[str] = mapped_column(
        String(64), comment="SHA-256 of the random id kept in this browser's signed cookie"
    )
    state: Mapped[str] = mapped_column(String(100))
    nonce: Mapped[str] = mapped_column(String(100))
    code_verifier: Mapped[str | None] = mapped_column(String(128))
    redirect_uri: Mapped[str] = mapped_column(String(500))
    next_page: Mapped[str] = mapped_column(String(500), default="")
    flow_id: Mapped[str] = mapped_column(String(64), comment="links the eid_auth_log rows of this login")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class EidLogKind(enum.StrEnum):
    AUTHENTICATION_REQUEST = "authentication_request"
    CALLBACK = "callback"
    ID_TOKEN = "id_token"  # noqa: S105 - a log kind, not a secret


class EidAuthLog(Base):
    """What TARA asks relying parties to keep: request URL, callback and ID token.

    Access-restricted: never shown in the portal's pages and never written to application logs.
    """

    __tablename__ = "eid_auth_log"
    __table_args__ = (Index("ix_eid_auth_log_created_at", "created_at"),)  # the retention job's cutoff

    id: Mapped[intpk]
    created_at: Mapped[created_at]
    kind: Mapped[EidLogKind] = mapped_column(_values(EidLogKind))
    flow_id: Mapped[str] = mapped_column(String(64), index=True, comment="links the rows of one login")
    content: Mapped[str] = mapped_column(Text)
