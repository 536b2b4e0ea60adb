"""Labels of offers, answers, refusals and shortlists (docs/offers.md).

One module of `portal.labels` (which re-exports it), kept apart by domain so that each stays short.
"""

from __future__ import annotations

from portal.catalog import lazy_gettext as _l
from portal.models import (
    AnswerKind,
    CandidateSource,
    ConsentField,
    NotSelectedReason,
    OfferKind,
    OfferState,
    Outcome,
    RefusalReason,
    ReviewState,
    SasReportState,
)
from portal.profiles.refusals import Consequence

OFFER_KINDS = {
    OfferKind.VACANCY: _l("Job"),
    OfferKind.TRAINING: _l("Training"),
    OfferKind.MEASURE: _l("Measure"),
}
OFFER_STATES = {
    OfferState.PROPOSED: _l("Waiting for your answer"),
    OfferState.ACCEPTED: _l("Accepted"),
    OfferState.REFUSED: _l("Refused"),
    OfferState.EXPIRED: _l("Not answered in time"),
    OfferState.WITHDRAWN: _l("Withdrawn"),
}
OFFER_STATES_FOR_STAFF = {**OFFER_STATES, OfferState.PROPOSED: _l("Waiting for an answer")}
OFFER_STATE_COLOURS = {
    OfferState.PROPOSED: "blue",
    OfferState.ACCEPTED: "green",
    OfferState.REFUSED: "orange",
    OfferState.EXPIRED: "grey",
    OfferState.WITHDRAWN: "grey",
}
ANSWER_KINDS = {AnswerKind.ACCEPT: _l("Accepted"), AnswerKind.REFUSE: _l("Refused")}
REFUSAL_REASONS = {
    RefusalReason.HEALTH: _l("Health reasons"),
    RefusalReason.CARING: _l("Caring duties"),
    RefusalReason.WAGE: _l("The wage is below what the offer rules allow"),
    RefusalReason.DISTANCE: _l("Travel distance or time"),
    RefusalReason.WORKING: _l("I am already working or starting a job"),
    RefusalReason.TRAINING_CLASH: _l("It clashes with my training"),
    RefusalReason.OTHER: _l("Another reason"),
    RefusalReason.NONE: _l("No reason"),
    RefusalReason.EXPIRED: _l("Not answered by the deadline"),
}
REVIEW_STATES = {
    ReviewState.PENDING: _l("Waiting for a counsellor"),
    ReviewState.VALID: _l("Valid reason"),
    ReviewState.NOT_VALID: _l("No valid reason"),
}
CONSEQUENCES = {
    Consequence.NONE: _l("No consequence"),
    Consequence.MOVE_TO_END: _l("Moved to the end of the list for job offers"),
    Consequence.SUSPENSION_PROPOSAL: _l("Suspension of social assistance proposed to the scheme"),
    Consequence.WARNING: _l("Warning"),
    Consequence.END_REGISTRATION: _l("Registration as a jobseeker ends"),
}
SAS_REPORT_STATES = {
    SasReportState.NOT_NEEDED: _l("Nothing to report"),
    SasReportState.PENDING: _l("Being sent to the social assistance scheme"),
    SasReportState.ACCEPTED: _l("Received by the social assistance scheme"),
    SasReportState.NOT_BENEFICIARY: _l("Not a beneficiary: nothing to report"),
    SasReportState.FAILED: _l("Refused by the social assistance scheme"),
}
CONSENT_FIELDS = {
    ConsentField.NAME: _l("Name"),
    ConsentField.CONTACT: _l("Contact details (e-mail and phone)"),
    ConsentField.OCCUPATIONS: _l("Occupations"),
    ConsentField.EDUCATION: _l("Education"),
    ConsentField.LANGUAGES: _l("Languages"),
    ConsentField.EXPERIENCE: _l("Experience summary"),
}
CANDIDATE_SOURCES = {
    CandidateSource.OFFER: _l("Accepted an offer"),
    CandidateSource.APPLICATION: _l("Applied"),
}
OUTCOMES = {
    Outcome.INVITED: _l("Invited to an interview"),
    Outcome.INTERVIEWED: _l("Interviewed"),
    Outcome.HIRED: _l("Hired"),
    Outcome.NOT_SELECTED: _l("Not selected"),
}
NOT_SELECTED_REASONS = {
    NotSelectedReason.QUALIFICATIONS: _l("Qualifications do not match"),
    NotSelectedReason.EXPERIENCE: _l("Not enough experience"),
    NotSelectedReason.LANGUAGE: _l("Language skills"),
    NotSelectedReason.OTHER_CANDIDATE: _l("Another candidate was chosen"),
    NotSelectedReason.NO_SHOW: _l("Did not come to the interview"),
    NotSelectedReason.DECLINED: _l("The candidate declined"),
    NotSelectedReason.POSITION_CLOSED: _l("The position was closed"),
}
