"""The counsellor's review of a refusal (never automatic), and what follows only then: the
consequence, a decision where the law needs one, and the SAS report (docs/offers.md)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import (
    AuditTag,
    DecisionKind,
    Offer,
    Person,
    Refusal,
    RefusalReason,
    Registration,
    RegistrationState,
    ReviewState,
    SasReportState,
    StaffMember,
    StatusEndProposal,
)
from portal.models.base import utcnow
from portal.models.lifecycle import EndReason, ProposalSource
from portal.models.person import full_name
from portal.profiles import CountryProfile
from portal.profiles.refusals import Consequence
from portal.services import audit, decisions, inbox, list_order, outbox
from portal.services.lifecycle import proposals as lifecycle_proposals
from portal.services.lifecycle.ending import offer_reference
from portal.services.offers.answering import beneficiary_in, breach_dates_of, history_of, is_beneficiary
from portal.services.paging import Listing, Page, paginate_counted
from portal.services.refusal_rules import History, Outcome, outcome

REVIEWED_MESSAGE = "refusal_reviewed"
SAS_TOPIC = "offers.job-refusal"
REFUSED_SUITABLE_WORK = "REFUSED_SUITABLE_WORK"  # the SAS contract's deregistration reason


class AlreadyReviewed(Exception):
    def __init__(self, reviewed_at: dt.datetime | None) -> None:
        super().__init__("already reviewed")
        self.reviewed_at = reviewed_at


_PENDING = Refusal.review_state == ReviewState.PENDING
# Built once (docs/performance.md): the queue's statements do not change between requests. Only
# the columns a row shows (whole refusals, offers and people cost about 3.5 times as much).
_QUEUE = Listing(
    select(
        Refusal.id,
        Refusal.person_id,
        Refusal.reason,
        Refusal.created_at,
        Offer.title,
        Person.given_name,
        Person.family_name,
        # The audit's pseudonyms of the people listed, without a statement of their own.
        Person.country,
        Person.national_code,
    )
    .outerjoin(Offer, Offer.id == Refusal.offer_id)
    .outerjoin(Person, Person.id == Offer.person_id)
    .where(_PENDING)
    .order_by(Refusal.created_at, Refusal.id),
    count=select(func.count()).select_from(Refusal).where(_PENDING),
)


class QueueRow(NamedTuple):
    """A row of the queue: the refusal, the refused offer's title and the person's name."""

    id: int
    person_id: int
    reason: RefusalReason | None
    created_at: dt.datetime
    title: str | None
    given_name: str | None
    family_name: str | None
    country: str | None
    national_code: str | None

    @property
    def full_name(self) -> str:
        return full_name(self.given_name or "", self.family_name or "")


def queue(number: int = 1) -> Page[QueueRow]:
    """Refusals and expired offers waiting for a counsellor, oldest first (paginated in SQL; the
    page and its count in one statement when the page has rows)."""
    found = paginate_counted(_QUEUE, number)
    return Page(
        items=[QueueRow(*row[:9]) for row in found.items],
        total=found.total,
        number=found.number,
        size=found.size,
    )


_UNREAD: Any = object()


def proposed_outcome(
    refusal: Refusal,
    profile: CountryProfile,
    offers: Iterable[Offer] | None = None,
    register_data: dict[str, Any] | None = _UNREAD,
) -> tuple[Outcome, Outcome]:
    """What confirming it as not valid, and as valid, would lead to (for the review page).
    `offers`: all the person's offers with their refusals, when the page has read them (the
    breaches are then counted from them instead of read again); `register_data`: the register
    answers of the person's latest registration (`answering.latest_register_data`), when the page
    has read them (None: none)."""
    if offers is None:
        history = history_of(refusal.person_id, profile)
    else:
        beneficiary = (
            is_beneficiary(refusal.person_id) if register_data is _UNREAD else beneficiary_in(register_data)
        )
        history = History(breach_dates=breach_dates_of(offers, profile), beneficiary=beneficiary)
    today = profile.today()
    return (
        outcome(profile.refusals, history, valid=False, today=today),
        outcome(profile.refusals, history, valid=True, today=today),
    )


def confirm(
    refusal_id: int,
    *,
    staff: StaffMember,
    valid: bool,
    reasoning: str,
    profile: CountryProfile,
    request_id: str | None = None,
) -> Refusal:
    """Record the counsellor's finding and apply what the profile's rules say, all in one
    transaction with the audit event and the SAS outbox row. Raises `AlreadyReviewed`,
    `decisions.OwnCase`, LookupError."""
    today = profile.today()
    reasoning = reasoning.strip()
    reported = False
    with decisions.issuing() as batch:
        session = batch.session
        refusal = session.get(Refusal, refusal_id, populate_existing=True, with_for_update=True)
        if refusal is None:
            raise LookupError(refusal_id)
        if refusal.review_state is not ReviewState.PENDING:
            raise AlreadyReviewed(refusal.reviewed_at)
        decisions.ensure_not_own_case(staff, refusal.person_id)
        result = outcome(
            profile.refusals,
            history_of(refusal.person_id, profile, session=session),
            valid=valid,
            today=today,
        )
        now = utcnow()
        refusal.review_state = ReviewState.VALID if valid else ReviewState.NOT_VALID
        refusal.reviewed_by_staff_id = staff.id
        refusal.reviewed_at = now
        refusal.reasoning = reasoning
        refusal.breach_number = result.breach_number
        refusal.consequence = result.consequence
        refusal.legal_basis = result.step.legal_basis or None
        _apply(batch, refusal, result, staff, reasoning, now, today, profile)
        reported = _report(session, refusal, result)
        inbox.deliver(session, person_id=refusal.person_id, kind=REVIEWED_MESSAGE, offer_id=refusal.offer_id)
        audit.record(
            session,
            AuditTag.REFUSAL_REVIEW,
            actor_role=staff.role.value,
            purpose="refusal reviewed",
            actor_person_id=staff.person_id,
            subject_person_id=refusal.person_id,
            request_id=request_id,
            details={
                "refusal": refusal.id,
                "offer": refusal.offer_id,
                "valid": valid,
                "consequence": result.consequence.value,
                "sas": refusal.sas_state.value if refusal.sas_state else None,
            },
        )
    if reported:
        outbox.kick()
    inbox.notify_after_commit([refusal.offer_id])
    return refusal


def _apply(
    batch: decisions.Issuing,
    refusal: Refusal,
    result: Outcome,
    staff: StaffMember,
    reasoning: str,
    now: dt.datetime,
    today: dt.date,
    profile: CountryProfile,
) -> None:
    session = batch.session
    if result.consequence is Consequence.MOVE_TO_END:
        list_order.move_to_end(session, refusal.person_id, now)
    if result.needs_decision:
        registration = _current_registration(session, refusal.person_id)
        if registration is not None:
            decision = batch.issue(
                registration=registration,
                kind=DecisionKind.REFUSAL_BREACH,
                legal_basis=result.step.legal_basis,
                reasoning=reasoning,
                issuer=decisions.Issuer.person(staff),
                facts={
                    "offer": refusal.offer_id,
                    "refusal": refusal.id,
                    "breach_number": result.breach_number,
                    "consequence": result.consequence.value,
                },
            )
            refusal.decision_id = decision.id
    if result.consequence is Consequence.END_REGISTRATION:
        # The status lifecycle (issue 16) carries the ending out: a proposal in the counsellors'
        # queue (`services.lifecycle.proposals`), whose outcome is copied back to this row.
        end = StatusEndProposal(
            person_id=refusal.person_id,
            refusal_id=refusal.id,
            reason=REFUSED_SUITABLE_WORK,
            start_date=today,
        )
        session.add(end)
        session.flush()
        registration = _current_registration(session, refusal.person_id)
        if registration is not None:
            lifecycle_proposals.propose_in(
                batch,
                registration,
                reason=EndReason.SANCTION,
                source=ProposalSource.COUNSELLOR,
                effective_on=today,
                evidence={
                    "refusal_id": refusal.id,
                    "offer_id": refusal.offer_id,
                    "breach_number": result.breach_number,
                    "decision_id": refusal.decision_id,
                },
                profile=profile,
                source_reference=offer_reference(end.id),
            )


def _current_registration(session: Session, person_id: int) -> Registration | None:
    return session.scalar(
        select(Registration)
        .where(Registration.person_id == person_id, Registration.state == RegistrationState.REGISTERED)
        .order_by(Registration.registered_on.desc(), Registration.id.desc())
        .limit(1)
    )


def _report(session: Session, refusal: Refusal, result: Outcome) -> bool:
    """The SAS outbox row, in the confirming transaction, with a `refusalId` generated once."""
    recommendation = result.sas_recommendation
    if recommendation is None:
        refusal.sas_state = SasReportState.NOT_NEEDED
        return False
    refusal.sas_state = SasReportState.PENDING
    refusal.sas_refusal_id = str(uuid.uuid4())
    refusal.sas_recommendation = recommendation.value
    outbox.add(session, topic=SAS_TOPIC, payload={"refusal_id": refusal.id}, key=f"refusal:{refusal.id}")
    return True
