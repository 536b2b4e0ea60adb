"""Labels of trainings and measures (back office, public training page, the person's requests).

One module of `portal.labels` (which re-exports it), kept apart by domain so that each stays short.
"""

from __future__ import annotations

from portal.catalog import lazy_gettext as _l
from portal.models import MeasureKind, TrainingRequestState, TrainingState

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
