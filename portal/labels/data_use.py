"""Labels of "Who used my data" (issue 17) and "my data": what a staff member did, what kinds of
data a page showed, why a register was read, and what another institution asked.

One module of `portal.labels` (which re-exports it), kept apart by domain so that each stays short.
"""

from __future__ import annotations

from portal.catalog import lazy_gettext as _l

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
