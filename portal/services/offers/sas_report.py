"""The SAS `job-refusals` report of a confirmed refusal, sent by the transactional outbox.

The row was committed with the counsellor's confirmation, with the `refusalId` stored on the
refusal; every retry posts the same id, so the SAS records the refusal once (a repeat answers 200
with the first receipt). The receipt's beneficiary status and time are stored; 404 ("never a
beneficiary") is recorded as nothing to report; a refusal for good is `failed` for a person to
look at; anything retryable raises, and the outbox tries again with backoff.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.integrations.xroad import CallContext, XRoadError
from portal.integrations.xroad.errors import NotFound
from portal.integrations.xroad.social_assistance import (
    JobRefusal,
    OfferType,
    ReasonCode,
    Recommendation,
    RefusalReceipt,
)
from portal.models import Offer, OfferKind, Refusal, RefusalReason, ReviewState, SasReportState
from portal.profiles import current_profile
from portal.services import outbox
from portal.services.notifications import describe
from portal.services.offers.review import SAS_TOPIC
from portal.services.xroad import registers

log = logging.getLogger(__name__)

PURPOSE = "confirmed job refusal report"

OFFER_TYPES = {
    OfferKind.VACANCY: OfferType.JOB,
    OfferKind.TRAINING: OfferType.TRAINING,
    OfferKind.MEASURE: OfferType.MEASURE,
}
# The person's reason, as the SAS contract codes a reason a counsellor found valid.
VALID_REASON_CODES = {
    RefusalReason.HEALTH: ReasonCode.HEALTH,
    RefusalReason.CARING: ReasonCode.CARE_DUTIES,
    RefusalReason.DISTANCE: ReasonCode.DISTANCE,
    RefusalReason.WAGE: ReasonCode.WAGE,
}


@dataclass(frozen=True)
class _Call:
    refusal_id: int
    sas_refusal_id: uuid.UUID
    national_code: str
    body: JobRefusal


@outbox.handler(SAS_TOPIC)
def send_reports(payloads: list[dict[str, Any]]) -> None:
    for refusal_id in sorted({int(payload["refusal_id"]) for payload in payloads}):
        report(refusal_id)


def staff_reference(staff_id: int | None) -> str:
    """The counsellor as the SAS knows PES staff: an id, never a name."""
    return f"PES-STAFF-{staff_id or 0:04d}"


def _call(refusal: Refusal) -> _Call:
    profile = current_profile()
    offer: Offer = refusal.offer
    offered_on = profile.local_date(offer.proposed_at)
    answered = offer.answer.answered_at if offer.answer is not None else offer.closed_at
    refused_on = max(profile.local_date(answered) or offered_on, offered_on)
    valid = refusal.review_state is ReviewState.VALID
    return _Call(
        refusal_id=refusal.id,
        sas_refusal_id=uuid.UUID(refusal.sas_refusal_id or ""),
        national_code=offer.person.national_code,
        body=JobRefusal(
            offer_id=f"OFF-{offer.id}",
            offer_type=OFFER_TYPES[offer.kind],
            offered_on=offered_on,
            refused_on=refused_on,
            sequence_number=refusal.breach_number or 1,
            reason_code=VALID_REASON_CODES.get(refusal.reason, ReasonCode.OTHER_VALID)
            if valid
            else ReasonCode.NO_VALID_REASON,
            reason_text=(refusal.reasoning or "")[:500],
            recommendation=Recommendation(refusal.sas_recommendation or "NONE"),
            confirmed_by=staff_reference(refusal.reviewed_by_staff_id),
        ),
    )


def report(refusal_id: int) -> SasReportState | None:
    """Post one refusal's report (if still pending) and record the answer."""
    refusal = db.session.get(
        Refusal,
        refusal_id,
        populate_existing=True,
        options=[
            joinedload(Refusal.offer).joinedload(Offer.person),
            joinedload(Refusal.offer).joinedload(Offer.answer),
        ],
    )
    if refusal is None or refusal.sas_state is not SasReportState.PENDING:
        return None
    call = _call(refusal)
    if db.session().in_transaction():
        db.session.commit()  # nothing stays open while the SAS answers
    context = CallContext(
        purpose=PURPOSE, subject=call.national_code, on_behalf_of=None, issue=f"OFF-{refusal_id}"
    )
    try:
        posted = registers().social_assistance.report_job_refusal(
            call.national_code, call.body, refusal_id=call.sas_refusal_id, context=context
        )
    except NotFound:
        log.info("Refusal %s: the person was never a beneficiary; nothing to report", refusal_id)
        return _record(refusal_id, SasReportState.NOT_BENEFICIARY)
    except XRoadError as exc:
        if exc.retryable:
            raise  # the outbox tries again later, with the same refusalId
        log.warning("Refusal %s report refused for good: %s", refusal_id, describe(exc))
        return _record(refusal_id, SasReportState.FAILED, error=describe(exc))
    return _record(refusal_id, SasReportState.ACCEPTED, receipt=posted.value)


def _record(
    refusal_id: int, state: SasReportState, *, receipt: RefusalReceipt | None = None, error: str | None = None
) -> SasReportState:
    with db.write() as session:
        refusal = session.get(Refusal, refusal_id, populate_existing=True, with_for_update=True)
        if refusal is None or refusal.sas_state is not SasReportState.PENDING:
            return refusal.sas_state if refusal and refusal.sas_state else state
        refusal.sas_state = state
        refusal.sas_error = error[:300] if error else None
        if receipt is not None:
            refusal.sas_received_at = receipt.received_at
            refusal.sas_beneficiary_status = receipt.beneficiary_status.value
    return state
