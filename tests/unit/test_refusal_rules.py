"""The refusal rules of each profile, through the pure consequence engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from portal.models import ListStanding
from portal.profiles import get_profile
from portal.profiles.refusals import Consequence, SasRecommendation
from portal.services import list_order
from portal.services.refusal_rules import History, counted_breaches, outcome, preview

TODAY = dt.date(2026, 12, 3)
KOSOVO = get_profile("XK").refusals
ESTONIA = get_profile("EE").refusals


def history(*days_ago: int, beneficiary: bool = False) -> History:
    return History(tuple(TODAY - dt.timedelta(days=n) for n in days_ago), beneficiary=beneficiary)


def test_kosovo_first_refusal_without_valid_reason_moves_to_the_end_and_deprioritises_a_beneficiary():
    result = outcome(KOSOVO, history(beneficiary=True), valid=False, today=TODAY)
    assert result.breach_number == 1
    assert result.consequence is Consequence.MOVE_TO_END
    assert result.sas_recommendation is SasRecommendation.DEPRIORITISE
    assert not result.needs_decision


def test_kosovo_first_refusal_of_a_non_beneficiary_moves_to_the_end_and_reports_nothing():
    result = outcome(KOSOVO, history(), valid=False, today=TODAY)
    assert result.consequence is Consequence.MOVE_TO_END
    assert result.sas_recommendation is None


def test_kosovo_second_refusal_without_valid_reason_proposes_suspension_to_the_sas():
    result = outcome(KOSOVO, history(40, beneficiary=True), valid=False, today=TODAY)
    assert result.breach_number == 2
    assert result.consequence is Consequence.SUSPENSION_PROPOSAL
    assert result.sas_recommendation is SasRecommendation.SUSPEND
    assert "Social Assistance" in result.step.legal_basis


def test_kosovo_second_refusal_of_a_non_beneficiary_reports_nothing():
    assert outcome(KOSOVO, history(40), valid=False, today=TODAY).sas_recommendation is None


@pytest.mark.parametrize("profile", [KOSOVO, ESTONIA])
@pytest.mark.parametrize("past", [0, 1, 5])
def test_a_valid_reason_has_no_consequence_whatever_the_history(profile, past):
    result = outcome(profile, history(*range(1, past + 1), beneficiary=True), valid=True, today=TODAY)
    assert result.consequence is Consequence.NONE
    assert result.breach_number is None
    assert result.sas_recommendation is None
    assert not result.needs_decision


def test_kosovo_counts_only_breaches_within_its_window():
    # A breach more than a year ago no longer counts: this is a first breach again.
    result = outcome(KOSOVO, history(400, beneficiary=True), valid=False, today=TODAY)
    assert result.breach_number == 1
    assert result.consequence is Consequence.MOVE_TO_END


def test_kosovo_past_the_ladder_the_last_step_repeats():
    result = outcome(KOSOVO, history(10, 20, 30, beneficiary=True), valid=False, today=TODAY)
    assert result.breach_number == 4
    assert result.consequence is Consequence.SUSPENSION_PROPOSAL


@pytest.mark.parametrize(
    ("past", "expected"),
    [(0, Consequence.WARNING), (1, Consequence.WARNING), (2, Consequence.END_REGISTRATION)],
)
def test_estonia_ladder_warns_twice_then_ends_the_registration_with_a_decision(past, expected):
    result = outcome(ESTONIA, history(*range(100, 100 + past * 400, 400)), valid=False, today=TODAY)
    assert result.breach_number == past + 1
    assert result.consequence is expected
    assert result.needs_decision
    assert result.step.legal_basis.startswith("Tööturuteenuste ja -toetuste seadus")
    assert result.sas_recommendation is None  # Estonia's ladder reports nothing to the SAS


def test_estonia_counts_breaches_without_a_window():
    assert counted_breaches(ESTONIA, [TODAY - dt.timedelta(days=3000)], TODAY) == 1


def test_the_ladder_is_changed_by_configuration():
    longer = ESTONIA.with_ladder("warning, warning, warning, end-registration")
    consequences = [
        outcome(longer, history(*range(1, n + 1)), valid=False, today=TODAY).consequence for n in range(4)
    ]
    assert consequences == [Consequence.WARNING] * 3 + [Consequence.END_REGISTRATION]
    # Each configured step keeps the profile's legal basis for its consequence.
    assert longer.ladder[3].legal_basis == ESTONIA.ladder[2].legal_basis
    assert ESTONIA.with_ladder("") is ESTONIA


@pytest.mark.parametrize("spec", ["warning,fine", "move-to-end"])
def test_a_ladder_naming_an_unknown_or_foreign_consequence_is_refused(spec):
    with pytest.raises(ValueError, match="refusal consequence"):
        ESTONIA.with_ladder(spec)


def test_the_app_applies_the_configured_ladder(tmp_path):
    from portal import create_app

    app = create_app({"ENV": "test", "REFUSAL_LADDER": "warning,end-registration"}, instance_path=tmp_path)
    with app.app_context():
        from portal.profiles import current_profile

        assert [step.consequence for step in current_profile().refusals.ladder] == [
            Consequence.WARNING,
            Consequence.END_REGISTRATION,
        ]


def test_preview_names_the_number_and_both_outcomes():
    shown = preview(KOSOVO, history(40, beneficiary=True), TODAY)
    assert shown.refusal_number == 2
    assert shown.if_not_valid.sas_recommendation is SasRecommendation.SUSPEND
    assert shown.if_valid.consequence is Consequence.NONE


def test_reply_deadline_counts_working_days():
    profile = get_profile("XK")
    assert profile.refusals.reply_working_days == 5
    # Thursday + 5 working days = the next Thursday; Friday + 1 = Monday.
    assert profile.add_working_days(dt.date(2026, 12, 3), 5) == dt.date(2026, 12, 10)
    assert profile.add_working_days(dt.date(2026, 12, 4), 1) == dt.date(2026, 12, 7)


def test_reply_deadline_skips_the_countrys_public_holidays():
    kosovo, estonia = get_profile("XK"), get_profile("EE")
    # Kosovo: Christmas (25 December) is a holiday, 24 December is not; in Estonia both are,
    # and 26 December too.
    assert kosovo.add_working_days(dt.date(2026, 12, 23), 2) == dt.date(2026, 12, 28)
    assert estonia.add_working_days(dt.date(2026, 12, 23), 1) == dt.date(2026, 12, 28)
    # Kosovo's Independence Day (17 February 2027, a Wednesday) is not a working day; Estonia's
    # (24 February) is, in Kosovo.
    assert kosovo.add_working_days(dt.date(2027, 2, 16), 1) == dt.date(2027, 2, 18)
    assert kosovo.add_working_days(dt.date(2027, 2, 23), 1) == dt.date(2027, 2, 24)
    assert estonia.add_working_days(dt.date(2027, 2, 23), 1) == dt.date(2027, 2, 25)
    # Across the new year: 1 January in both, 2 January too in Kosovo.
    assert estonia.add_working_days(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 4)
    assert not kosovo.is_working_day(dt.date(2026, 1, 2)) and estonia.is_working_day(dt.date(2026, 1, 2))


def _standing(person_id, registered, priority=False, moved=None):
    return ListStanding(
        person_id=person_id, registered_on=registered, priority=priority, moved_to_end_at=moved
    )


def test_list_order_priority_then_registration_date_and_the_moved_at_the_end():
    moved_at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    people = [
        _standing(1, dt.date(2025, 1, 1), moved=moved_at),  # earliest, but refused first
        _standing(2, dt.date(2025, 6, 1)),
        _standing(3, dt.date(2025, 9, 1), priority=True),
        _standing(4, dt.date(2025, 3, 1)),
        _standing(5, dt.date(2024, 1, 1), priority=True, moved=moved_at + dt.timedelta(days=1)),
    ]
    assert [s.person_id for s in sorted(people, key=list_order.order_key)] == [3, 4, 2, 1, 5]


def test_a_profile_without_a_priority_category_gives_nobody_priority():
    assert replace(KOSOVO, list_priority_category=None).list_priority_category is None
    assert ESTONIA.list_priority_category is None
