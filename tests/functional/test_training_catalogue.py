"""The back office's catalogue: a training's states and edits, measures, and who may take part in
a measure under each country profile's rules (and why)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from portal.extensions import db
from portal.models import MeasureKind, Training, TrainingState
from portal.profiles import PROFILES
from portal.profiles.measures import EligibilityRule
from portal.services import eligibility, paging
from portal.services.eligibility import Criterion, PersonFacts
from portal.services.trainings import catalogue, request_case, requests
from tests import trainings as rows

COURSE = catalogue.TrainingInput(
    title="Forklift operator",
    provider_name="Pärnu Vocational Training Centre",
    description="Driving and loading safely; the operator's exam.",
    isco_code="8344",
    starts_on=dt.date(2027, 3, 1),
    ends_on=dt.date(2027, 3, 26),
    hours=120,
    municipality_code="0624",
    remote=False,
    language="et",
    seats_total=12,
    certificate="Forklift operator's certificate",
)


def test_a_training_goes_from_draft_to_published_to_closed(app):
    with app.app_context():
        training = catalogue.create_training(COURSE, staff_id=None)
        assert training.state is TrainingState.DRAFT and training.seats_taken == 0
        assert catalogue.published_training(training.id) is None  # a draft is not public

        published = catalogue.publish(training.id)
        assert published.state is TrainingState.PUBLISHED and published.published_at is not None
        assert catalogue.published_training(training.id).id == training.id
        with pytest.raises(catalogue.WrongState):  # publishing twice changes nothing
            catalogue.publish(training.id)

        closed = catalogue.close(training.id)
        assert closed.state is TrainingState.CLOSED and closed.closed_at is not None
        assert catalogue.published_training(training.id) is None
        for move in (catalogue.publish, catalogue.close):
            with pytest.raises(catalogue.WrongState):
                move(training.id)
        with pytest.raises(catalogue.WrongState):  # a closed course is history: no edits
            catalogue.update_training(training.id, COURSE)
        with pytest.raises(catalogue.NotFound):
            catalogue.publish(999_999)


def test_a_draft_may_be_closed_without_publishing(app):
    with app.app_context():
        training = catalogue.create_training(COURSE, staff_id=None)
        assert catalogue.close(training.id).state is TrainingState.CLOSED


def test_editing_keeps_the_state_and_never_drops_seats_below_those_taken(app):
    with app.app_context():
        training_id = rows.training(seats=2)
        person_id = rows.person("38001085718")
        rows.registration(person_id)
        request = requests.ask_to_join(person_id, training_id, "")
        requests.decide(
            request.id,
            staff=rows.staff(app, "49403136526"),
            approve=True,
            reason="",
            profile=app.extensions["profile"],
        )
        with pytest.raises(catalogue.SeatsBelowTaken):
            catalogue.update_training(training_id, dataclasses.replace(COURSE, seats_total=0))
        edited = catalogue.update_training(
            training_id, dataclasses.replace(COURSE, seats_total=1, remote=True)
        )
        assert edited.state is TrainingState.PUBLISHED
        assert (edited.seats_total, edited.seats_taken, edited.seats_free, edited.remote) == (1, 1, 0, True)
        assert edited.title == "Forklift operator"


def test_the_list_is_paginated_and_filtered_by_state(app):
    with app.app_context():
        for n in range(3):
            rows.training(title=f"Course {n}")
        rows.training(state=TrainingState.DRAFT)
        everything = catalogue.trainings_page(None, page=1, per_page=2)
        assert (everything.total, everything.pages, len(everything.items)) == (4, 2, 2)
        drafts = catalogue.trainings_page(TrainingState.DRAFT, page=1)
        assert [t.state for t in drafts.items] == [TrainingState.DRAFT]
        assert catalogue.trainings_page(None, page=1, per_page=100_000).size == paging.MAX_SIZE


def test_the_list_rows_and_the_shown_training_hold_the_entitys_values(app):
    """The back office's list and edit page read columns, not entities (issue 18): the same values,
    types and `is_editable` as the entity's, in every state."""
    with app.app_context():
        ids = [rows.training(state=state, title=f"Course {state}") for state in TrainingState]
        listed = {row.id: row for row in catalogue.trainings_page(None, page=1).items}
        for training_id in ids:
            entity = db.session.get(Training, training_id)
            shown = catalogue.shown_training(training_id)
            assert shown is not None
            for name in catalogue.ShownTraining._fields:
                assert getattr(shown, name) == getattr(entity, name), name
                assert type(getattr(shown, name)) is type(getattr(entity, name)), name
            assert shown.is_editable == entity.is_editable
            for name in listed[training_id]._fields:
                assert getattr(listed[training_id], name) == getattr(entity, name), name
                assert type(getattr(listed[training_id], name)) is type(getattr(entity, name)), name
        assert catalogue.shown_training(max(ids) + 1) is None


def test_measures_are_created_edited_and_listed(app):
    with app.app_context():
        created = catalogue.create_measure(
            catalogue.MeasureInput(MeasureKind.WAGE_SUBSIDY, "Wage subsidy", "", "ee-wage-subsidy", True)
        )
        catalogue.update_measure(
            created.id,
            catalogue.MeasureInput(
                MeasureKind.WAGE_SUBSIDY, "Wage subsidy", "Half the wage.", "ee-wage-subsidy", False
            ),
        )
        assert [m.description for m in catalogue.measures()] == ["Half the wage."]
        assert catalogue.measures(active_only=True) == []


def test_the_database_refuses_overbooking_even_without_the_service(app):
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        training_id = rows.training(seats=1)
        with pytest.raises(IntegrityError), db.write() as session:
            session.get(Training, training_id).seats_taken = 2


# --- eligibility ---------------------------------------------------------------------------------


def facts(**given) -> PersonFacts:
    base = {"age": 30, "risk_level": None, "unemployed_months": 0, "social_assistance": None}
    return PersonFacts(**(base | given))


def test_every_criterion_says_whether_it_is_met_and_why():
    rule = EligibilityRule(
        min_age=18,
        max_age=29,
        risk_levels=("high",),
        min_unemployed_months=6,
        social_assistance_required=True,
    )
    checks = {
        c.criterion: c
        for c in eligibility.assess(
            "k", rule, facts(age=24, risk_level="high", unemployed_months=7, social_assistance=True)
        ).checks
    }
    assert {c: (checks[c].met, checks[c].required, checks[c].actual) for c in checks} == {
        Criterion.AGE: (True, "18-29", "24"),
        Criterion.RISK_LEVEL: (True, "high", "high"),
        Criterion.UNEMPLOYMENT: (True, "6", "7"),
        Criterion.SOCIAL_ASSISTANCE: (True, "yes", "yes"),
    }
    too_old = eligibility.assess(
        "k", rule, facts(age=30, risk_level="high", unemployed_months=7, social_assistance=True)
    )
    assert not too_old.eligible
    assert [c.criterion for c in too_old.checks if c.met is False] == [Criterion.AGE]


def test_not_known_is_never_read_as_met():
    rule = EligibilityRule(min_age=18, risk_levels=("medium", "high"))
    assessed = eligibility.assess("k", rule, facts(age=None, risk_level=None))
    assert not assessed.eligible
    assert [c.criterion for c in assessed.unknown] == [Criterion.AGE, Criterion.RISK_LEVEL]
    # Not registered as unemployed is a fact: the condition is not met.
    months = eligibility.assess("k", EligibilityRule(min_unemployed_months=3), facts(unemployed_months=None))
    assert [c.met for c in months.checks] == [False]


def test_social_assistance_gives_priority_only_where_the_profile_says_so():
    xk = PROFILES["XK"].trainings.eligibility
    beneficiary = facts(age=40, unemployed_months=8, social_assistance=True)
    assert eligibility.assess("xk-wage-subsidy", xk["xk-wage-subsidy"], beneficiary).priority
    assert not eligibility.assess(
        "xk-wage-subsidy", xk["xk-wage-subsidy"], facts(age=40, unemployed_months=8)
    ).priority
    ee = PROFILES["EE"].trainings.eligibility
    long_term = facts(age=40, unemployed_months=13, social_assistance=True)
    assessed = eligibility.assess("ee-wage-subsidy", ee["ee-wage-subsidy"], long_term)
    assert assessed.eligible and not assessed.priority


def test_the_profiles_differ_in_their_rules_and_their_answers():
    ee, xk = PROFILES["EE"].trainings, PROFILES["XK"].trainings
    assert ee.decision_required and not xk.decision_required
    youth = facts(age=27, unemployed_months=0)
    assert eligibility.assess("ee-work-practice", ee.eligibility["ee-work-practice"], youth).eligible
    assert eligibility.assess("xk-work-practice", xk.eligibility["xk-work-practice"], youth).eligible
    # Estonia's wage subsidy is for the long-term unemployed (12 months); Kosovo's from 6 months.
    half_year = facts(age=40, unemployed_months=7)
    assert not eligibility.assess("ee-wage-subsidy", ee.eligibility["ee-wage-subsidy"], half_year).eligible
    assert eligibility.assess("xk-wage-subsidy", xk.eligibility["xk-wage-subsidy"], half_year).eligible
    # Kosovo's public works: high risk and social assistance, both required.
    works = xk.eligibility["xk-public-works"]
    assert eligibility.assess(
        "xk-public-works", works, facts(age=40, risk_level="high", social_assistance=True)
    ).eligible
    assert not eligibility.assess(
        "xk-public-works", works, facts(age=40, risk_level="high", social_assistance=False)
    ).eligible
    with pytest.raises(ValueError):
        EligibilityRule(risk_levels=("extreme",))


def test_the_facts_come_from_the_person_and_their_registration(app):
    with app.app_context():
        profile = app.extensions["profile"]
        today = profile.today()
        person_id = rows.person(
            "38001085718", born=today.replace(year=today.year - 25) - dt.timedelta(days=1)
        )
        rows.registration(person_id, registered_on=today - dt.timedelta(days=200), social_assistance="ACTIVE")
        found = eligibility.facts_of(db.session, person_id, today)
        assert found == PersonFacts(age=25, risk_level=None, unemployed_months=6, social_assistance=True)
        measure_id = rows.measure(MeasureKind.WORK_PRACTICE, "ee-work-practice")
        orphan_id = rows.measure(MeasureKind.PUBLIC_WORKS, "no-such-rule")
        results = eligibility.assess_measures(
            db.session,
            profile,
            person_id,
            [catalogue.get_measure(measure_id), catalogue.get_measure(orphan_id)],
        )
        assert results[0].assessment.eligible
        assert results[1].assessment is None  # a measure whose rule the profile lacks is not guessed


def test_months_between_counts_whole_months():
    assert eligibility.months_between(dt.date(2026, 1, 31), dt.date(2026, 2, 28)) == 0
    assert eligibility.months_between(dt.date(2026, 1, 15), dt.date(2026, 7, 15)) == 6
    assert eligibility.months_between(dt.date(2026, 5, 1), dt.date(2026, 4, 1)) == 0


def test_the_risk_level_comes_from_the_persons_case(app):
    from portal.models import JobseekerCase, RiskLevel

    with app.app_context():
        today = app.extensions["profile"].today()
        person_id = rows.person("38001085718")
        with db.write() as session:
            session.add(
                JobseekerCase(
                    person_id=person_id, office="Tallinn", opened_on=today, risk_level=RiskLevel.HIGH
                )
            )
        assert eligibility.facts_of(db.session, person_id, today).risk_level == "high"
        rule = app.extensions["profile"].trainings.eligibility["ee-on-the-job-training"]
        facts = dataclasses.replace(eligibility.facts_of(db.session, person_id, today), age=40)
        assert eligibility.assess("ee-on-the-job-training", rule, facts).eligible


@pytest.mark.parametrize("social_assistance", ["ACTIVE", None])
def test_a_request_s_case_reads_as_the_orm_and_facts_of_read_it(app, social_assistance):
    """`request_case.get_case` (one statement of columns) gives the request's, person's and training's
    attributes the case page reads as the ORM's objects give them, the facts as `facts_of`, and the
    active measures as `catalogue.measures(active_only=True)`."""
    from portal.models import JobseekerCase, RiskLevel, TrainingRequest

    with app.app_context():
        today = app.extensions["profile"].today()
        person_id = rows.person("38001085718", born=today.replace(year=today.year - 30))
        rows.registration(
            person_id, registered_on=today - dt.timedelta(days=100), social_assistance=social_assistance
        )
        with db.write() as session:
            session.add(
                JobseekerCase(
                    person_id=person_id, office="Tallinn", opened_on=today, risk_level=RiskLevel.HIGH
                )
            )
        rows.measure(MeasureKind.WORK_PRACTICE, "ee-work-practice", title="B practice")
        rows.measure(MeasureKind.PUBLIC_WORKS, "no-such-rule", title="A works")
        request_id = requests.ask_to_join(person_id, rows.training(), "A reason <b>").id
        db.session.remove()

        found, facts, measures = request_case.get_case(request_id, today)
        orm = db.session.get(TrainingRequest, request_id)
        for name in ("id", "person_id", "state", "reason", "decision_reason", "created_at", "is_pending"):
            assert getattr(found, name) == getattr(orm, name), name
        for name in ("full_name", "country", "national_code", "date_of_birth"):
            assert getattr(found.person, name) == getattr(orm.person, name), name
        for name in (
            "title",
            "provider_name",
            "starts_on",
            "ends_on",
            "hours",
            "municipality_code",
            "remote",
            "language",
            "isco_code",
            "certificate",
            "seats_total",
            "seats_free",
        ):
            assert getattr(found.training, name) == getattr(orm.training, name), name
        assert facts == eligibility.facts_of(db.session, person_id, today)
        assert facts.social_assistance is (True if social_assistance else None)
        assert facts.risk_level == "high" and facts.unemployed_months == 3
        listed = catalogue.measures(active_only=True)
        assert [(m.id, m.title, m.eligibility_key) for m in measures] == [
            (m.id, m.title, m.eligibility_key) for m in listed
        ]
        assert request_case.get_case(request_id + 1000, today) == (None, None, [])
