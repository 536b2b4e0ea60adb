"""Propose a vacancy to the people a counsellor selected among its candidates.

Only people matching would list are proposed: a hand-edited form cannot add someone who is not
an active jobseeker, opted out, or already has an open offer or refused the vacancy. The offer
itself (its notice, the reply deadline, the audit) is the offers module's `propose`.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models import OfferKind, StaffMember
from portal.models.vacancy import EmployerCompany, Vacancy, VacancyState
from portal.profiles import CountryProfile
from portal.services import offers
from portal.services.decisions import OwnCase
from portal.services.matching import eligible_person_ids


class NotAvailable(Exception):
    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def propose(
    vacancy: Vacancy,
    person_ids: Sequence[int],
    *,
    staff: StaffMember,
    profile: CountryProfile,
    request_id: str | None = None,
) -> int:
    """The number of offers made; raises `NotAvailable` when nobody selected can be proposed."""
    if vacancy.state is not VacancyState.PUBLISHED:
        raise NotAvailable(_l("Only a published vacancy can be proposed."))
    allowed = eligible_person_ids(vacancy, person_ids)
    if not allowed:
        raise NotAvailable(_l("None of the selected people can be proposed this vacancy any more."))
    employer = db.session.scalar(
        select(EmployerCompany.name).where(EmployerCompany.registry_code == vacancy.employer_code)
    )
    try:
        made = offers.propose(
            allowed,
            offers.Subject(OfferKind.VACANCY, vacancy.id, vacancy.title, employer),
            staff=staff,
            profile=profile,
            request_id=request_id,
        )
    except OwnCase:
        raise NotAvailable(_l("You cannot propose a vacancy to yourself.")) from None
    return len(made)
