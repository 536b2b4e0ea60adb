"""A sanction's end of registration (the offers ladder, issue 13) is carried out by the status
lifecycle: a proposal in the counsellors' queue, whose outcome is copied back to the offers row."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import (
    Decision,
    DecisionKind,
    EndReason,
    ProposalSource,
    ProposalState,
    Refusal,
    RefusalReason,
    Registration,
    RegistrationState,
    StatusEndProposal,
    StatusEndState,
    StatusProposal,
)
from portal.services.lifecycle import proposals
from portal.services.offers import answering, review
from tests.lifecycle import staff_member
from tests.offers_world import EE_COUNSELLOR, EE_UNEMPLOYED, counsellor, offer_to, registered

OTHER_COUNSELLOR = "37506300450"


@pytest.fixture
def estonia(make_app):
    app = make_app()
    with app.app_context():
        yield app
        db.session.remove()
        with db.engine.begin() as connection:
            connection.execute(update(Refusal).values(decision_id=None))
            connection.execute(update(Decision).values(supersedes_id=None, responds_to_id=None))


def _breach(app, person_id: int) -> Refusal:
    staff = counsellor(app, EE_COUNSELLOR)
    offer = offer_to(app, person_id, staff=staff)
    answering.refuse(offer.id, person_id, RefusalReason.NONE, None)
    refusal = db.session.scalar(select(Refusal).where(Refusal.offer_id == offer.id))
    return review.confirm(
        refusal.id, staff=staff, valid=False, reasoning="No valid reason.", profile=app.extensions["profile"]
    )


def test_the_third_breach_puts_a_sanction_end_in_the_queue_and_confirming_it_ends_the_registration(estonia):
    person_id = registered(EE_UNEMPLOYED)
    for _ in range(3):
        _breach(estonia, person_id)
    end_row = db.session.scalar(select(StatusEndProposal).where(StatusEndProposal.person_id == person_id))
    proposal = db.session.scalar(select(StatusProposal).where(StatusProposal.person_id == person_id))
    assert (proposal.reason, proposal.source, proposal.state) == (
        EndReason.SANCTION,
        ProposalSource.COUNSELLOR,
        ProposalState.OPEN,
    )
    assert proposal.source_reference == f"status_end_proposal:{end_row.id}"
    assert proposal.evidence["breach_number"] == 3
    decision = proposals.confirm(
        proposal.id, staff=staff_member(estonia, OTHER_COUNSELLOR), profile=estonia.extensions["profile"]
    )
    db.session.expire_all()
    assert db.session.get(Decision, decision.id).kind is DecisionKind.DEREGISTRATION
    registration = db.session.get(Registration, proposal.registration_id)
    assert (registration.state, registration.end_reason) == (RegistrationState.DEREGISTERED, "sanction")
    assert db.session.get(StatusEndProposal, end_row.id).state is StatusEndState.CONFIRMED


def test_a_rejected_sanction_end_is_rejected_in_the_offers_row_too(estonia):
    person_id = registered(EE_UNEMPLOYED)
    for _ in range(3):
        _breach(estonia, person_id)
    proposal = db.session.scalar(select(StatusProposal).where(StatusProposal.person_id == person_id))
    proposals.reject(
        proposal.id, staff=staff_member(estonia, OTHER_COUNSELLOR), reason="The third offer was unsuitable."
    )
    row = db.session.scalar(select(StatusEndProposal).where(StatusEndProposal.person_id == person_id))
    assert row.state is StatusEndState.REJECTED and row.note == "The third offer was unsuitable."
    assert db.session.get(Registration, proposal.registration_id).state is RegistrationState.REGISTERED
