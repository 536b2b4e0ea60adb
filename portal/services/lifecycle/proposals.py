"""Proposals to end a registration, handled as the country profile says: a register source listed in
`profile.lifecycle.automatic_sources` ends the registration at once by a rule, with a decision the
person can ask a human to review (Kosovo); everything else waits in the counsellors' queue, where a
counsellor confirms it (a decision) or rejects it with a reason (Estonia)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import (
    AuditTag,
    AutomatedRule,
    Decision,
    EndReason,
    ProposalSource,
    ProposalState,
    Registration,
    RegistrationKind,
    RegistrationState,
    StaffMember,
    StatusProposal,
)
from portal.models.base import utcnow
from portal.profiles import CountryProfile
from portal.services import audit, decisions
from portal.services.decisions import Issuer, Issuing
from portal.services.lifecycle import ending
from portal.services.lifecycle.ending import sync_offer_proposal
from portal.services.paging import Listing, Page, paginate

RULES = {
    ProposalSource.TAX_CHECK: AutomatedRule.END_FROM_TAX_REGISTER,
    ProposalSource.POPULATION_CHECK: AutomatedRule.END_FROM_POPULATION_REGISTER,
}
PAGE_SIZE = 25


class AlreadyClosed(Exception):
    """The proposal was confirmed or rejected meanwhile."""


def describe(reason: EndReason, evidence: dict[str, Any]) -> str:
    """The proposal in plain English, as stored in the decision's reasoning."""
    if reason is EndReason.FOUND_WORK and evidence.get("employer_name"):
        since = evidence.get("since")
        when = f" since {dt.date.fromisoformat(since):%-d %B %Y}" if since else ""
        return f"The tax and employment register shows employment at {evidence['employer_name']}{when}."
    if reason is EndReason.DECEASED:
        return "The population register records the person's death."
    if reason is EndReason.EMIGRATED:
        return "The population register records a residence abroad."
    if reason is EndReason.PENSION_AGE:
        return "The person has reached the pension age."
    return f"Proposed end of registration: {reason.value.replace('_', ' ')}."


def is_proposable(registration: Registration, reason: EndReason) -> bool:
    """Only a registration in force; and a person registered while working ("jobseeker, employed")
    is not proposed for having work."""
    if registration.state is not RegistrationState.REGISTERED:
        return False
    return not (reason is EndReason.FOUND_WORK and registration.kind is RegistrationKind.JOBSEEKER)


def propose_in(
    batch: Issuing,
    registration: Registration,
    *,
    reason: EndReason,
    source: ProposalSource,
    effective_on: dt.date,
    evidence: dict[str, Any],
    profile: CountryProfile,
    source_reference: str | None = None,
    reconciliation_batch_id: int | None = None,
) -> StatusProposal | None:
    """Record a proposal inside `batch` (the registration locked or freshly read by the caller) and
    apply the profile's rule. None when nothing is proposed (see `is_proposable`); the open proposal
    already there when one exists for the same reason."""
    if not is_proposable(registration, reason):
        return None
    existing = batch.session.scalar(
        select(StatusProposal).where(
            StatusProposal.registration_id == registration.id,
            StatusProposal.reason == reason,
            StatusProposal.state == ProposalState.OPEN,
        )
    )
    if existing is not None:
        return existing
    if registration.registered_on is not None:
        effective_on = max(effective_on, registration.registered_on)
    proposal = StatusProposal(
        registration_id=registration.id,
        person_id=registration.person_id,
        reason=reason,
        source=source,
        effective_on=effective_on,
        evidence=evidence,
        source_reference=source_reference,
        reconciliation_batch_id=reconciliation_batch_id,
    )
    batch.session.add(proposal)
    batch.session.flush()
    if source.value in profile.lifecycle.automatic_sources and source in RULES:
        ending.end(
            batch,
            registration,
            reason=reason,
            effective_on=effective_on,
            issuer=Issuer.rule(RULES[source]),
            reasoning=describe(reason, evidence)
            + " The registration ended automatically; the person may ask a counsellor to review it.",
            profile=profile,
            facts=_facts(evidence),
        )
    return proposal


def _facts(evidence: dict[str, Any]) -> dict[str, Any]:
    """The decision's facts: the register read (with its X-Road message id) and the end's details."""
    facts: dict[str, Any] = {}
    if evidence.get("register") and evidence.get("xroad_id"):
        facts[evidence["register"]] = {
            "status": "ok",
            "read_at": evidence.get("read_at"),
            "xroad_id": evidence["xroad_id"],
        }
    facts["end"] = {
        key: evidence[key] for key in ("employer_name", "employer_code", "since") if evidence.get(key)
    }
    return facts


def propose(
    registration_id: int,
    *,
    reason: EndReason,
    source: ProposalSource,
    effective_on: dt.date,
    evidence: dict[str, Any],
    profile: CountryProfile,
    source_reference: str | None = None,
) -> StatusProposal | None:
    """A proposal in a transaction of its own (an employer's "hired": `source=EMPLOYER`)."""
    with decisions.issuing() as batch:
        registration = batch.session.get(
            Registration, registration_id, populate_existing=True, with_for_update=True
        )
        if registration is None:
            raise LookupError(registration_id)
        proposal = propose_in(
            batch,
            registration,
            reason=reason,
            source=source,
            effective_on=effective_on,
            evidence=evidence,
            profile=profile,
            source_reference=source_reference,
        )
        if proposal is not None:
            audit.record(
                batch.session,
                AuditTag.PROPOSAL_CREATE,
                actor_role=source.value,
                purpose=f"end of registration proposed: {reason.value}",
                subject_person_id=registration.person_id,
                details={"proposal": proposal.id, "source": source.value},
            )
    return proposal


# --- the counsellors' queue -------------------------------------------------------------------


OPEN_COUNT = (
    select(func.count()).select_from(StatusProposal).where(StatusProposal.state == ProposalState.OPEN)
)


def open_proposal_count() -> int:
    """How many proposals are open (the back-office home's figure: no page of rows read for it;
    the statement built once)."""
    return db.session.scalar(OPEN_COUNT) or 0


# Made once (`Listing`): an empty queue costs its COUNT only, a page no statement construction.
_OPEN_PROPOSALS = Listing(
    select(StatusProposal)
    .options(joinedload(StatusProposal.person), joinedload(StatusProposal.registration))
    .where(StatusProposal.state == ProposalState.OPEN)
    .order_by(StatusProposal.created_at, StatusProposal.id),
    count=OPEN_COUNT,
)


def open_proposals(page: int = 1) -> Page[StatusProposal]:
    """Open proposals, oldest first, a page at a time (persons and registrations loaded with them)."""
    return paginate(_OPEN_PROPOSALS, page, PAGE_SIZE)


def confirm(proposal_id: int, *, staff: StaffMember, profile: CountryProfile, note: str = "") -> Decision:
    """A counsellor confirms a proposal: the registration ends with a decision they issue."""
    with decisions.issuing() as batch:
        proposal = batch.session.get(
            StatusProposal, proposal_id, populate_existing=True, with_for_update=True
        )
        if proposal is None:
            raise LookupError(proposal_id)
        if proposal.state is not ProposalState.OPEN:
            raise AlreadyClosed(proposal_id)
        registration = batch.session.get(
            Registration, proposal.registration_id, populate_existing=True, with_for_update=True
        )
        assert registration is not None
        reasoning = describe(proposal.reason, proposal.evidence)
        if note.strip():
            reasoning += "\n" + note.strip()
        decision = ending.end(
            batch,
            registration,
            reason=proposal.reason,
            effective_on=proposal.effective_on,
            issuer=Issuer.person(staff),
            reasoning=reasoning,
            profile=profile,
            facts=_facts(proposal.evidence),
        )
        proposal.closed_by_staff_id = staff.id
        sync_offer_proposal(batch.session, proposal)
    return decision


def reject(proposal_id: int, *, staff: StaffMember, reason: str) -> StatusProposal:
    """A counsellor finds the proposal wrong (the job ended, another person): closed with the reason."""
    with db.write() as session:
        proposal = session.get(StatusProposal, proposal_id, populate_existing=True, with_for_update=True)
        if proposal is None:
            raise LookupError(proposal_id)
        decisions.ensure_not_own_case(staff, proposal.person_id)
        if proposal.state is not ProposalState.OPEN:
            raise AlreadyClosed(proposal_id)
        proposal.state = ProposalState.REJECTED
        proposal.closed_at = utcnow()
        proposal.closed_by_staff_id = staff.id
        proposal.closing_reason = reason
        sync_offer_proposal(session, proposal)
        audit.record(
            session,
            AuditTag.PROPOSAL_REJECT,
            actor_role=staff.role.value,
            purpose="proposal to end a registration rejected",
            actor_person_id=staff.person_id,
            subject_person_id=proposal.person_id,
            details={"proposal": proposal.id},
        )
    return proposal
