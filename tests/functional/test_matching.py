"""Matching: the order on hand-made cases, who is left out, and the profile's weights."""

from __future__ import annotations

import dataclasses

import pytest

from portal.extensions import db
from portal.models import ListStanding, RegistrationState
from portal.models.base import utcnow
from portal.models.vacancy import RemoteWork, VacancyState
from portal.profiles.matching import KOSOVO_WEIGHTS, MatchingWeights
from portal.services import matching
from portal.services.matching import CandidateFilters, Kind
from tests.matching_data import jobseeker, vacancy

TARTU, ELVA, TALLINN = "0793", "0171", "0784"


def names(candidates):
    return [c.person.given_name for c in candidates]


@pytest.fixture
def context(app):
    with app.test_request_context():
        yield app


@pytest.fixture
def developers(context):
    """A software developer's job in Tartu, asking Estonian at B2, and the people around it."""
    job = vacancy("2512", (TARTU,), languages=(("et", "B2"),))
    jobseeker("Anu", ("2512",), home=TARTU, languages=(("et", "C1"),))
    jobseeker("Berit", ("2512",), home=ELVA, languages=(("et", "native"),))
    jobseeker("Carl", ("2511",), home=TARTU)
    jobseeker("Dina", ("2521",), home=TALLINN, places=(TARTU,), languages=(("et", "B2"),))
    jobseeker("Eero", ("9112",), history=("2519",), home=TALLINN, languages=(("et", None),))
    jobseeker("Frida", ("7411",), home=TARTU, languages=(("et", "native"),))
    return job


def test_unit_group_then_county_then_minor_group_then_field_then_history(developers):
    found = matching.candidates_for(developers)

    assert names(found) == ["Anu", "Berit", "Carl", "Dina", "Eero"]  # Frida's trade is unrelated
    assert [c.assessment.score for c in found] == [76, 68, 50, 42, 22]
    anu, berit, carl, dina, eero = (c.assessment for c in found)
    assert [r.kind for r in anu.raised][:2] == [Kind.SAME_UNIT_GROUP, Kind.HOME_MUNICIPALITY]
    assert Kind.HOME_COUNTY in {r.kind for r in berit.raised}
    assert [r.kind for r in carl.lowered] == [Kind.LANGUAGE_MISSING]  # no Estonian on his record
    assert {Kind.SAME_SUB_MAJOR_GROUP, Kind.PREFERRED_PLACE} <= {r.kind for r in dina.raised}
    assert eero.reasons[0].kind is Kind.HISTORY_RELATED
    assert Kind.LANGUAGE_UNKNOWN in {r.kind for r in eero.notes}  # level not stated: neither way


def test_requirements_not_met_lower_the_score(context):
    job = vacancy(
        "8322",
        (TARTU,),
        licence="B,C",
        education=3,
        wage=(1200, 1400),
        working_time=matching_working_time("part"),
        start_date=None,
    )
    jobseeker("Met", ("8322",), home=TARTU, licence="B,C,CE", education=3, wage=1300, working_time="part")
    jobseeker(
        "Short",
        ("8322",),
        home=TARTU,
        licence="B",
        education=2,
        wage=1800,
        working_time="full",
        contracts=("seasonal",),
        available_from=context.extensions["profile"].today().replace(year=2099),
    )
    met, short = matching.candidates_for(job)

    assert names([met, short]) == ["Met", "Short"]
    assert {r.kind for r in met.assessment.lowered} == set()
    assert {r.kind for r in short.assessment.lowered} == {
        Kind.LICENCE_MISSING,
        Kind.EDUCATION_MISSING,
        Kind.WAGE_ABOVE,
        Kind.WORKING_TIME_MISSING,
        Kind.CONTRACT_MISSING,
        Kind.AVAILABLE_LATE,
    }
    w = MatchingWeights()
    assert short.assessment.score == w.same_unit_group + w.home_municipality - (
        w.licence_missing
        + w.education_missing
        + w.wage_above
        + w.working_time_missing
        + w.contract_missing
        + w.available_late
    )


def matching_working_time(value):
    from portal.models.vacancy import VacancyWorkingTime

    return VacancyWorkingTime(value)


def test_left_out_not_registered_opted_out_and_filters(context):
    job = vacancy("5120", (TARTU,))
    jobseeker("Active", ("5120",), home=TARTU)
    jobseeker("Pending", ("5120",), home=TARTU, state=RegistrationState.PENDING)
    jobseeker("Gone", ("5120",), home=TARTU, state=RegistrationState.DEREGISTERED)
    jobseeker("Private", ("5120",), home=TARTU, opt_out=True)
    jobseeker("Helped", ("5120",), home=TALLINN, assistance="II")

    assert names(matching.candidates_for(job)) == ["Active", "Helped"]
    assert names(matching.candidates_for(job, CandidateFilters(social_assistance_first=True))) == [
        "Helped",
        "Active",
    ]
    assert names(matching.candidates_for(job, CandidateFilters(municipality=TALLINN))) == ["Helped"]


def test_equal_scores_longest_registered_first_or_kosovo_list_order(context):
    job = vacancy("5120", (TARTU,))
    import datetime as dt

    later = jobseeker("Later", ("5120",), home=TARTU, registered_on=dt.date(2026, 5, 1))
    earlier = jobseeker("Earlier", ("5120",), home=TARTU, registered_on=dt.date(2026, 2, 1))
    assisted = jobseeker(
        "Assisted", ("5120",), home=TARTU, registered_on=dt.date(2026, 6, 1), assistance="II"
    )
    refused = jobseeker("Refused", ("5120",), home=TARTU, registered_on=dt.date(2026, 1, 1))
    assert names(matching.candidates_for(job)) == ["Refused", "Earlier", "Later", "Assisted"]

    # The offers module keeps the list: priority for category II, a refusal moves to the end.
    with db.write() as session:
        for record, priority in ((later, False), (earlier, False), (assisted, True), (refused, False)):
            session.add(
                ListStanding(person_id=record.person_id, registered_on=dt.date(2026, 1, 1), priority=priority)
            )
        session.flush()
        session.get(ListStanding, refused.person_id).moved_to_end_at = utcnow()
        session.get(ListStanding, earlier.person_id).registered_on = dt.date(2025, 12, 1)
    profile = context.extensions["profile"]
    context.extensions["profile"] = dataclasses.replace(profile, matching=KOSOVO_WEIGHTS)
    try:
        found = matching.candidates_for(job)
        assert names(found) == ["Assisted", "Earlier", "Later", "Refused"]
        assert found[0].standing.priority and found[-1].standing.moved_to_end_at is not None
    finally:
        context.extensions["profile"] = profile


def test_the_profile_weights_decide(context):
    job = vacancy("2512", (TARTU,))
    jobseeker("Developer far away", ("2512",), home=TALLINN)
    jobseeker("Analyst next door", ("2511",), home=TARTU)
    assert names(matching.candidates_for(job)) == ["Analyst next door", "Developer far away"]

    profile = context.extensions["profile"]
    occupation_first = dataclasses.replace(profile.matching, home_municipality=5)
    context.extensions["profile"] = dataclasses.replace(profile, matching=occupation_first)
    try:
        found = matching.candidates_for(job)
        assert names(found) == ["Developer far away", "Analyst next door"]
        # Minor group, home, working time, contract, start.
        assert found[1].assessment.score == 28 + 5 + 4 + 3 + 3
    finally:
        context.extensions["profile"] = profile


def test_weights_keep_the_order_of_levels():
    """The SQL takes the best level by points: each profile must rank the levels in this order."""
    for weights in (MatchingWeights(), KOSOVO_WEIGHTS):
        assert weights.same_unit_group > weights.same_minor_group > weights.same_sub_major_group
        assert weights.same_sub_major_group > weights.history_related > 0
        assert weights.home_municipality > weights.home_county > weights.preferred_place > weights.remote > 0


def test_recommended_published_vacancies_best_first(context):
    person = jobseeker("Anu", ("2512",), home=TARTU, languages=(("et", "C1"),), remote=True)
    best = vacancy("2512", (TARTU,), title="Developer in Tartu")
    vacancy("2511", (TARTU,), title="Analyst in Tartu")
    vacancy(
        "2512", (TALLINN,), title="Developer in Tallinn", remote=RemoteWork.HYBRID, languages=(("et", "B2"),)
    )
    vacancy("2512", (TALLINN,), title="Developer on site in Tallinn")
    vacancy("2512", (TARTU,), title="Draft", state=VacancyState.DRAFT)
    vacancy("2512", (TARTU,), title="Closed", state=VacancyState.CLOSED)
    vacancy("7411", (TARTU,), title="Electrician")

    found = matching.recommended_for(person.person_id)

    assert [r.vacancy.title for r in found] == [
        "Developer in Tartu",  # 40 + 20 + 10 (working time, contract, start)
        "Developer in Tallinn",  # 40 + 8 remote + 6 language + 10
        "Analyst in Tartu",  # 28 + 20 + 10
        "Developer on site in Tallinn",  # 40 + 10
    ]
    assert found[0].vacancy.id == best.id
    assert Kind.REMOTE in {r.kind for r in found[1].assessment.raised}
    db.session.remove()


def test_recommendations_read_each_range_once_to_its_edges(context):
    """The statement reads one range of codes per branch (`UNION ALL`): a vacancy at either end
    of a range is in it, one just outside is not, and a past job's minor group inside the
    person's own sub-major group (read whole by the wide statement) brings its vacancies once."""
    from portal.services.matching import recommendations_statement

    person = jobseeker("Anu", ("2412",), history=("2431", "7412"), home=TARTU)
    titles = {
        "2411": "first of the own minor group",
        "2413": "last of the own minor group",
        "2421": "own sub-major group only",
        "2431": "past job's minor group, inside the own sub-major group",
        "7412": "past job's minor group",
        "2359": "just below the sub-major group",
        "2511": "just above the sub-major group",
        "7421": "just above the past job's minor group",
    }
    made = {code: vacancy(code, (TARTU,), title=title) for code, title in titles.items()}
    facts = matching.person_facts(person)

    def ranked(wide: bool) -> list[int]:
        return [row.id for row in db.session.execute(*recommendations_statement(facts, wide=wide))]

    narrow, wide = ranked(wide=False), ranked(wide=True)
    assert sorted(narrow) == sorted(made[c].id for c in ("2411", "2413", "2431", "7412"))
    assert sorted(wide) == sorted(made[c].id for c in ("2411", "2413", "2421", "2431", "7412"))

    found = {r.vacancy.occupation_code: r.assessment for r in matching.recommended_for(person.person_id)}
    assert {code: found[code].reasons[0].kind for code in found} == {
        "2411": Kind.SAME_MINOR_GROUP,
        "2413": Kind.SAME_MINOR_GROUP,
        "2421": Kind.SAME_SUB_MAJOR_GROUP,
        "2431": Kind.SAME_SUB_MAJOR_GROUP,  # the sub-major group counts before the past job
        "7412": Kind.HISTORY_RELATED,
    }
    db.session.remove()


def _offer(person_id: int, vacancy_id: int, state):
    import datetime as dt

    from portal.models import Offer, OfferKind

    with db.write() as session:
        session.add(
            Offer(
                person_id=person_id,
                kind=OfferKind.VACANCY,
                vacancy_id=vacancy_id,
                title="A job",
                state=state,
                reply_by=dt.date(2026, 12, 20),
            )
        )


def test_open_offers_and_refusals_are_left_out_both_ways(context):
    from portal.models import OfferState

    job = vacancy("5120", (TARTU,), title="Cook")
    other = vacancy("5120", (TARTU,), title="Another cook")
    open_offer = jobseeker("Open", ("5120",), home=TARTU)
    refused = jobseeker("Refused", ("5120",), home=TARTU)
    expired = jobseeker("Expired", ("5120",), home=TARTU)
    jobseeker("Never", ("5120",), home=TARTU)
    _offer(open_offer.person_id, job.id, OfferState.PROPOSED)
    _offer(refused.person_id, job.id, OfferState.REFUSED)
    _offer(expired.person_id, job.id, OfferState.EXPIRED)

    assert sorted(names(matching.candidates_for(job))) == ["Expired", "Never"]
    assert names(matching.candidates_for(job, CandidateFilters(not_offered=True))) == ["Never"]
    assert sorted(names(matching.candidates_for(other))) == ["Expired", "Never", "Open", "Refused"]
    for person in (open_offer, refused, expired):
        assert [r.vacancy.title for r in matching.recommended_for(person.person_id)] == ["Another cook"]


def test_the_risk_level_filter_reads_the_case(context):
    import datetime as dt

    from portal.models import JobseekerCase, RiskLevel

    job = vacancy("5120", (TARTU,))
    high = jobseeker("High", ("5120",), home=TARTU)
    jobseeker("Unassessed", ("5120",), home=TARTU)
    with db.write() as session:
        session.add(
            JobseekerCase(
                person_id=high.person_id,
                office="Tartu",
                opened_on=dt.date(2026, 1, 1),
                risk_level=RiskLevel.HIGH,
            )
        )
    assert names(matching.candidates_for(job, CandidateFilters(risk_level="high"))) == ["High"]
    assert names(matching.candidates_for(job, CandidateFilters(risk_level="low"))) == []
