"""What people read for the portal's codes: one place for the labels of kinds, states, roles,
registers and answers, below web and documents, so that pages, PDFs and e-mails say the same.

Every mapping is keyed by the stored value (a `StrEnum` member is equal to its value, so both
`labels.REGISTRATION_STATES[registration.state]` and `["registered"]` work). Templates reach this
module as the Jinja global `labels`; they do not build label dictionaries of their own. Where a
citizen and a counsellor are told different words for the same code, both are here, named so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from portal.catalog import lazy_gettext as _l
from portal.models import (
    AnswerKind,
    BatchState,
    CandidateSource,
    ConsentField,
    DecisionKind,
    DecisionState,
    EndReason,
    MeasureKind,
    MeetingKind,
    MeetingState,
    NotificationKind,
    NotificationState,
    NotSelectedReason,
    OfferKind,
    OfferState,
    Outcome,
    PlanStatus,
    ProposalSource,
    ProposalState,
    RefusalReason,
    RegistrationKind,
    RegistrationState,
    ReviewState,
    RiskLevel,
    RunKind,
    RunState,
    SasReportState,
    SignalKind,
    SignalState,
    TrainingRequestState,
    TrainingState,
)
from portal.profiles.refusals import Consequence

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

ROLES = {
    "jobseeker": _l("Jobseeker"),
    "employer": _l("Employer"),
    "counsellor": _l("Counsellor"),
    "supervisor": _l("Supervisor"),
    "administrator": _l("Administrator"),
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

# Offers, answers, refusals and shortlists (docs/offers.md).
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

# Trainings and measures (back office, public training page, the person's requests).
TRAINING_STATES = {
    TrainingState.DRAFT: _l("Draft"),
    TrainingState.PUBLISHED: _l("Published"),
    TrainingState.CLOSED: _l("Closed"),
}
TRAINING_STATE_COLOURS = {
    TrainingState.DRAFT: "grey",
    TrainingState.PUBLISHED: "green",
    TrainingState.CLOSED: "red",
}
TRAINING_REQUEST_STATES = {
    TrainingRequestState.REQUESTED: _l("Waiting for an answer"),
    TrainingRequestState.APPROVED: _l("Approved"),
    TrainingRequestState.REJECTED: _l("Refused"),
    TrainingRequestState.WITHDRAWN: _l("Withdrawn"),
}
TRAINING_REQUEST_STATE_COLOURS = {
    TrainingRequestState.REQUESTED: "blue",
    TrainingRequestState.APPROVED: "green",
    TrainingRequestState.REJECTED: "red",
    TrainingRequestState.WITHDRAWN: "grey",
}
MEASURE_KINDS = {
    MeasureKind.WAGE_SUBSIDY: _l("Wage subsidy"),
    MeasureKind.ON_THE_JOB_TRAINING: _l("On-the-job training"),
    MeasureKind.WORK_PRACTICE: _l("Work practice"),
    MeasureKind.SELF_EMPLOYMENT_GRANT: _l("Self-employment grant"),
    MeasureKind.PUBLIC_WORKS: _l("Public works"),
}
ELIGIBILITY_CRITERIA = {
    "age": _l("Age"),
    "risk_level": _l("Risk of long-term unemployment"),
    "unemployment": _l("Months registered as unemployed"),
    "social_assistance": _l("Receives social assistance"),
}


def role_label(role: str, acting_for: str | None = None) -> str:
    """The role as the account bar names it; an employer's with the company acted for."""
    if role == "employer" and acting_for:
        return str(_l("Employer: %(company)s", company=acting_for))
    return str(ROLES.get(role, role))


def label(mapping: Mapping[str, object], code: object, default: object = None) -> str:
    """The label of `code` (an enum member or its value); `default`, else the code, when unknown."""
    found = mapping.get(str(code) if code is not None else "", default)
    return str(found if found is not None else code)


# "Who used my data" (issue 17): what a staff member did, what kinds of data a page showed, why a
# register was read, and what another institution asked. Unknown purposes are shown as stored.
DATA_USE_KINDS = {
    "staff": _l("Staff of the employment service"),
    "employer": _l("Employers"),
    "register": _l("State registers we asked"),
    "institution": _l("Institutions that asked us"),
}
DATA_USE_PERIODS = {
    "30d": _l("Last 30 days"),
    "90d": _l("Last 90 days"),
    "1y": _l("Last 12 months"),
    "all": _l("All time"),
}
STAFF_ACTIONS = {
    "person:view": _l("Opened your case"),
    "person:list": _l("Saw you in a list of cases"),
    "case:break-glass": _l("Opened your case from another office"),
    "case:assign": _l("Gave your case to a counsellor"),
    "case:note-add": _l("Wrote a note in your case"),
    "caseload:export": _l("Downloaded a list of cases that included you"),
    "registration:decide": _l("Decided on your registration"),
    "decision:review-answer": _l("Answered your review request"),
    "appeal:decide": _l("Decided on your appeal"),
    "training:decide": _l("Decided on your training request"),
    "offer:propose": _l("Made you an offer"),
    "offer:withdraw": _l("Withdrew an offer made to you"),
    "refusal:review": _l("Reviewed your refusal of an offer"),
    # An employer, acting for a company (the "employer" kind of use).
    "shortlist:view": _l("Saw you on the shortlist of a vacancy"),
    "candidate:outcome": _l("Recorded the outcome of your application"),
    "meeting:book": _l("Booked a meeting with you"),
    "meeting:reschedule": _l("Moved a meeting with you"),
    "meeting:cancel": _l("Cancelled a meeting with you"),
    "meeting:keep-time": _l("Answered your request to move a meeting"),
    "meeting:attendance": _l("Recorded whether you came to a meeting"),
    "meeting:follow-up": _l("Recorded what follows a missed meeting"),
}
DATA_CATEGORIES = {
    "name": _l("name"),
    "personal-code": _l("personal code"),
    "register-data": _l("data from the registers"),
    "contact": _l("contact details"),
    "work-preferences": _l("the work you are looking for"),
    "registration": _l("your registration"),
    "decision": _l("decisions"),
    "review-request": _l("your review request"),
    "appeal": _l("your appeal"),
    "appeal-attachment": _l("files attached to your appeal"),
    "case": _l("your case: office, counsellor, risk level and plan"),
    "confidential-note": _l("the counsellors' notes about your case"),
    "training-request": _l("your training request"),
    "eligibility": _l("what the rules checked about you"),
    "offer": _l("offers and your answers"),
    "meeting": _l("your meetings with a counsellor"),
}
DATA_USE_PURPOSES = {
    "registration case viewed": _l("to decide on your registration"),
    "registration queue listed": _l("registrations waiting for a decision"),
    "review requests listed": _l("review requests waiting for an answer"),
    "appeals queue listed": _l("appeals waiting for a decision"),
    "appeal": _l("to decide on your appeal"),
    "registration as a jobseeker: prefill": _l("your registration as a jobseeker"),
    "registration as a jobseeker: register read again after it did not answer": _l(
        "your registration as a jobseeker (asked again after no answer)"
    ),
    "registration notification": _l("to tell another office about your registration"),
    "person viewed own register data": _l("you asked to see your register data"),
    "case viewed": _l("to work on your case"),
    "caseload listed": _l("a counsellor's list of cases"),
    "caseload exported (CSV)": _l("a counsellor's list of cases, downloaded"),
    "person search": _l("a search for a person"),
    "confidential notes read": _l("to read the notes about your case"),
    "shortlist of a vacancy": _l("you applied or accepted an offer: the data you agreed to show"),
    "outcome of an application": _l("to tell you the outcome of your application"),
    "meetings viewed": _l("to work on your meetings with a counsellor"),
    "meeting queue listed": _l("meetings waiting for a counsellor's answer"),
}
XROAD_QUESTIONS = {
    "getJobseeker": _l("Whether you are registered as a jobseeker"),
    "getCertificate": _l("Your unemployment certificate"),
}
APPEAL_STATES = {"pending": _l("Waiting for a decision"), "decided": _l("Decided")}
# Sections of "my data" that later features add (portal/services/data_export.py), by name.
EXPORT_SECTIONS = {
    "offers": _l("Offers"),
    "plans": _l("Individual plans"),
    "training_requests": _l("Training requests"),
    "case": _l("Your case"),
    "meetings": _l("Meetings with your counsellor"),
}
DATA_USE_WHO_REGISTER = _l("The employment service asked a register")
# The back office's caseload and case view.
RISK_LEVELS = {
    RiskLevel.LOW: _l("Low risk"),
    RiskLevel.MEDIUM: _l("Medium risk"),
    RiskLevel.HIGH: _l("High risk"),
}
RISK_LEVEL_COLOURS = {RiskLevel.LOW: "green", RiskLevel.MEDIUM: "yellow", RiskLevel.HIGH: "red"}
PLAN_STATUSES = {
    PlanStatus.NONE: _l("No plan"),
    PlanStatus.DRAFT: _l("Plan drafted, not yet agreed"),
    PlanStatus.AGREED: _l("Plan agreed"),
}
RISK_FACTORS = {
    "age": _l("Age"),
    "education": _l("Education level (ISCED)"),
    "months_since_job": _l("Months since the last job"),
    "months_employed_2y": _l("Months employed in the last two years"),
    "previous_spells": _l("Previous registrations as unemployed"),
    "social_assistance": _l("Social assistance category"),
    "barriers": _l("Declared barriers"),
    "languages": _l("Official language"),
    "region": _l("Unemployment in the region"),
}
BARRIERS = {
    "caring": _l("Caring duties"),
    "health": _l("Health"),
    "no_driving_licence": _l("No driving licence"),
}
REGIONAL_UNEMPLOYMENT = {"low": _l("Low"), "average": _l("Average"), "high": _l("High")}
SERVICE_LEVELS = {
    "self_service": _l("Self-service"),
    "counselling": _l("Counselling"),
    "intensive": _l("Intensive counselling"),
}
# What the level means, told to the person.
SERVICE_EXPLANATIONS = {
    "self_service": _l(
        "You look for work with the portal's tools: vacancies, trainings and your profile. A counsellor "
        "helps whenever you ask."
    ),
    "counselling": _l(
        "A counsellor meets you regularly to plan your job search with you and to suggest vacancies "
        "and trainings."
    ),
    "intensive": _l(
        "A counsellor works closely with you: frequent meetings and an individual employment plan that "
        "you agree together."
    ),
}
PLAN_ACTIVITY_KINDS = {
    "apply": _l("Apply for jobs"),
    "training": _l("Training"),
    "meeting": _l("Meeting"),
    "documents": _l("Documents to bring"),
    "measure": _l("Labour-market measure"),
    "other": _l("Other"),
}
PLAN_ACTORS = {"jobseeker": _l("You"), "counsellor": _l("Your counsellor")}
PLAN_ACTORS_FOR_STAFF = {"jobseeker": _l("The jobseeker"), "counsellor": _l("The counsellor")}
MEETING_KINDS = {
    MeetingKind.IN_PERSON: _l("In person"),
    MeetingKind.PHONE: _l("By phone"),
    MeetingKind.VIDEO: _l("By video"),
}
MEETING_STATES = {  # as the person reads them
    MeetingState.BOOKED: _l("Booked"),
    MeetingState.RESCHEDULE_REQUESTED: _l("You asked for another time"),
    MeetingState.RESCHEDULED: _l("Moved to another time"),
    MeetingState.ATTENDED: _l("You came"),
    MeetingState.MISSED: _l("You did not come"),
    MeetingState.CANCELLED: _l("Cancelled"),
}
MEETING_STATES_FOR_STAFF = {
    **MEETING_STATES,
    MeetingState.RESCHEDULE_REQUESTED: _l("The person asked for another time"),
    MeetingState.ATTENDED: _l("Attended"),
    MeetingState.MISSED: _l("Missed"),
}
MEETING_STATE_COLOURS = {
    MeetingState.BOOKED: "blue",
    MeetingState.RESCHEDULE_REQUESTED: "yellow",
    MeetingState.RESCHEDULED: "grey",
    MeetingState.ATTENDED: "green",
    MeetingState.MISSED: "red",
    MeetingState.CANCELLED: "grey",
}
PLAN_CHANGES = {
    "goal": _l("The goal changed"),
    "added": _l("Added"),
    "removed": _l("Removed"),
    "changed": _l("Changed"),
}

# --- search (vacancies and trainings) ---
OCCUPATION_GROUPS = {
    "0": _l("Armed forces occupations"),
    "1": _l("Managers"),
    "2": _l("Professionals"),
    "3": _l("Technicians and associate professionals"),
    "4": _l("Clerical support workers"),
    "5": _l("Service and sales workers"),
    "6": _l("Skilled agricultural, forestry and fishery workers"),
    "7": _l("Craft and related trades workers"),
    "8": _l("Plant and machine operators and assemblers"),
    "9": _l("Elementary occupations"),
}
VACANCY_WORKING_TIMES = {"full": _l("Full-time"), "part": _l("Part-time"), "shifts": _l("Shift work")}
CONTRACT_TYPES = {
    "permanent": _l("Permanent"),
    "fixed_term": _l("Fixed-term"),
    "seasonal": _l("Seasonal"),
}
ANY_CONTRACT = _l("Any kind of contract")


def contract_preference(kinds: Iterable[str]) -> str:
    """The kinds of contract a person would take, in words; none or every kind: any kind."""
    chosen = [code for code in CONTRACT_TYPES if code in set(kinds)]
    if not chosen or len(chosen) == len(CONTRACT_TYPES):
        return str(ANY_CONTRACT)
    return ", ".join(str(CONTRACT_TYPES[code]) for code in chosen)


# The search's education filter: vacancies requiring at most this ISCED 2011 level.
EDUCATION_AT_MOST = {
    2: _l("Basic education"),
    3: _l("Upper secondary education"),
    4: _l("Vocational education after secondary school"),
    6: _l("Bachelor's degree or equivalent"),
    7: _l("Master's degree or equivalent"),
    8: _l("Doctoral degree"),
}
SEARCH_SORTS = {
    "relevance": _l("Best match"),
    "newest": _l("Newest"),
    "deadline": _l("Closing soonest"),
}
TRAINING_SORTS = {
    "relevance": _l("Best match"),
    "newest": _l("Newest"),
    "deadline": _l("Starting soonest"),
}

# --- after registration (issue 16) ----------------------------------------------------------

END_REASONS = {
    EndReason.FOUND_WORK: _l("Found work"),
    EndReason.OWN_REQUEST: _l("At the person's own request"),
    EndReason.DECEASED: _l("Deceased"),
    EndReason.EMIGRATED: _l("Moved abroad"),
    EndReason.PENSION_AGE: _l("Reached pension age"),
    EndReason.SANCTION: _l("Sanction: end of registration"),
    EndReason.NO_CONTACT: _l("No contact"),
}
PROPOSAL_SOURCES = {
    ProposalSource.PERSON: _l("The person"),
    ProposalSource.EMPLOYER: _l("Employer: hired"),
    ProposalSource.TAX_CHECK: _l("Nightly tax check"),
    ProposalSource.POPULATION_CHECK: _l("Nightly population check"),
    ProposalSource.COUNSELLOR: _l("Counsellor"),
}
PROPOSAL_STATES = {
    ProposalState.OPEN: _l("Open"),
    ProposalState.CONFIRMED: _l("Confirmed: registration ended"),
    ProposalState.REJECTED: _l("Rejected"),
}
RUN_KINDS = {
    RunKind.TAX: _l("Tax and employment check"),
    RunKind.POPULATION: _l("Population check"),
    RunKind.SOCIAL_ASSISTANCE: _l("Social assistance report"),
    RunKind.PAY: _l("Pay while registered"),
}
RUN_STATES = {
    RunState.PLANNING: _l("Planning"),
    RunState.RUNNING: _l("Running"),
    RunState.FINISHED: _l("Finished"),
    RunState.FINISHED_WITH_ERRORS: _l("Finished with errors"),
}
BATCH_STATES = {
    BatchState.PENDING: _l("Waiting"),
    BatchState.RUNNING: _l("Running"),
    BatchState.DONE: _l("Done"),
    BatchState.FAILED: _l("Failed"),
}
SIGNAL_KINDS = {
    SignalKind.WORKED_WHILE_REGISTERED: _l("Pay declared while registered as unemployed"),
    SignalKind.SHARED_CONTACT: _l("Same contact details or bank account as unrelated persons"),
    SignalKind.CONTRADICTED_CORRECTION: _l("Correction contradicted by a register"),
    SignalKind.RESIDENCE_ABROAD: _l("Registered from a residence abroad"),
    SignalKind.ROLE_SWITCHES: _l("Many switches to companies no longer represented"),
}
SIGNAL_STATES = {
    SignalState.OPEN: _l("Open"),
    SignalState.EXPLAINED: _l("Explained"),
    SignalState.REFERRED: _l("Referred"),
}
