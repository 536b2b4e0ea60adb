"""Who must not be proposed a vacancy, and which vacancies must not be recommended to a person,
because of offers (the offers module's records).

- For a vacancy: people with an open offer of it or who refused it; with `any_offer` (the
  counsellor's "leave out people already offered"), everyone it was ever offered to.
- For a person: every vacancy offered to them, open or answered, and every one they refused.

Both are uncorrelated subqueries the database runs once (`ix_offer_vacancy_id`,
`ix_offer_person_proposed`), not per candidate.
"""

from __future__ import annotations

from sqlalchemy import Select, select

from portal.models import Offer, OfferState
from portal.models.offers import OPEN_STATES


def people_for_vacancy(vacancy_id: int, *, any_offer: bool = False) -> Select[tuple[int]]:
    query = select(Offer.person_id).where(Offer.vacancy_id == vacancy_id)
    if not any_offer:
        query = query.where(Offer.state.in_((*OPEN_STATES, OfferState.REFUSED)))
    return query


def vacancies_for_person(person_id: int) -> Select[tuple[int]]:
    return select(Offer.vacancy_id).where(Offer.person_id == person_id, Offer.vacancy_id.is_not(None))
