"""Labels of the search of vacancies and trainings: occupation groups, working time, contracts,
education and the sort orders.

One module of `portal.labels` (which re-exports it), kept apart by domain so that each stays short.
"""

from __future__ import annotations

from collections.abc import Iterable

from portal.catalog import lazy_gettext as _l

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
