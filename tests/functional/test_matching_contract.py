"""The contract preference: the person says which kinds of contract they would take, matching
compares it with the vacancy's contract both ways, says why, and weighs it by the country profile."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.extensions import db
from portal.jobs import huey
from portal.models import JobseekerProfile
from portal.models.vacancy import ContractType
from portal.profiles.matching import KOSOVO_WEIGHTS, MatchingWeights
from portal.services import matching
from portal.services.matching import Kind
from portal.services.matching.reasons import explain
from tests.conftest import empty_tables
from tests.eid import persona, signed_in
from tests.forms import submit
from tests.functional.caseload_helpers import add_jobseeker, ee_code
from tests.functional.test_jobseeker_record import EN, record_of, registered  # noqa: F401 (fixture)
from tests.matching_data import jobseeker, vacancy

TARTU, TALLINN = "0793", "0784"
W = MatchingWeights()


@pytest.fixture
def context(app):
    with app.test_request_context():
        yield app


def names(found):
    return [c.person.given_name for c in found]


def contract_reason(assessment):
    (reason,) = [r for r in assessment.reasons if r.kind in (Kind.CONTRACT_MET, Kind.CONTRACT_MISSING)]
    return reason


def english(assessment) -> list[str]:
    with force_locale("en"):
        said = explain(assessment, profile_code="EE", language="en")
    return [*said.raised, *said.lowered]


def test_candidates_who_would_take_the_contract_come_first(context):
    job = vacancy("5120", (TARTU,), contract=ContractType.FIXED_TERM)
    jobseeker("Permanent only", ("5120",), home=TARTU, contracts=("permanent",))
    jobseeker("Any", ("5120",), home=TARTU)
    jobseeker("Fixed or seasonal", ("5120",), home=TARTU, contracts=("fixed_term", "seasonal"))

    found = matching.candidates_for(job)

    # Equal scores keep the longest registered first: "Any" and "Fixed or seasonal" are equal.
    assert names(found) == ["Any", "Fixed or seasonal", "Permanent only"]
    wants_any, fixed, permanent = (c.assessment for c in found)
    assert wants_any.score == fixed.score == permanent.score + W.contract_met + W.contract_missing
    assert contract_reason(wants_any) == matching.Reason(
        Kind.CONTRACT_MET, W.contract_met, ("permanent", "fixed_term", "seasonal"), "fixed_term"
    )
    assert contract_reason(fixed) == matching.Reason(
        Kind.CONTRACT_MET, W.contract_met, ("fixed_term", "seasonal"), "fixed_term"
    )
    assert contract_reason(permanent) == matching.Reason(
        Kind.CONTRACT_MISSING, -W.contract_missing, ("permanent",), "fixed_term"
    )
    assert "Would take any kind of contract; the job is fixed-term" in english(wants_any)
    assert "Wants a fixed-term or seasonal contract; the job is fixed-term" in english(fixed)
    with force_locale("en"):
        said = explain(permanent, profile_code="EE", language="en")
    assert "Wants a permanent contract, but the job is fixed-term" in said.lowered


def test_without_a_contract_difference_the_order_is_the_other_factors(context):
    job = vacancy("5120", (TARTU,))  # permanent
    jobseeker("Far", ("5120",), home=TALLINN, contracts=("permanent",))
    jobseeker("Near", ("5120",), home=TARTU, contracts=("permanent",))
    found = matching.candidates_for(job)
    assert names(found) == ["Near", "Far"]
    assert all(contract_reason(c.assessment).kind is Kind.CONTRACT_MET for c in found)
    assert "Wants a permanent contract; the job is permanent" in english(found[0].assessment)


def test_recommendations_put_the_wanted_contract_first(context):
    person = jobseeker("Mari", ("5120",), home=TARTU, contracts=("permanent",))
    vacancy("5120", (TARTU,), title="Seasonal cook", contract=ContractType.SEASONAL)
    vacancy("5120", (TARTU,), title="Permanent cook", contract=ContractType.PERMANENT)
    vacancy("5120", (TARTU,), title="Fixed-term cook", contract=ContractType.FIXED_TERM)

    found = matching.recommended_for(person.person_id)

    assert found[0].vacancy.title == "Permanent cook"
    assert [contract_reason(r.assessment).kind for r in found] == [
        Kind.CONTRACT_MET,
        Kind.CONTRACT_MISSING,
        Kind.CONTRACT_MISSING,
    ]
    assert found[0].assessment.score - found[1].assessment.score == W.contract_met + W.contract_missing
    # The two that lower it are equal: the newer published first.
    assert [r.vacancy.title for r in found[1:]] == ["Fixed-term cook", "Seasonal cook"]
    assert "Wants a permanent contract, but the job is seasonal" in english(found[2].assessment)

    anyone = jobseeker("Any", ("5120",), home=TARTU)
    scores = {r.assessment.score for r in matching.recommended_for(anyone.person_id)}
    assert len(scores) == 1  # any kind: the contract does not tell the three apart
    db.session.remove()


def test_every_language_says_the_contract_reasons(context):
    job = vacancy("5120", (TARTU,), contract=ContractType.SEASONAL)
    jobseeker("Two", ("5120",), home=TARTU, contracts=("permanent", "fixed_term"))
    jobseeker("Seasonal", ("5120",), home=TARTU, contracts=("seasonal",))
    words = {"en": "seasonal", "et": "hooajaline", "ru": "сезонный", "sq": "sezonale", "sr": "sezonski"}
    for candidate in matching.candidates_for(job):
        for language, word in words.items():
            with force_locale(language):
                said = explain(candidate.assessment, profile_code="EE", language=language)
            (sentence,) = [s for s in (*said.raised, *said.lowered) if word in s and "%(" not in s]
            assert sentence.strip()


def test_the_profile_weights_of_the_contract_apply(context):
    job = vacancy("5120", (TARTU,))  # permanent
    jobseeker("Lives there, wants seasonal", ("5120",), home=TARTU, contracts=("seasonal",))
    jobseeker("Would go there, any contract", ("5120",), home=TALLINN, places=(TARTU,))
    # Estonia: living there (20) outweighs the contract (10 + 3 against 0 - 5).
    found = matching.candidates_for(job)
    assert names(found) == ["Lives there, wants seasonal", "Would go there, any contract"]
    assert found[0].assessment.score - found[1].assessment.score == (
        W.home_municipality - W.contract_missing - (W.preferred_place + W.contract_met)
    )

    profile = context.extensions["profile"]
    try:
        context.extensions["profile"] = dataclasses.replace(profile, matching=KOSOVO_WEIGHTS)
        kosovo = matching.candidates_for(job)
        k = KOSOVO_WEIGHTS
        assert (k.contract_met, k.contract_missing) != (W.contract_met, W.contract_missing)
        assert contract_reason(kosovo[0].assessment).points == -k.contract_missing
        assert contract_reason(kosovo[1].assessment).points == k.contract_met

        strict = dataclasses.replace(profile.matching, contract_missing=20)
        context.extensions["profile"] = dataclasses.replace(profile, matching=strict)
        found = matching.candidates_for(job)
        assert names(found) == ["Would go there, any contract", "Lives there, wants seasonal"]
        assert contract_reason(found[1].assessment).points == -20
    finally:
        context.extensions["profile"] = profile


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_registration_takes_any_contract_and_my_profile_changes_it(registered):  # noqa: F811
    app, client = registered
    assert record_of(app).contracts == ("permanent", "fixed_term", "seasonal")  # the default: any
    assert "Any kind of contract" in text(client.get("/jobseeker/profile", headers=EN))

    page = client.get("/jobseeker/profile/preferences", headers=EN)
    assert "Which kinds of contract would you take?" in text(page)
    refused = submit(client, page, {"contracts": []}, headers=EN)
    assert refused.status_code == 400
    assert "Select at least one kind of contract" in text(refused)
    assert record_of(app).contracts == ("permanent", "fixed_term", "seasonal")
    forged = submit(client, page, {"contracts": ["permanent", "zero_hours"]}, headers=EN)
    assert forged.status_code == 400 and "Select kinds of contract from the list" in text(forged)

    saved = submit(client, page, {"contracts": ["fixed_term", "permanent"]}, headers=EN)
    assert saved.status_code == 303
    record = record_of(app)
    assert record.contracts == ("permanent", "fixed_term")
    assert (record.contract_permanent, record.contract_fixed_term, record.contract_seasonal) == (
        True,
        True,
        False,
    )
    assert "Permanent, Fixed-term" in text(client.get(saved.headers["Location"], headers=EN))
    again = text(client.get("/jobseeker/profile/preferences", headers=EN))
    assert re.search(r'value="permanent" checked', again) and re.search(r'value="fixed_term" checked', again)
    assert not re.search(r'value="seasonal" checked', again)

    page = client.get("/jobseeker/profile/preferences", headers=EN)
    every = submit(client, page, {"contracts": ["permanent", "fixed_term", "seasonal"]}, headers=EN)
    assert every.status_code == 303
    assert record_of(app).contracts == ("permanent", "fixed_term", "seasonal")
    assert "Any kind of contract" in text(client.get("/jobseeker/profile", headers=EN))


def test_the_registration_journey_saves_the_contracts_chosen(make_app, app):
    huey.flush()
    person_app, client = signed_in(make_app, persona("unemployed").code)
    response = submit(client, client.get("/jobseeker/registration/", headers=EN), headers=EN)
    review = ""
    while response.status_code == 303 and "/confirmation/" not in response.headers["Location"]:
        page = client.get(response.headers["Location"], headers=EN)
        path = page.request.path
        if path.endswith("/contact"):
            response = submit(client, page, {"phone": "+372 5123 4567", "email": "j@example.ee"}, headers=EN)
        elif path.endswith(("/check", "/occupations")):
            response = submit(client, page, button=("action", "continue"), headers=EN)
        elif path.endswith("/preferences"):
            assert "Which kinds of contract would you take?" in text(page)
            assert submit(client, page, {"contracts": []}, headers=EN).status_code == 400
            response = submit(client, page, {"contracts": ["seasonal", "fixed_term"]}, headers=EN)
        else:
            if path.endswith("/review"):
                review = text(page)
            response = submit(client, page, headers=EN)
    try:
        assert re.search(r"Contract</dt> <dd[^>]*>Fixed-term, Seasonal</dd>", review)
        assert record_of(person_app).contracts == ("fixed_term", "seasonal")
    finally:
        huey.flush()
        with person_app.app_context():
            empty_tables()


def test_the_counsellor_sees_the_contract_beside_the_working_time(eid_app, client_as):
    client = client_as("counsellor")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    case_id = add_jobseeker(eid_app, ee_code(41), "Kalle", "Kask")
    with eid_app.app_context():
        record = db.session.scalars(select(JobseekerProfile)).one()
        assert "Any kind of contract" in text(client.get(f"/back-office/cases/{case_id}"))
        record.contracts = ("permanent", "seasonal")
        db.session.commit()
    page = text(client.get(f"/back-office/cases/{case_id}"))
    assert re.search(
        r"Working time</dt> <dd[^>]*>[^<]*</dd> </div> <div[^>]*> <dt[^>]*>Contract</dt> <dd[^>]*>Permanent, Seasonal</dd>",
        page,
    )


def test_the_generator_gives_people_and_jobs_contracts_of_their_country():
    from collections import Counter

    from portal.services.matching.facts import CONTRACTS
    from portal.services.matching.population import generate

    for country, most_jobs in (("EE", "permanent"), ("XK", "fixed_term")):
        people, jobs = generate(country, 2000, 2000, seed=3, today=dt.date(2026, 12, 3))
        made = list(jobs)
        wanted = Counter(person.contracts for person in people)
        assert 0.45 < wanted[CONTRACTS] / len(people) < 0.75  # most take any kind
        assert wanted[("permanent",)] > wanted[("seasonal",)] > 0
        offered = Counter(job.contract for job in made)
        assert offered.most_common(1)[0][0] == most_jobs and set(offered) == set(CONTRACTS)
        hires = [job for job in made if job.hired is not None]
        fitting = sum(job.contract in people[job.hired].contracts for job in hires)
        assert fitting / len(hires) > 0.85  # employers hire people who take the contract, mostly
