"""The registers' names as people read them, shared by the jobseeker's and the counsellor's pages."""

from flask_babel import lazy_gettext as _l

SECTION_TITLES = {
    "population": _l("Population register"),
    "education": _l("Education register"),
    "employment": _l("Tax and employment register"),
    "social_assistance": _l("Social assistance register"),
    "health_insurance": _l("Health insurance register"),
}
