"""Labels of the back office's caseload and case view: risk, service levels, individual plans and
meetings, as the counsellor and the person read them.

One module of `portal.labels` (which re-exports it), kept apart by domain so that each stays short.
"""

from __future__ import annotations

from portal.catalog import lazy_gettext as _l
from portal.models import MeetingKind, MeetingState, PlanStatus, RiskLevel

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
