"""Which decisions, changed on review or appeal, change the person's registration: every kind is
classified on purpose, so a new kind cannot silently turn an unemployed person into a jobseeker."""

from __future__ import annotations

import pytest

from portal.models import Decision, DecisionKind
from portal.services.appeals import changes_registration

ABOUT_REGISTRATION = {
    DecisionKind.REGISTRATION,
    DecisionKind.REGISTRATION_REJECTED,
    DecisionKind.DEREGISTRATION,
    DecisionKind.REVIEW_OUTCOME,
    DecisionKind.APPEAL_OUTCOME,
}
NOT_ABOUT_REGISTRATION = {
    DecisionKind.TRAINING_APPROVED,
    DecisionKind.TRAINING_REJECTED,
    DecisionKind.REFUSAL_BREACH,
}


def test_every_kind_is_classified():
    assert set(DecisionKind) == ABOUT_REGISTRATION | NOT_ABOUT_REGISTRATION


@pytest.mark.parametrize("kind", sorted(DecisionKind))
def test_changing_a_decision_changes_the_registration_only_when_it_is_about_it(kind):
    assert changes_registration(Decision(kind=kind)) is (kind in ABOUT_REGISTRATION)
