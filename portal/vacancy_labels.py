"""Translatable labels of vacancy values (kept apart from `portal.labels`, which is everyone's)."""

from __future__ import annotations

from portal.catalog import lazy_gettext as _l

STATES = {
    "draft": _l("Draft"),
    "submitted": _l("Waiting for a check"),
    "published": _l("Published"),
    "closed": _l("Closed"),
}
STATE_COLOURS = {"draft": "grey", "submitted": "blue", "published": "green", "closed": "orange"}
CLOSURE_REASONS = {"filled": _l("Filled"), "withdrawn": _l("Withdrawn"), "expired": _l("Expired")}
WORKING_TIMES = {"full": _l("Full-time"), "part": _l("Part-time"), "shifts": _l("Shift work")}
CONTRACTS = {
    "permanent": _l("Permanent"),
    "fixed_term": _l("Fixed-term"),
    "seasonal": _l("Seasonal"),
}
REMOTE = {
    "on_site": _l("At the workplace"),
    "hybrid": _l("Partly remote (hybrid)"),
    "remote": _l("Remote work"),
}
APPLY_METHODS = {
    "portal": _l("Through this portal"),
    "email": _l("By e-mail"),
    "website": _l("On the employer's website"),
}
# ISCED 2011 levels, as the education register reports them.
EDUCATION_LEVELS = {
    0: _l("Early childhood education"),
    1: _l("Primary education"),
    2: _l("Lower secondary education"),
    3: _l("Upper secondary education"),
    4: _l("Post-secondary vocational education"),
    5: _l("Short-cycle tertiary education"),
    6: _l("Bachelor's degree or equivalent"),
    7: _l("Master's degree or equivalent"),
    8: _l("Doctoral degree"),
}
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2", "native")
CEFR_LABELS = {"native": _l("Native or near-native")}
ACTOR_ROLES = {
    "employer": _l("Employer"),
    "counsellor": _l("Counsellor"),
    "system": _l("Automatic"),
    "public": _l("Public"),
}
CHECK_FLAGS = {
    "wording": _l("Possibly discriminatory wording"),
    "low_wage": _l("Wage below the legal minimum"),
    "duplicate": _l("Possible duplicate"),
    "reported": _l("Reported by a visitor"),
    "after_publication": _l("Published directly: check afterwards"),
}
MESSAGE_KINDS = {
    "vacancy_published": _l("Your vacancy was published"),
    "vacancy_returned": _l("Your vacancy was returned to you"),
    "vacancy_expired": _l("Your vacancy expired"),
    "vacancy_registered": _l("A counsellor registered a vacancy for your company"),
    "vacancy_edited": _l("A counsellor changed your vacancy"),
}
# The service's own words in the history's reason column; a counsellor's reason is shown as written.
HISTORY_REASONS = {
    "created": _l("Created"),
    "edited": _l("Edited"),
    "checked": _l("Checked by a counsellor"),
    "material change": _l("Occupation, place or wage changed: checked again"),
    "filled": _l("Filled"),
    "withdrawn": _l("Withdrawn"),
    "expired": _l("Expired"),
}
