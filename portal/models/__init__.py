"""Typed SQLAlchemy 2.0 models, one module per aggregate. Import `Base` for metadata."""

from portal.models.audit import AuditEvent, AuditTag
from portal.models.auth import EidAuthLog, EidLogKind, LoginSession, StaffMember, StaffRole
from portal.models.base import Base
from portal.models.person import Person
from portal.models.registration import (
    Certificate,
    CertificateStatus,
    Decision,
    DecisionKind,
    NotificationKind,
    NotificationState,
    OutboundNotification,
    Registration,
    RegistrationDraft,
    RegistrationKind,
    RegistrationState,
)
from portal.models.xroad import QueryDirection, XRoadQuery

__all__ = [
    "AuditEvent",
    "AuditTag",
    "Base",
    "Certificate",
    "CertificateStatus",
    "Decision",
    "DecisionKind",
    "EidAuthLog",
    "EidLogKind",
    "LoginSession",
    "NotificationKind",
    "NotificationState",
    "OutboundNotification",
    "Person",
    "QueryDirection",
    "Registration",
    "RegistrationDraft",
    "RegistrationKind",
    "RegistrationState",
    "StaffMember",
    "StaffRole",
    "XRoadQuery",
]
