"""Typed SQLAlchemy 2.0 models, one module per aggregate. Import `Base` for metadata."""

from portal.models.audit import AuditEvent, AuditTag
from portal.models.auth import (
    EidAuthLog,
    EidLogKind,
    EidPendingLogin,
    LoginSession,
    StaffMember,
    StaffRole,
)
from portal.models.base import Base
from portal.models.documents import (
    Appeal,
    AppealAttachment,
    AppealState,
    Document,
    DocumentKind,
    InboxMessage,
)
from portal.models.jobseeker_profile import (
    EducationSource,
    JobseekerProfile,
    OccupationSource,
    ProfileLanguage,
    ProfileOccupation,
    ProfilePlace,
    WorkingTime,
)
from portal.models.outbox import OutboxMessage
from portal.models.person import Person
from portal.models.registration import (
    AutomatedRule,
    Certificate,
    CertificateStatus,
    Decision,
    DecisionKind,
    DecisionState,
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
    "Appeal",
    "AppealAttachment",
    "AppealState",
    "AuditEvent",
    "AuditTag",
    "AutomatedRule",
    "Base",
    "Certificate",
    "CertificateStatus",
    "Decision",
    "DecisionKind",
    "DecisionState",
    "Document",
    "DocumentKind",
    "EducationSource",
    "EidAuthLog",
    "EidLogKind",
    "EidPendingLogin",
    "InboxMessage",
    "JobseekerProfile",
    "LoginSession",
    "NotificationKind",
    "NotificationState",
    "OccupationSource",
    "OutboundNotification",
    "OutboxMessage",
    "Person",
    "ProfileLanguage",
    "ProfileOccupation",
    "ProfilePlace",
    "QueryDirection",
    "Registration",
    "RegistrationDraft",
    "RegistrationKind",
    "RegistrationState",
    "StaffMember",
    "StaffRole",
    "WorkingTime",
    "XRoadQuery",
]
