"""Propose a vacancy to the people a counsellor selected among its candidates.

Only people matching would list are proposed: a hand-edited form cannot add someone who is not
an active jobseeker, opted out, or already has an open offer or refused the vacancy. The offer
itself (its notice, the reply deadline, the Kosovo list order) is the offers module's.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l

from portal.models import StaffMember
from portal.models.vacancy import Vacancy, VacancyState
from portal.profiles import CountryProfile
from portal.services.matching import eligible_person_ids


class NotAvailable(Exception):
    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def propose(
    vacancy: Vacancy, person_ids: Sequence[int], *, staff: StaffMember, profile: CountryProfile
) -> int:
    """Offers made; raises `NotAvailable` when the vacancy cannot be proposed now."""
    if vacancy.state is not VacancyState.PUBLISHED:
        raise NotAvailable(_l("Only a published vacancy can be proposed."))
    allowed = eligible_person_ids(vacancy, person_ids)
    if not allowed:
        raise NotAvailable(_l("None of the selected people can be proposed this vacancy any more."))
    del staff, profile  # the offers module makes the offers: wired when it lands
    raise NotAvailable(_l("Offers cannot be made from this page yet."))
