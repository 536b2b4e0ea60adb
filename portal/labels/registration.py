"""Labels of the registers, the registration and its decisions: what the person's own pages,
their inbox and the back office call the registers' answers, the registration's kinds and states,
its decisions and the notifications sent to other offices.

One module of `portal.labels` (which re-exports it), kept apart by domain so that each stays short.
"""

from __future__ import annotations

from portal.catalog import lazy_gettext as _l
from portal.models import (
    DecisionKind,
    DecisionState,
    NotificationKind,
    NotificationState,
    RegistrationKind,
    RegistrationState,
)

REGISTER_TITLES = {
    "population": _l("Population register"),
    "education": _l("Education register"),
    "employment": _l("Tax and employment register"),
    "social_assistance": _l("Social assistance register"),
    "health_insurance": _l("Health insurance register"),
    "business": _l("Business register"),
}

# The items of a register's answer a person may correct, by "<section>.<item>".
REGISTER_ITEMS = {
    "population.address": _l("Address"),
    "education.qualifications": _l("Qualifications"),
    "employment.employments": _l("Employment history"),
    "social_assistance.status": _l("Social assistance status"),
    "health_insurance.coverage": _l("Health insurance coverage"),
}

REGISTRATION_KINDS = {
    RegistrationKind.UNEMPLOYED: _l("Unemployed"),
    RegistrationKind.JOBSEEKER: _l("Jobseeker (employed or under notice)"),
}

# The person's own page.
REGISTRATION_STATES = {
    RegistrationState.PENDING: _l("Waiting for a decision"),
    RegistrationState.REGISTERED: _l("Registered"),
    RegistrationState.REJECTED: _l("Not registered"),
    RegistrationState.DEREGISTERED: _l("Registration ended"),
}

# The person's decisions page and inbox.
DECISION_KINDS = {
    DecisionKind.REGISTRATION: _l("Registration decision"),
    DecisionKind.REGISTRATION_REJECTED: _l("Registration refused"),
    DecisionKind.DEREGISTRATION: _l("Registration ended"),
    DecisionKind.REVIEW_OUTCOME: _l("Answer to your review request"),
    DecisionKind.APPEAL_OUTCOME: _l("Decision on your appeal"),
    DecisionKind.TRAINING_APPROVED: _l("Training request approved"),
    DecisionKind.TRAINING_REJECTED: _l("Training request refused"),
    DecisionKind.REFUSAL_BREACH: _l("Decision on a refused offer"),
}
# The back office speaks of the person's requests in the third person.
DECISION_KINDS_FOR_STAFF = {
    DecisionKind.REGISTRATION: _l("Registration decision"),
    DecisionKind.REGISTRATION_REJECTED: _l("Registration refused"),
    DecisionKind.DEREGISTRATION: _l("End of registration"),
    DecisionKind.REVIEW_OUTCOME: _l("Answer to a review request"),
    DecisionKind.APPEAL_OUTCOME: _l("Decision on an appeal"),
    DecisionKind.TRAINING_APPROVED: _l("Training request approved"),
    DecisionKind.TRAINING_REJECTED: _l("Training request refused"),
    DecisionKind.REFUSAL_BREACH: _l("Decision on a refused offer"),
}
DECISION_STATES = {
    DecisionState.APPEALED: _l("Appealed"),
    DecisionState.UPHELD: _l("Upheld after review"),
    DecisionState.CHANGED: _l("Changed"),
    DecisionState.SUPERSEDED: _l("Superseded"),
}

NOTIFICATION_KINDS = {
    NotificationKind.HEALTH_COVERAGE: _l("Health insurance fund"),
    NotificationKind.SOCIAL_ASSISTANCE_STATUS: _l("Social assistance office"),
}
NOTIFICATION_STATES = {
    NotificationState.PENDING: _l("Waiting to be sent"),
    NotificationState.SENT: _l("Sent"),
    NotificationState.ACCEPTED: _l("Accepted"),
    NotificationState.FAILED: _l("Not accepted: we are looking into it"),
}

# The person's answer as the journey's review page reads it back, and as a counsellor reads it.
WORKING_TIME = {"any": _l("Full-time or part-time"), "full": _l("Full-time"), "part": _l("Part-time")}
WORKING_TIME_FOR_STAFF = {"any": _l("Either"), "full": _l("Full-time"), "part": _l("Part-time")}

# What a person entered themselves where a register was silent, as the counsellor's case shows it.
MANUAL_ENTRIES = {
    "address": _l("Address"),
    "highest": _l("Highest education or qualification"),
    "employed": _l("Employed now"),
    "receives": _l("Receives social assistance"),
    "insured": _l("Insured today"),
}

# Register values (codes of the social assistance and health insurance contracts).
SOCIAL_ASSISTANCE_STATUSES = {
    "ACTIVE": _l("Receiving social assistance"),
    "SUSPENDED": _l("Suspended"),
    "ENDED": _l("Ended"),
}
SOCIAL_ASSISTANCE_CATEGORIES = {
    "I": _l("Category I: not able to work"),
    "II": _l("Category II: partly able to work"),
}
COVERAGE_BASES = {
    "EMPLOYMENT": _l("Employment"),
    "REGISTERED_UNEMPLOYED": _l("Registered unemployment"),
    "PENSIONER": _l("Pension"),
    "STUDENT": _l("Studies"),
    "OTHER": _l("Other basis"),
}
