"""The ranking in SQL: the score of `assess.py`, computed by the database over a bounded set.

Candidates for a vacancy are the jobseekers with an occupation in the vacancy's ISCO sub-major
group or a past job in its minor group, found by a range on the indexed codes
(`ix_profile_occupation_isco_profile`, `ix_profile_employment_isco_profile`); vacancies for a
person are the published ones in the sub-major groups of their occupations (`ix_vacancy_occupation_code`).
Everything else is scored by correlated lookups on the unique (profile, code) and (vacancy, ...)
indexes, and only the page asked for leaves the database. Python never sees the population.

The package by what each module reads (the names callers use are re-exported here; the names with
an underscore are shared between its modules, not for callers):

- `jobseekers.py`: jobseekers' profiles for a vacancy (`candidates_query`);
- `vacancies.py`: published vacancies for a person, the statement kept per shape
  (`vacancies_statement`, `vacancies_query`), built from `vacancy_points.py` (what it reads of a
  vacancy) and `person_values.py` (its shape and values, read from the person);
- `expressions.py`: the SQL pieces both use.
"""

from __future__ import annotations

from portal.services.matching.queries.jobseekers import (
    CandidateFilters,
    candidates_query,
    ceiling_below_minor_group,
)
from portal.services.matching.queries.vacancies import vacancies_query, vacancies_statement

__all__ = [
    "CandidateFilters",
    "candidates_query",
    "ceiling_below_minor_group",
    "vacancies_query",
    "vacancies_statement",
]
