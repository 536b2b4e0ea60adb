"""Who must not be proposed a vacancy, and which vacancies must not be recommended to a person,
because of offers: an open offer, a refusal (the offers module's records).

The offers module lands separately; until its tables exist these answer "nobody" and the only
exclusions are the ones matching owns (not registered, opted out).
"""

from __future__ import annotations

from sqlalchemy import Select


def people_for_vacancy(vacancy_id: int, *, any_offer: bool = False) -> Select[tuple[int]] | None:
    """Person ids with an open offer of this vacancy or who refused it (`any_offer`: every
    person ever offered it)."""
    return None


def vacancies_for_person(person_id: int) -> Select[tuple[int]] | None:
    """Vacancy ids offered to the person (open or not) or refused by them."""
    return None
