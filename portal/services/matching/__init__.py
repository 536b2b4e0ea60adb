"""Matching both ways: ranked jobseekers for a vacancy, ranked vacancies for a jobseeker.

The score is the sum of the country profile's points per factor (`profiles/matching.py`): the
database orders everyone by it (`queries/`), and only the rows shown are loaded and explained
(`assess.py`, `reasons.py`). See docs/matching.md.

The modules, one concern each (this package re-exports the names callers use from it):

- `candidates.py`: jobseekers for a vacancy (the back office);
- `recommendations.py`: vacancies for a jobseeker, the ranking and `recommended_for`;
- `cards.py`: the recommended vacancies' cards the pages show, the ranking kept for a while
  (`card_rows.py`: their statements and rows);
- `record_facts.py`: the facts of a vacancy or a jobseeker as loaded, the SQL/Python score check.
"""

from __future__ import annotations

from portal.services.matching.assess import Assessment, Kind, Reason
from portal.services.matching.candidates import Candidate, candidates_for, eligible_person_ids
from portal.services.matching.card_rows import Company, VacancyCard
from portal.services.matching.cards import (
    KEPT_PER_CARD,
    RANKING_ENTRIES,
    RANKING_EXTENSION,
    RANKING_SECONDS,
    Card,
    read_cards_ahead,
    recommended_cards,
)
from portal.services.matching.queries import CandidateFilters
from portal.services.matching.recommendations import (
    Recommendation,
    recommendations_statement,
    recommended_for,
)
from portal.services.matching.record_facts import person_facts, vacancy_facts

__all__ = [
    "KEPT_PER_CARD",
    "RANKING_ENTRIES",
    "RANKING_EXTENSION",
    "RANKING_SECONDS",
    "Assessment",
    "Candidate",
    "CandidateFilters",
    "Card",
    "Company",
    "Kind",
    "Reason",
    "Recommendation",
    "VacancyCard",
    "candidates_for",
    "eligible_person_ids",
    "person_facts",
    "read_cards_ahead",
    "recommendations_statement",
    "recommended_cards",
    "recommended_for",
    "vacancy_facts",
]
