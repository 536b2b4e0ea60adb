"""The registers' names as people read them, shared by the jobseeker's and the counsellor's pages.

The labels live in `portal.labels`; these are the five registers a registration reads.
"""

from portal.labels import REGISTER_ITEMS, REGISTER_TITLES

SECTION_TITLES = {
    name: REGISTER_TITLES[name]
    for name in ("population", "education", "employment", "social_assistance", "health_insurance")
}

# The items of a register's answer a person may correct
# (`portal.services.registration.drafts.CORRECTABLE`), by "<section>.<item>".
ITEM_TITLES = REGISTER_ITEMS
