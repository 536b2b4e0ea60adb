"""The synthetic population: size, determinism, realism, and the promises each named persona makes."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from portal.simulators.national_ids import is_plausible_code
from portal.simulators.registers import Persona, personas, population
from portal.simulators.registers.model import age_on
from portal.simulators.registers.population import PROFILES
from tests.simulators.conftest import EXAMPLE_DAY, Registers

PERSONA_KEYS = (
    "unemployed",
    "employed",
    "recently-employed",
    "sa-category-2",
    "sa-category-1",
    "representative",
    "deceased",
    "minor",
    "pension-age",
    "unknown-to-education",
    "unknown-to-health",
    "long-name",
    "counsellor",
    "no-residence",
    "sa-ended",
)
DIACRITICS = {"EE": "õäöüšž", "XK": "çë" + "čćđšž"}


def by_key(profile: str) -> dict[str, Persona]:
    return {p.key: p for p in personas(profile)}


@pytest.fixture(params=PROFILES)
def profile(request) -> str:
    return request.param


@pytest.fixture
def registers(profile) -> Registers:
    from portal.simulators.registers import create_simulator

    return Registers(create_simulator(profile, today=EXAMPLE_DAY))


def test_population_is_large_with_valid_unique_codes(profile):
    data = population(profile, 20261126, EXAMPLE_DAY)
    assert len(data.persons) >= 5000
    assert all(is_plausible_code(profile, code) for code in data.persons)
    assert len({p.code for p in data.persons.values()}) == len(data.persons)
    assert len(data.companies) >= 300
    assert all(len(code) == (8 if profile == "EE" else 9) for code in data.companies)


def test_same_seed_same_data_other_seed_other_data(profile):
    def fingerprint(data):
        return [
            (
                p.code,
                p.given_names,
                p.family_name,
                p.born,
                p.residence,
                p.family,
                p.employments,
                p.beneficiary,
            )
            for p in data.persons.values()
        ]

    first = population.__wrapped__(profile, 7, EXAMPLE_DAY)
    again = population.__wrapped__(profile, 7, EXAMPLE_DAY)
    other = population.__wrapped__(profile, 8, EXAMPLE_DAY)
    assert fingerprint(first) == fingerprint(again)
    assert fingerprint(first) != fingerprint(other)
    # Who people are does not depend on the day; only what happens "now" moves along with it.
    later = population.__wrapped__(profile, 7, EXAMPLE_DAY + dt.timedelta(days=40))
    assert [(p.code, p.family_name) for p in later.persons.values()] == [
        (p.code, p.family_name) for p in first.persons.values()
    ]


def test_names_carry_the_countrys_diacritics(profile):
    names = " ".join(p.full_name for p in population(profile, 20261126, EXAMPLE_DAY).persons.values()).lower()
    for letter in DIACRITICS[profile]:
        assert letter in names, letter


def test_families_are_reciprocal_and_share_residences():
    data = population("EE", 20261126, EXAMPLE_DAY)
    reverse = {"SPOUSE": "SPOUSE", "CHILD": "PARENT", "PARENT": "CHILD"}
    couples = 0
    for person in data.persons.values():
        for relation, code in person.family:
            assert (reverse[relation], person.code) in data.persons[code].family
            if relation == "SPOUSE":
                couples += 1
                assert person.residence == data.persons[code].residence
            if relation == "CHILD":
                assert data.persons[code].born > person.born
    assert couples > 500


def test_the_registers_hold_the_promised_variety():
    data = population("EE", 20261126, EXAMPLE_DAY)
    persons = list(data.persons.values())
    adults = [p for p in persons if age_on(p.born, EXAMPLE_DAY) >= 25 and p.died is None]
    employed = [p for p in adults if any(e.active for e in p.employments or ())]
    assert 0.4 < len(employed) / len(adults) < 0.8
    assert {e.isco_code for p in employed for e in p.employments or ()} >= {"2512", "9112", "8332"}
    levels = {q.isced_level for p in persons for q in p.qualifications or ()}
    assert {2, 3, 4, 6, 7} <= levels
    assert any(p.qualifications is None for p in persons)  # unknown to education
    assert any(p.employments is None for p in persons)  # unknown to employment
    assert any(p.coverage is None for p in persons)  # unknown to health insurance
    categories = {p.beneficiary.category for p in persons if p.beneficiary}
    assert categories == {"I", "II"}
    assert sum(1 for p in persons if p.died) > 5
    assert sum(1 for p in persons if p.pay_checks) > 5
    municipalities = {p.residence.municipality_code for p in persons if p.residence}
    assert len(municipalities) >= 10


def test_persona_order_and_keys(profile):
    assert tuple(p.key for p in personas(profile)) == PERSONA_KEYS
    assert personas("ZZ") == ()
    assert all(p.label and p.label.isascii() for p in personas(profile))


def test_fixed_personas_match_the_brief():
    ee, xk = by_key("EE"), by_key("XK")
    assert ee["unemployed"] == Persona(
        "unemployed",
        "38001085718",
        "Jaak-Kristjan",
        "Jõeorg",
        dt.date(1980, 1, 8),
        "Typical unemployed person",
    )
    assert (ee["counsellor"].code, ee["counsellor"].given_name, ee["counsellor"].family_name) == (
        "49403136526",
        "Mari-Liis",
        "Männik",
    )
    assert ee["counsellor"].date_of_birth == dt.date(1994, 3, 13)
    assert (ee["deceased"].code, ee["deceased"].family_name) == ("45605110222", "Saar")
    assert (xk["unemployed"].code, xk["unemployed"].given_name, xk["unemployed"].family_name) == (
        "1234567890",
        "Arbër",
        "Krasniqi",
    )
    assert xk["unemployed"].date_of_birth == dt.date(1990, 5, 17)


def test_every_persona_is_in_the_population_with_the_same_names(profile, registers):
    for persona in personas(profile):
        assert is_plausible_code(profile, persona.code), persona.key
        person = registers.get("population", f"/v1/persons/{persona.code}").get_json()
        assert (person["givenNames"], person["familyName"]) == (persona.given_name, persona.family_name)
        assert person["dateOfBirth"] == persona.date_of_birth.isoformat()


def test_personas_keep_their_promises(profile, registers):
    p = by_key(profile)
    get = registers.get

    def employments(key):
        return get("employment", f"/v1/persons/{p[key].code}/employments").get_json()["employments"]

    def check(key, since="2026-10-01"):
        body = {"checkId": str(uuid.uuid4()), "since": since, "personalCodes": [p[key].code]}
        return registers.post("employment", "/v1/employment-checks", body).get_json()["results"][0]

    assert not any(e["status"] == "ACTIVE" for e in employments("unemployed"))
    assert employments("unemployed") and check("unemployed")["activeEmployment"] is False
    assert any(e["status"] == "ACTIVE" for e in employments("employed"))
    assert any(e["status"] == "ACTIVE" for e in employments("counsellor"))

    # Pay checks only in the last month (October on 2026-11-26), and no employment registered.
    months = get(
        "employment", f"/v1/persons/{p['recently-employed'].code}/payroll?from=2000-01&to=2026-12"
    ).get_json()["months"]
    assert [m["month"] for m in months] == ["2026-10"]
    assert employments("recently-employed") == []
    assert check("recently-employed")["activeEmployment"] is True

    for key, category in (("sa-category-2", "II"), ("sa-category-1", "I")):
        beneficiary = get("social-assistance", f"/v1/beneficiaries/{p[key].code}").get_json()
        assert (beneficiary["category"], beneficiary["status"]) == (category, "ACTIVE")
    ended = get("social-assistance", f"/v1/beneficiaries/{p['sa-ended'].code}").get_json()
    assert ended["status"] == "ENDED"
    assert not any(e["status"] == "ACTIVE" for e in employments("sa-ended"))
    homeless = get("population", f"/v1/persons/{p['no-residence'].code}").get_json()
    assert homeless["lifeStatus"] == "ALIVE" and not homeless.get("residence")

    representations = get("business", f"/v1/persons/{p['representative'].code}/representations").get_json()
    companies = {r["registryCode"] for r in representations["representations"]}
    assert len(companies) >= 2
    shared = [
        code
        for code in companies
        if {r["personalCode"] for r in get("business", f"/v1/companies/{code}").get_json()["representatives"]}
        - {p["representative"].code}
    ]
    assert shared

    deceased = get("population", f"/v1/persons/{p['deceased'].code}").get_json()
    assert deceased["lifeStatus"] == "DECEASED" and deceased["dateOfDeath"]
    assert age_on(p["minor"].date_of_birth, EXAMPLE_DAY) < 18
    assert age_on(p["pension-age"].date_of_birth, EXAMPLE_DAY) >= 65
    assert (
        get("health-insurance", f"/v1/persons/{p['pension-age'].code}/coverage").get_json()["basis"]
        == "PENSIONER"
    )

    assert get("education", f"/v1/persons/{p['unknown-to-education'].code}/qualifications").status_code == 404
    assert get("population", f"/v1/persons/{p['unknown-to-education'].code}").status_code == 200
    assert get("health-insurance", f"/v1/persons/{p['unknown-to-health'].code}/coverage").status_code == 404
    assert get("employment", f"/v1/persons/{p['unknown-to-health'].code}/employments").status_code == 200

    long = p["long-name"]
    full = f"{long.given_name} {long.family_name}"
    assert len(full) > 60 and not full.isascii()


def test_recent_facts_follow_today(today_ee):
    """Unpinned, the promises still hold: they are placed relative to the current date."""
    today = dt.datetime.now(dt.UTC).date()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    p = by_key("EE")
    months = today_ee.get(
        "employment", f"/v1/persons/{p['recently-employed'].code}/payroll?from=2000-01&to=2099-12"
    ).get_json()["months"]
    assert [m["month"] for m in months] == [last_month]
    jaak = today_ee.get("employment", "/v1/persons/38001085718/employments").get_json()["employments"]
    assert jaak[0]["status"] == "ENDED" and jaak[0]["endDate"] < today.isoformat()


def test_kosovo_numbers_are_ten_digits_and_distinct():
    from portal.simulators.national_ids import kosovo_code

    codes = {kosovo_code(serial) for serial in range(0, 10**9, 9_973_001)} | {
        kosovo_code(n) for n in range(2000)
    }
    assert len(codes) == 2000 + len(range(0, 10**9, 9_973_001)) - 1  # serial 0 is in both ranges
    assert all(len(code) == 10 and code.isdigit() and is_plausible_code("XK", code) for code in codes)
    with pytest.raises(ValueError):
        kosovo_code(10**9)
