"""The population check (deceased, residence abroad, pension age) and Kosovo's social assistance
report, on the same resumable runs as the tax check."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import (
    AutomatedRule,
    Decision,
    EndReason,
    NotificationKind,
    OutboundNotification,
    ProposalSource,
    ProposalState,
    Registration,
    RegistrationState,
    RunKind,
    RunState,
    StatusProposal,
)
from portal.services.lifecycle import nightly
from tests.eid import JAAN
from tests.lifecycle import registered

HELGI = "45605110222"  # deceased 2025-12-02
TOOMAS = "35402070127"  # over pension age
ANDRUS = "39207142155"  # no registered residence
DRITON = "1184527396"  # Kosovo: social assistance category II
SHPRESA = "1145678902"  # Kosovo: category I
ARBER = "1234567890"  # Kosovo: not a beneficiary
HAJRIJE = "1109876543"  # Kosovo: deceased


@pytest.fixture(autouse=True)
def _unlinked_after_test(app):
    yield
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            connection.execute(update(Decision).values(supersedes_id=None, responds_to_id=None))


def test_the_population_check_proposes_the_deceased_the_emigrated_and_those_of_pension_age(app):
    with app.app_context():
        long_ago = app.extensions["profile"].today() - dt.timedelta(days=30)
        helgi, toomas, andrus = (registered(app, code, on=long_ago) for code in (HELGI, TOOMAS, ANDRUS))
        jaan = registered(app, JAAN, on=long_ago)
        result = nightly.run(RunKind.POPULATION)
        assert result.state is RunState.FINISHED
        found = {p.registration_id: p for p in db.session.scalars(select(StatusProposal))}
        assert {rid: p.reason for rid, p in found.items()} == {
            helgi: EndReason.DECEASED,
            toomas: EndReason.PENSION_AGE,
            andrus: EndReason.EMIGRATED,
        }
        assert jaan not in found
        assert all(
            p.state is ProposalState.OPEN and p.source is ProposalSource.POPULATION_CHECK
            for p in found.values()
        )
        assert all(p.evidence["xroad_id"] for p in found.values())
        # Died before registering: the end cannot precede the registration.
        assert found[helgi].effective_on == long_ago
        assert db.session.get(Registration, jaan).state is RegistrationState.REGISTERED


def test_kosovo_ends_a_deceased_persons_registration_by_the_rule(make_app):
    app = make_app(PROFILE="XK")
    with app.app_context():
        registration_id = registered(
            app, HAJRIJE, on=app.extensions["profile"].today() - dt.timedelta(days=10)
        )
        nightly.run(RunKind.POPULATION)
        proposal = db.session.scalar(select(StatusProposal))
        assert proposal.state is ProposalState.CONFIRMED
        decision = db.session.get(Decision, proposal.decision_id)
        assert decision.automated_rule is AutomatedRule.END_FROM_POPULATION_REGISTER
        assert decision.appealable is False  # a death: no appeal
        assert db.session.get(Registration, registration_id).state is RegistrationState.DEREGISTERED


def test_kosovo_reports_category_two_beneficiaries_once_and_refreshes_every_case(make_app):
    app = make_app(PROFILE="XK")
    with app.app_context():
        today = app.extensions["profile"].today()
        driton, shpresa, arber = (
            registered(app, code, on=today - dt.timedelta(days=5)) for code in (DRITON, SHPRESA, ARBER)
        )
        result = nightly.run(RunKind.SOCIAL_ASSISTANCE)
        assert result.state is RunState.FINISHED
        reports = db.session.scalars(
            select(OutboundNotification).where(
                OutboundNotification.kind == NotificationKind.SOCIAL_ASSISTANCE_STATUS
            )
        ).all()
        nightly_reports = [row for row in reports if "beneficiarySince" in row.payload]
        assert [row.registration_id for row in nightly_reports] == [driton]
        assert nightly_reports[0].state.value == "accepted"
        db.session.expire_all()
        for registration_id, status in ((driton, "ok"), (shpresa, "ok"), (arber, "unknown")):
            section = db.session.get(Registration, registration_id).snapshot.social_assistance
            assert section.status.value == status and section.xroad_id
        assert db.session.get(Registration, driton).snapshot.social_assistance.values.category == "II"
        # The next night: the same beneficiary status is not reported again.
        nightly.run(RunKind.SOCIAL_ASSISTANCE, night=today + dt.timedelta(days=1))
        again = db.session.scalars(select(OutboundNotification)).all()
        assert len([row for row in again if "beneficiarySince" in row.payload]) == 1


def test_estonia_does_not_report_beneficiaries(app):
    with app.app_context():
        assert nightly.run(RunKind.SOCIAL_ASSISTANCE) is None
