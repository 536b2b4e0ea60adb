from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, intpk, utcnow
from portal.models.person import Person


class AuditTag(enum.StrEnum):
    """What happened, as `subject:action`. Stored by value; add members, never rename them."""

    PERSON_CREATE = "person:create"
    PERSON_VIEW = "person:view"
    AUTH_LOGIN = "auth:login"
    AUTH_LOGIN_FAILED = "auth:login-failed"
    AUTH_LOGOUT = "auth:logout"
    AUTH_TIMEOUT = "auth:timeout"
    AUTH_ROLE_SWITCH = "auth:role-switch"
    STAFF_ADD = "staff:add"
    STAFF_REMOVE = "staff:remove"
    REGISTER_QUERY = "register:query"
    REGISTER_IDENTITY_MISMATCH = "register:identity-mismatch"
    REGISTRATION_START = "registration:start"
    REGISTRATION_SUBMIT = "registration:submit"
    REGISTRATION_DECIDE = "registration:decide"
    DECISION_REVIEW_REQUEST = "decision:review-request"
    DECISION_REVIEW_ANSWER = "decision:review-answer"
    APPEAL_FILE = "appeal:file"
    APPEAL_DECIDE = "appeal:decide"
    PROFILE_UPDATE = "profile:update"
    ACCESS_REFUSED = "access:refused"
    PERSON_LIST = "person:list"
    REGISTER_ANOMALY = "register:anomaly"
    TRAINING_REQUEST = "training:request"
    TRAINING_WITHDRAW = "training:withdraw"
    TRAINING_DECIDE = "training:decide"
    OFFER_PROPOSE = "offer:propose"
    OFFER_ANSWER = "offer:answer"
    OFFER_WITHDRAW = "offer:withdraw"
    OFFER_EXPIRE = "offer:expire"
    REFUSAL_REVIEW = "refusal:review"
    VACANCY_APPLY = "vacancy:apply"
    CONSENT_WITHDRAW = "consent:withdraw"
    SHORTLIST_VIEW = "shortlist:view"
    CANDIDATE_OUTCOME = "candidate:outcome"
    PERSON_ANONYMISE = "person:anonymise"  # the retention job anonymised the person
    DATA_EXPORT = "data:export"  # the person asked for their own data
    VACANCY_CHANGE = "vacancy:change"
    EMPLOYER_PROFILE_UPDATE = "employer:profile-update"
    CASE_ASSIGN = "case:assign"
    CASE_BREAK_GLASS = "case:break-glass"  # another office's case opened, with the reason given
    CASE_NOTE_ADD = "case:note-add"
    CASELOAD_EXPORT = "caseload:export"
    RISK_ASSESS = "risk:assess"
    RISK_CONFIRM = "risk:confirm"
    RISK_OVERRIDE = "risk:override"
    RISK_RECONSIDER_REQUEST = "risk:reconsider-request"
    RISK_RECONSIDER_ANSWER = "risk:reconsider-answer"
    PLAN_DRAFT = "plan:draft"
    PLAN_AGREE = "plan:agree"
    PLAN_ACTIVITY_DONE = "plan:activity-done"
    REGISTRATION_END = "registration:end"
    REGISTRATION_REINSTATE = "registration:reinstate"
    PROPOSAL_CREATE = "proposal:create"
    PROPOSAL_REJECT = "proposal:reject"
    RECONCILIATION_START = "reconciliation:start"
    SIGNAL_VIEW = "signal:view"
    SIGNAL_CLOSE = "signal:close"
    MEETING_BOOK = "meeting:book"
    MEETING_RESCHEDULE = "meeting:reschedule"
    MEETING_CANCEL = "meeting:cancel"
    MEETING_RESCHEDULE_REQUEST = "meeting:reschedule-request"
    MEETING_KEEP_TIME = "meeting:keep-time"  # a reschedule request answered: the time stays
    MEETING_ATTENDANCE = "meeting:attendance"
    MEETING_FOLLOW_UP = "meeting:follow-up"  # what the counsellor did about a missed meeting


class DataCategory(enum.StrEnum):
    """Kinds of personal data a page showed, named in the audit event (`details.data_categories`)
    so a person can see what was seen about them, not only that someone looked."""

    NAME = "name"
    PERSONAL_CODE = "personal-code"
    REGISTER_DATA = "register-data"  # population, education, employment, benefits as read
    CONTACT = "contact"
    WORK_PREFERENCES = "work-preferences"
    REGISTRATION = "registration"  # reference, dates, why a person must decide
    DECISION = "decision"
    REVIEW_REQUEST = "review-request"
    APPEAL = "appeal"
    APPEAL_ATTACHMENT = "appeal-attachment"
    TRAINING_REQUEST = "training-request"  # the training asked for, the person's reason, the answer
    ELIGIBILITY = "eligibility"  # age, risk level, unemployment, social assistance as the rules saw them
    OFFER = "offer"  # offers, answers, refusals and their consequences
    CASE = "case"  # office, counsellor, risk level, plan status
    CONFIDENTIAL_NOTE = "confidential-note"
    RISK_PROFILE = "risk-profile"  # the factors, points and level
    PLAN = "plan"  # the individual employment plan
    STATUS_PROPOSAL = "status-proposal"  # a proposal to end a registration and its evidence
    SIGNAL = "signal"  # a fraud or anomaly signal and its evidence
    MEETING = "meeting"  # meetings with a counsellor: times, places, attendance, reasons


class AuditEvent(Base):
    """Who did what, about whom, why and when. Citizens see the events about them."""

    __tablename__ = "audit_event"
    # Who used my data: a person's events by actor role in page order (moment, then id).
    __table_args__ = (
        Index("ix_audit_event_subject_role_occurred", "subject_person_id", "actor_role", "occurred_at", "id"),
    )

    id: Mapped[intpk]
    occurred_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    tag: Mapped[AuditTag] = mapped_column(
        Enum(
            AuditTag,
            values_callable=lambda e: [m.value for m in e],
            native_enum=False,
            length=64,
            validate_strings=True,
        )
    )
    actor_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), comment="the person who acted; null for the system"
    )
    actor_role: Mapped[str] = mapped_column(
        String(40), comment="role the actor acted in: citizen, employer, counsellor, system, xroad"
    )
    subject_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), comment="the person the data is about"
    )
    purpose: Mapped[str] = mapped_column(String(500), comment="why: the case, application or rule")
    request_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actor_ref: Mapped[str | None] = mapped_column(
        String(40), comment="pseudonym of the actor (keyed hash of the national code); survives erasure"
    )
    subject_ref: Mapped[str | None] = mapped_column(
        String(40), comment="pseudonym of the subject; survives erasure"
    )
    prev_hash: Mapped[str | None] = mapped_column(String(64), comment="row_hash of the event before")
    row_hash: Mapped[str | None] = mapped_column(
        String(64), comment="sha256 of prev_hash and this event's canonical content (portal/audit_chain.py)"
    )

    actor: Mapped[Person | None] = relationship(foreign_keys=[actor_person_id])
    subject: Mapped[Person | None] = relationship(foreign_keys=[subject_person_id])
