"""The registers' names as people read them, shared by the jobseeker's and the counsellor's pages."""

from flask_babel import lazy_gettext as _l

SECTION_TITLES = {
    "population": _l("Population register"),
    "education": _l("Education register"),
    "employment": _l("Tax and employment register"),
    "social_assistance": _l("Social assistance register"),
    "health_insurance": _l("Health insurance register"),
}

# The items of a register's answer a person may correct
# (`portal.services.registration.drafts.CORRECTABLE`), by "<section>.<item>".
ITEM_TITLES = {
    "population.address": _l("Address"),
    "education.qualifications": _l("Qualifications"),
    "employment.employments": _l("Employment history"),
    "social_assistance.status": _l("Social assistance status"),
    "health_insurance.coverage": _l("Health insurance coverage"),
}
