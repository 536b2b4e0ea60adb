"""Registration as a jobseeker: the draft a person fills in, and what it becomes on submit.

A draft holds the register values read for it (with their source and X-Road message ids) beside
what the person declared, so a correction never overwrites what a register said.
"""

from __future__ import annotations

import datetime as dt
import enum
import secrets
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text, text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from portal.models.auth import StaffMember, StaffRole
from portal.models.base import Base, created_at, intpk, updated_at, utcnow
from portal.models.person import Person
from portal.models.register_snapshot import RegisterSnapshot


def _enum(kind: type[enum.Enum], length: int = 32) -> Enum:
    return Enum(kind, values_callable=lambda e: [m.value for m in e], native_enum=False, length=length)


# Crockford's base32 without I, L, O, U: codes people read aloud or type from paper.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_verification_code(length: int = 20) -> str:
    """100 random bits: too many to guess, even at the verification page's rate limit."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


class RegistrationKind(enum.StrEnum):
    UNEMPLOYED = "unemployed"  # not working: may get a certificate and health insurance
    JOBSEEKER = "jobseeker"  # looking for work while still employed or under notice


class RegistrationState(enum.StrEnum):
    PENDING = "pending"  # waiting for a counsellor's decision
    REGISTERED = "registered"
    REJECTED = "rejected"
    DEREGISTERED = "deregistered"


ACTIVE_STATES = (RegistrationState.PENDING.value, RegistrationState.REGISTERED.value)
ACTIVE_CONDITION = "state IN ('pending', 'registered')"


class RegistrationDraft(Base):
    """One per person. Saved at every step; `version` stops two tabs from overwriting each other."""

    __tablename__ = "registration_draft"

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), unique=True)
    consent_at: Mapped[dt.datetime] = mapped_column(comment="when the person acknowledged the start page")
    consent_version: Mapped[str] = mapped_column(String(40), comment="version of the start page text")
    prefill: Mapped[dict[str, Any]] = mapped_column(
        JSON, default=dict, comment="register answers by section: status, values, X-Road ids"
    )
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, comment="what the person declared")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]
    reminder_sent_at: Mapped[dt.datetime | None]

    person: Mapped[Person] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def snapshot(self) -> RegisterSnapshot:
        """The register answers, typed; `prefill` is read and written only through this."""
        return RegisterSnapshot.from_json(self.prefill)

    @snapshot.setter
    def snapshot(self, value: RegisterSnapshot) -> None:
        self.prefill = value.to_json()


def population_municipality(register_data: Any) -> str | None:
    """The population register's municipality in a registration's register snapshot (JSON), as the
    databases read the path `sections.population.values.municipality_code` (None when absent)."""
    value: Any = register_data
    for key in ("sections", "population", "values", "municipality_code"):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value if isinstance(value, str) else None


class Registration(Base):
    __tablename__ = "registration"
    __table_args__ = (
        # One active registration per person, enforced by the database on both backends.
        Index(
            "uq_registration_active_person",
            "person_id",
            unique=True,
            sqlite_where=text(ACTIVE_CONDITION),
            postgresql_where=text(ACTIVE_CONDITION),
        ),
        # The reports' region filter (migration 0040): whether a row's person lives in the region is
        # one probe of (person, municipality), read from the index alone; a figure over many rows
        # reads the region's people from (municipality, person) instead. The first also serves every
        # lookup by person (it replaces the index of person_id alone, which SQLite took instead).
        Index("ix_registration_person_municipality", "person_id", "municipality"),
        Index("ix_registration_municipality_person", "municipality", "person_id"),
    )

    id: Mapped[intpk]
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    # Indexed first in (person_id, municipality) below.
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    kind: Mapped[RegistrationKind] = mapped_column(_enum(RegistrationKind))
    # Every back-office queue filters on the state.
    state: Mapped[RegistrationState] = mapped_column(_enum(RegistrationState), index=True)
    submitted_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)  # reports by period
    decision_due_on: Mapped[dt.date] = mapped_column(comment="statutory deadline of the decision")
    registered_on: Mapped[dt.date | None]
    deregistered_on: Mapped[dt.date | None]
    end_reason: Mapped[str | None] = mapped_column(
        String(32), comment="why it ended (models.lifecycle.EndReason); set with deregistered_on"
    )
    consent_at: Mapped[dt.datetime]
    consent_version: Mapped[str] = mapped_column(String(40))
    register_data: Mapped[dict[str, Any]] = mapped_column(JSON, comment="register answers used, by section")
    # A copy of `register_data`'s population municipality, kept by every write of `register_data`
    # (`_keep_municipality` below; the bulk writes name it: retention, the synthetic year).
    municipality: Mapped[str | None] = mapped_column(
        String(), comment="the population register's municipality in register_data (a copy, for the reports)"
    )
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, comment="what the person declared")
    review_reasons: Mapped[list[str]] = mapped_column(
        JSON, default=list, comment="why a counsellor must decide: corrections, manual entries, eligibility"
    )

    person: Mapped[Person] = relationship()
    decisions: Mapped[list[Decision]] = relationship(back_populates="registration", order_by="Decision.id")
    certificates: Mapped[list[Certificate]] = relationship(
        back_populates="registration", order_by="Certificate.id"
    )
    notifications: Mapped[list[OutboundNotification]] = relationship(
        back_populates="registration", order_by="OutboundNotification.id"
    )

    @validates("register_data")
    def _keep_municipality(self, _key: str, register_data: dict[str, Any]) -> dict[str, Any]:
        self.municipality = population_municipality(register_data)
        return register_data

    @property
    def is_active(self) -> bool:
        return self.state.value in ACTIVE_STATES

    @property
    def snapshot(self) -> RegisterSnapshot:
        """The register answers, typed; `register_data` is read and written only through this."""
        return RegisterSnapshot.from_json(self.register_data)

    @snapshot.setter
    def snapshot(self, value: RegisterSnapshot) -> None:
        self.register_data = value.to_json()


class DecisionKind(enum.StrEnum):
    REGISTRATION = "registration"
    REGISTRATION_REJECTED = "registration_rejected"
    DEREGISTRATION = "deregistration"
    REVIEW_OUTCOME = "review_outcome"  # a counsellor's answer to "ask a person to review"
    APPEAL_OUTCOME = "appeal_outcome"  # a supervisor's answer to an appeal
    TRAINING_APPROVED = "training_approved"  # a request to join a training, granted
    TRAINING_REJECTED = "training_rejected"  # a request to join a training, refused
    REFUSAL_BREACH = "refusal_breach"  # a refused offer confirmed without valid reason (docs/offers.md)


class DecisionState(enum.StrEnum):
    ISSUED = "issued"
    APPEALED = "appealed"  # an appeal or review request is open
    UPHELD = "upheld"  # the appeal or review found it right
    CHANGED = "changed"  # the appeal or review changed the outcome: see the decision that supersedes it
    SUPERSEDED = "superseded"  # replaced by a correcting decision


class AutomatedRule(enum.StrEnum):
    """The rules that decide without a person. Each has its reasons and its name in plain words
    (`portal/decision_texts.py`); the value is stored, so it never changes."""

    REGISTRATION_FROM_REGISTER_DATA = "registration-from-register-data"
    END_ON_OWN_REPORT = "end-on-own-report"  # the person reported work or asked to end it
    END_FROM_TAX_REGISTER = "end-from-tax-register"  # the nightly check found employment
    END_FROM_POPULATION_REGISTER = "end-from-population-register"  # deceased, abroad, pension age


class Decision(Base):
    """An issued decision. Never changed once issued; a new decision supersedes it (issue 6)."""

    __tablename__ = "decision"

    id: Mapped[intpk]
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="RESTRICT"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[DecisionKind] = mapped_column(_enum(DecisionKind, 40))
    legal_basis: Mapped[str] = mapped_column(String(300))
    reasoning: Mapped[str] = mapped_column(Text, comment="the facts and rules, in the person's terms")
    automated_rule: Mapped[AutomatedRule | None] = mapped_column(
        _enum(AutomatedRule, 80), comment="set when no person decided"
    )
    issued_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="RESTRICT"))
    issuer_role: Mapped[StaffRole | None] = mapped_column(
        _enum(StaffRole), comment="the issuing staff member's role when the decision was issued"
    )
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)  # reports by period
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, comment="X-Road ids of the data used")
    review_requested_at: Mapped[dt.datetime | None] = mapped_column(index=True)  # the review queue
    review_reason: Mapped[str | None] = mapped_column(Text)
    state: Mapped[DecisionState] = mapped_column(_enum(DecisionState), default=DecisionState.ISSUED)
    appealable: Mapped[bool] = mapped_column(
        default=True,
        server_default=true(),
        comment="false where the law gives no appeal (an end at the person's own request, a death)",
    )
    verification_code: Mapped[str] = mapped_column(
        String(24),
        unique=True,
        default=new_verification_code,
        comment="printed on the document; looked up at /verify",
    )
    decision_due_on: Mapped[dt.date | None] = mapped_column(comment="the statutory deadline it had to meet")
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("decision.id", ondelete="RESTRICT"), index=True, comment="the decision this one replaces"
    )
    responds_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("decision.id", ondelete="RESTRICT"),
        index=True,
        comment="the decision whose review or appeal this answers",
    )

    registration: Mapped[Registration] = relationship(back_populates="decisions")
    issued_by: Mapped[StaffMember | None] = relationship()

    @property
    def is_in_force(self) -> bool:
        """Not replaced by a later decision (on appeal, on review or by a correction)."""
        return self.state not in (DecisionState.CHANGED, DecisionState.SUPERSEDED)


class CertificateStatus(enum.StrEnum):
    VALID = "VALID"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"


class Certificate(Base):
    """An unemployment certificate: what other institutions used to ask for on paper."""

    __tablename__ = "certificate"

    id: Mapped[intpk]
    number: Mapped[str] = mapped_column(String(40), unique=True)
    verification_code: Mapped[str] = mapped_column(String(40), unique=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="RESTRICT"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    issued_on: Mapped[dt.date]
    valid_until: Mapped[dt.date]
    revoked_on: Mapped[dt.date | None]

    registration: Mapped[Registration] = relationship(back_populates="certificates")

    def status_on(self, day: dt.date) -> CertificateStatus:
        if self.revoked_on is not None and self.revoked_on <= day:
            return CertificateStatus.REVOKED
        if day > self.valid_until:
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID


class NotificationKind(enum.StrEnum):
    HEALTH_COVERAGE = "health_coverage"  # health-insurance coverage-notifications
    SOCIAL_ASSISTANCE_STATUS = "social_assistance_status"  # jobseeker-status-notifications


class NotificationState(enum.StrEnum):
    PENDING = "pending"  # not yet answered
    SENT = "sent"  # tried, no answer yet (timeout, error): will be retried with the same id
    ACCEPTED = "accepted"
    FAILED = "failed"  # refused for good (4xx): a person must look at it


class OutboundNotification(Base):
    """A message to another institution, sent and retried with one idempotency id until accepted."""

    __tablename__ = "outbound_notification"

    id: Mapped[intpk]
    notification_id: Mapped[str] = mapped_column(String(36), unique=True, comment="idempotency UUID")
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[NotificationKind] = mapped_column(_enum(NotificationKind, 40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[NotificationState] = mapped_column(_enum(NotificationState), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[created_at]
    last_attempt_at: Mapped[dt.datetime | None]
    accepted_at: Mapped[dt.datetime | None]

    registration: Mapped[Registration] = relationship(back_populates="notifications")
