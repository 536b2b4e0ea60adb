"""Ending a registration: one decision through the decisions service, with the date it takes
effect. From that date the certificate is no longer valid (`/verify` and the PES X-Road service
read `Certificate.revoked_on`), and the health insurance fund and the social assistance service
are told through stored, idempotent, retried notifications (`services.notifications`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from portal.integrations.xroad.social_assistance import DeregistrationReason
from portal.models import (
    AuditTag,
    Decision,
    DecisionKind,
    EndReason,
    ProposalState,
    Registration,
    RegistrationState,
    StatusEndProposal,
    StatusEndState,
    StatusProposal,
)
from portal.models.base import utcnow
from portal.profiles import CountryProfile
from portal.services import audit, decisions
from portal.services.decisions import Issuer, Issuing


class NotActive(Exception):
    """Only a registration in force can end."""


class InvalidEndDate(ValueError):
    """The end date is before the registration began."""


# What the social assistance service's contract can say about each end.
SAS_REASONS = {
    EndReason.FOUND_WORK: DeregistrationReason.EMPLOYED,
    EndReason.OWN_REQUEST: DeregistrationReason.OWN_REQUEST,
    EndReason.SANCTION: DeregistrationReason.REFUSED_SUITABLE_WORK,
    EndReason.NO_CONTACT: DeregistrationReason.NOT_AVAILABLE,
}
# The PES X-Road service (`contracts/pes.yaml`, `deregistrationReason`) uses the same codes.
CONTRACT_REASONS = {reason.value: code.value for reason, code in SAS_REASONS.items()}


OFFER_PREFIX = "status_end_proposal:"


def offer_reference(status_end_proposal_id: int) -> str:
    """How a proposal names the offers service's `StatusEndProposal` it carries out."""
    return f"{OFFER_PREFIX}{status_end_proposal_id}"


def sync_offer_proposal(session, proposal: StatusProposal) -> None:
    """Copy a closed proposal's outcome to the offers service's row it came from (if any)."""
    reference = proposal.source_reference or ""
    if not reference.startswith(OFFER_PREFIX) or proposal.state is ProposalState.OPEN:
        return
    row = session.get(StatusEndProposal, int(reference[len(OFFER_PREFIX) :]))
    if row is None:
        return
    row.state = (
        StatusEndState.CONFIRMED if proposal.state is ProposalState.CONFIRMED else StatusEndState.REJECTED
    )
    row.decided_at = proposal.closed_at
    row.decided_by_staff_id = proposal.closed_by_staff_id
    row.note = proposal.closing_reason


def sas_reason(reason: EndReason) -> DeregistrationReason:
    return SAS_REASONS.get(reason, DeregistrationReason.OTHER)


def end(
    batch: Issuing,
    registration: Registration,
    *,
    reason: EndReason,
    effective_on: dt.date,
    issuer: Issuer,
    reasoning: str,
    profile: CountryProfile,
    facts: dict[str, Any] | None = None,
) -> Decision:
    """End `registration` (locked by the caller) inside `batch`; returns the decision."""
    if registration.state is not RegistrationState.REGISTERED:
        raise NotActive(registration.reference)
    if registration.registered_on is not None and effective_on < registration.registered_on:
        raise InvalidEndDate(effective_on.isoformat())
    decision = batch.issue(
        registration=registration,
        kind=DecisionKind.DEREGISTRATION,
        legal_basis=profile.lifecycle.legal_basis,
        reasoning=reasoning,
        issuer=issuer,
        facts={
            **(facts or {}),
            "end": {
                **((facts or {}).get("end") or {}),
                "reason": reason.value,
                "effective_on": effective_on.isoformat(),
            },
        },
    )
    decision.appealable = reason.value not in profile.lifecycle.without_appeal
    registration.state = RegistrationState.DEREGISTERED
    registration.deregistered_on = effective_on
    registration.end_reason = reason.value
    for certificate in registration.certificates:
        if certificate.revoked_on is None or certificate.revoked_on > effective_on:
            certificate.revoked_on = effective_on
    _close_proposals(batch, registration, reason, decision)
    from portal.services.notifications import enqueue_registration_end, schedule_notifications

    ids = [
        row.id
        for row in enqueue_registration_end(batch.session, registration, effective_on, sas_reason(reason))
    ]
    batch.after_commit(lambda: schedule_notifications(ids))
    audit.record(
        batch.session,
        AuditTag.REGISTRATION_END,
        actor_role=issuer.staff.role.value if issuer.staff else "system",
        purpose=f"registration {registration.reference} ended: {reason.value}",
        actor_person_id=issuer.staff.person_id if issuer.staff else None,
        subject_person_id=registration.person_id,
        details={"decision": decision.id, "reason": reason.value, "effective_on": effective_on.isoformat()},
    )
    return decision


def _close_proposals(
    batch: Issuing, registration: Registration, reason: EndReason, decision: Decision
) -> None:
    """The registration ended: its open proposals are settled (the one for this reason confirmed)."""
    now = utcnow()
    for proposal in batch.session.scalars(
        select(StatusProposal).where(
            StatusProposal.registration_id == registration.id, StatusProposal.state == ProposalState.OPEN
        )
    ):
        proposal.closed_at = now
        proposal.decision_id = decision.id
        if proposal.reason is reason:
            proposal.state = ProposalState.CONFIRMED
        else:
            proposal.state = ProposalState.REJECTED
            proposal.closing_reason = "The registration ended for another reason."
        sync_offer_proposal(batch.session, proposal)


def end_registration(
    registration_id: int,
    *,
    reason: EndReason,
    effective_on: dt.date,
    issuer: Issuer,
    reasoning: str,
    profile: CountryProfile,
    facts: dict[str, Any] | None = None,
) -> Decision:
    """End a registration now, in a transaction of its own. Raises `NotActive`, `InvalidEndDate`,
    `decisions.OwnCase`, `LookupError`."""
    with decisions.issuing() as batch:
        registration = batch.session.get(
            Registration, registration_id, populate_existing=True, with_for_update=True
        )
        if registration is None:
            raise LookupError(registration_id)
        return end(
            batch,
            registration,
            reason=reason,
            effective_on=effective_on,
            issuer=issuer,
            reasoning=reasoning,
            profile=profile,
            facts=facts,
        )
