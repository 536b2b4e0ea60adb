"""Labels of documents: what a decision document is (the verification page, the inbox), the
inbox's messages, and what the public verification page says of a document it found.

One module of `portal.labels` (which re-exports it), kept apart by domain so that each stays short.
"""

from __future__ import annotations

from portal.catalog import lazy_gettext as _l
from portal.models import DecisionKind

# What a document is, as the verification page and the inbox name it.
DOCUMENT_TYPES = {
    DecisionKind.REGISTRATION: _l("Registration decision"),
    DecisionKind.REGISTRATION_REJECTED: _l("Registration refused"),
    DecisionKind.DEREGISTRATION: _l("Deregistration decision"),
    DecisionKind.REVIEW_OUTCOME: _l("Decision on a review"),
    DecisionKind.APPEAL_OUTCOME: _l("Decision on an appeal"),
    DecisionKind.TRAINING_APPROVED: _l("Decision on a training request"),
    DecisionKind.TRAINING_REJECTED: _l("Decision on a training request"),
    DecisionKind.REFUSAL_BREACH: _l("Decision on a refused offer"),
}
CERTIFICATE = _l("Unemployment certificate")
INBOX_MESSAGE_KINDS = {
    "appeal_received": _l("We received your appeal"),
    "training_answer": _l("Answer to your training request"),
    "offer": _l("You have a new offer"),
    "offer_reminder": _l("Reminder: an offer waits for your answer"),
    "offer_withdrawn": _l("An offer was withdrawn"),
    "refusal_reviewed": _l("A counsellor reviewed your refusal"),
    "application_outcome": _l("An employer answered your application"),
    "risk_answer": _l("Answer to your request to reconsider your support level"),
    "plan_drafted": _l("Your counsellor drafted your individual employment plan"),
    "plan_agreed": _l("Your agreed individual employment plan"),
    "plan_reminder": _l("Reminder: an activity of your plan is due soon"),
    "meeting_booked": _l("Your counsellor booked a meeting with you"),
    "meeting_rescheduled": _l("Your meeting with your counsellor was moved"),
    "meeting_cancelled": _l("Your meeting with your counsellor was cancelled"),
    "meeting_reminder": _l("Reminder: you have a meeting with your counsellor tomorrow"),
    "meeting_time_kept": _l("Answer to your request to move a meeting"),
}

# What the public verification page says of a document it found.
DOCUMENT_STATUSES = {
    "valid": _l("Valid"),
    "superseded": _l("Replaced by a later decision"),
    "revoked": _l("Revoked"),
    "expired": _l("Expired"),
}
DOCUMENT_STATUS_COLOURS = {"valid": "green", "superseded": "orange", "revoked": "red", "expired": "grey"}
DOCUMENT_STATUS_EXPLANATIONS = {
    "superseded": _l("A later decision changed or replaced this one. Ask the person for the newer decision."),
    "revoked": _l("This certificate was revoked and is no longer valid."),
    "expired": _l("This certificate is no longer valid: its validity period has ended."),
}
