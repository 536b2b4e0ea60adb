"""The caseload's yes/no filters of the offers feature (`caseload.register_flag`, docs/backoffice.md).

- **Offers waiting for an answer**: the person has an offer in the open state (`proposed`) whose
  reply day has not passed. An offer past its reply day is no longer answerable (`answering`
  refuses it as expired even before the hourly job marks it), so it does not count as waiting.
- **Refusals to confirm**: the person has a refusal (a refused or expired offer) whose review is
  pending, waiting for a counsellor to decide whether the reason was valid.

Each is an EXISTS keyed by `JobseekerCase.person_id`, answered by a small partial index
(migration `0028_caseload_turns`), so the caseload's counts stay one pass over the scope.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, exists

from portal.catalog import lazy_gettext as _l
from portal.models import JobseekerCase, Offer, OfferState, Refusal, ReviewState
from portal.services import caseload


def offers_waiting(today: dt.date) -> ColumnElement[bool]:
    return exists().where(
        Offer.person_id == JobseekerCase.person_id,
        Offer.state == OfferState.PROPOSED,
        Offer.reply_by >= today,
    )


def refusals_to_confirm(_today: dt.date) -> ColumnElement[bool]:
    return exists().where(
        Refusal.person_id == JobseekerCase.person_id, Refusal.review_state == ReviewState.PENDING
    )


caseload.register_flag("offers_waiting", _l("Offers waiting for an answer"), offers_waiting, order=20)
caseload.register_flag("refusals_to_confirm", _l("Refusals to confirm"), refusals_to_confirm, order=30)
