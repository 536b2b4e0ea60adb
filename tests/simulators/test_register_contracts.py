"""Every operation of the six consumed contracts, answered by the simulators: happy paths (the contracts'
own examples must come true), documented errors, and the X-Road envelope. Each response is validated
against its contract by the `Registers` helper."""

from __future__ import annotations

import functools
import uuid
from typing import Any

import pytest
import yaml

from portal.simulators.registers import population
from tests.contract import CONTRACTS
from tests.simulators.conftest import EXAMPLE_DAY, PES

CONTRACT_NAMES = (
    "population",
    "education",
    "employment",
    "social-assistance",
    "business",
    "health-insurance",
)
# One existing GET per contract with a person who is known everywhere it matters.
SAMPLE_GET = {
    "population": "/v1/persons/38001085718",
    "education": "/v1/persons/38001085718/qualifications",
    "employment": "/v1/persons/38001085718/employments",
    "social-assistance": "/v1/beneficiaries/48511020417",
    "business": "/v1/companies/14216734",
    "health-insurance": "/v1/persons/38001085718/coverage",
}


@functools.cache
def _spec(contract: str) -> dict[str, Any]:
    return yaml.safe_load((CONTRACTS / f"{contract}.yaml").read_text(encoding="utf-8"))


def example(contract: str, path: str, method: str, status: str, name: str | None = None) -> Any:
    operation = _spec(contract)["paths"][path][method.lower()]
    if status == "request":
        content = operation["requestBody"]["content"]["application/json"]
    else:
        content = operation["responses"][status]["content"]["application/json"]
    return content["examples"][name]["value"] if name else content["example"]


def assert_error(
    response, status: int, type_: str, *, xroad: bool = False, detail: str | None = None
) -> dict:
    body = response.get_json()
    assert response.status_code == status, body
    assert body["type"] == type_
    assert body["message"]
    if xroad:
        assert response.headers["X-Road-Error"] == type_
    else:
        assert "X-Road-Error" not in response.headers
    if detail is not None:
        assert body["detail"] == detail
    return body


# ----------------------------------------------------------------------------- population
def test_population_answers_the_contract_examples(ee):
    path = "/v1/persons/{personalCode}"
    alive = ee.get("population", "/v1/persons/38001085718")
    assert alive.status_code == 200
    assert alive.get_json() == example("population", path, "GET", "200", "alive")
    deceased = ee.get("population", "/v1/persons/45605110222")
    assert deceased.get_json() == example("population", path, "GET", "200", "deceased")


def test_family_members_are_known_persons_who_name_the_person_back(ee):
    reverse = {"SPOUSE": "SPOUSE", "CHILD": "PARENT", "PARENT": "CHILD"}
    person = ee.get("population", "/v1/persons/38001085718").get_json()
    for member in person["familyMembers"]:
        relative = ee.get("population", f"/v1/persons/{member['personalCode']}").get_json()
        assert relative["givenNames"] == member["givenNames"]
        assert {"relation": reverse[member["relation"]], "personalCode": "38001085718"}.items() <= {
            k: v
            for entry in relative["familyMembers"]
            if entry["personalCode"] == "38001085718"
            for k, v in entry.items()
        }.items()


@pytest.mark.parametrize("code", ["38001085719", "38001085710", "48203150270", "3800108571", "99999999999"])
def test_unknown_codes_and_wrong_check_digits_are_not_found(ee, code):
    body = assert_error(ee.get("population", f"/v1/persons/{code}"), 404, "NotFound")
    assert code not in body["message"]


@pytest.mark.parametrize("code", ["abc", "380010857180", "3800108571x", "３８００１０８５７１８"])
def test_malformed_codes_are_bad_requests_naming_the_field(ee, code):
    assert_error(ee.get("population", f"/v1/persons/{code}"), 400, "BadRequest", detail="personalCode")


# ----------------------------------------------------------------------------- education
def test_education_answers_the_contract_example_and_empty_lists(ee):
    path = "/v1/persons/{personalCode}/qualifications"
    response = ee.get("education", "/v1/persons/38001085718/qualifications")
    assert response.get_json() == example("education", path, "GET", "200", "withRecords")
    minor = ee.get("education", "/v1/persons/51206010333/qualifications")
    assert minor.get_json() == example("education", path, "GET", "200", "none")


def test_education_lists_are_newest_first(ee):
    for code in ("49403136526", "49004230347"):
        body = ee.get("education", f"/v1/persons/{code}/qualifications").get_json()
        dates = [q["completedOn"] for q in body["qualifications"]]
        assert dates == sorted(dates, reverse=True) and dates


def test_education_errors(ee):
    assert_error(ee.get("education", "/v1/persons/37506300450/qualifications"), 404, "NotFound")
    assert_error(ee.get("education", "/v1/persons/38001085719/qualifications"), 404, "NotFound")
    assert_error(
        ee.get("education", "/v1/persons/12/qualifications"), 400, "BadRequest", detail="personalCode"
    )


# ----------------------------------------------------------------------------- employment
def test_employments_and_payroll_answer_the_contract_examples(ee):
    employments = ee.get("employment", "/v1/persons/38001085718/employments")
    assert employments.get_json() == example(
        "employment", "/v1/persons/{personalCode}/employments", "GET", "200"
    )
    payroll = ee.get("employment", "/v1/persons/38001085718/payroll?from=2026-07&to=2026-10")
    assert payroll.get_json() == example("employment", "/v1/persons/{personalCode}/payroll", "GET", "200")


def test_payroll_period_rules(ee):
    inverted = ee.get("employment", "/v1/persons/38001085718/payroll?from=2026-09&to=2026-07")
    assert inverted.status_code == 200 and inverted.get_json() == {"months": []}
    # Not declared yet: the current month.
    current = ee.get("employment", "/v1/persons/49403136526/payroll?from=2026-11&to=2026-12")
    assert current.get_json() == {"months": []}
    months = ee.get("employment", "/v1/persons/49403136526/payroll?from=2019-01&to=2026-12").get_json()[
        "months"
    ]
    assert [m["month"] for m in months] == sorted(m["month"] for m in months)
    assert months[0]["month"] == "2019-09" and months[-1]["month"] == "2026-10"


def test_a_first_month_is_paid_pro_rata(ee):
    months = ee.get("employment", "/v1/persons/49004230347/payroll?from=2026-10&to=2026-10").get_json()[
        "months"
    ]
    # Started on the 15th: 17 of 31 days of 3600.00 at Tartu Puit OÜ.
    assert months == [
        {"month": "2026-10", "employerCode": "12874520", "grossWage": "1974.19", "currency": "EUR"}
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("to=2026-10", "from"),
        ("from=2026-07", "to"),
        ("from=2026-13&to=2026-14", "from"),
        ("from=2026-1&to=x", "from"),
    ],
)
def test_payroll_query_errors_name_the_parameter(ee, query, field):
    response = ee.get("employment", f"/v1/persons/38001085718/payroll?{query}")
    assert_error(response, 400, "BadRequest", detail=field)


def test_employment_errors(ee):
    assert_error(ee.get("employment", "/v1/persons/38001085719/employments"), 404, "NotFound")
    assert_error(
        ee.get("employment", "/v1/persons/38001085719/payroll?from=2026-01&to=2026-02"), 404, "NotFound"
    )
    assert_error(ee.get("employment", "/v1/persons/x/employments"), 400, "BadRequest", detail="personalCode")
    known_without_records = ee.get("employment", "/v1/persons/49102210337/employments")
    assert known_without_records.get_json() == {"employments": []}


def test_employment_check_answers_the_example_then_replays_it(ee):
    path = "/v1/employment-checks"
    request = example("employment", path, "POST", "request")
    first = ee.post("employment", path, request)
    assert first.status_code == 201
    assert first.get_json() == example("employment", path, "POST", "201")
    # A repeat with another body changes nothing and answers the stored result.
    repeat = ee.post("employment", path, {**request, "personalCodes": ["49102210337"], "since": "2000-01-01"})
    assert repeat.status_code == 200
    assert repeat.get_json() == first.get_json()


def test_employment_check_counts_pay_checks_and_unknown_codes(ee):
    body = {
        "checkId": str(uuid.uuid4()),
        "since": "2026-10-01",
        "personalCodes": ["49102210337", "38001085719", "49403136526", "45605110222"],
    }
    results = ee.post("employment", "/v1/employment-checks", body).get_json()["results"]
    assert [r["personalCode"] for r in results] == body["personalCodes"]
    paid_only = results[0]
    assert paid_only["activeEmployment"] is True
    assert paid_only["since"] == "2026-10-01"  # the first day of the first paid month
    assert paid_only["employerName"] == "Männi Hooldus OÜ"
    assert results[1] == {
        "personalCode": "38001085719",
        "activeEmployment": False,
        "employerCode": None,
        "employerName": None,
        "since": None,
    }
    assert results[2]["activeEmployment"] is True and results[2]["since"] == "2019-09-02"
    assert results[3]["activeEmployment"] is False
    # A wage for a month ending on or after `since` counts, even for an employment that has ended.
    earlier = {**body, "checkId": str(uuid.uuid4()), "since": "2026-09-15", "personalCodes": ["38001085718"]}
    [jaak] = ee.post("employment", "/v1/employment-checks", earlier).get_json()["results"]
    assert jaak["activeEmployment"] is True and jaak["employerCode"] == "14216734"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"checkId": "not-a-uuid"}, "checkId"),
        ({"since": "2026-02-30"}, "since"),
        ({"since": None}, "since"),
        ({"personalCodes": []}, "personalCodes"),
        ({"personalCodes": ["38001085718", "38001085718"]}, "personalCodes"),
        ({"personalCodes": ["3800108571A"]}, "personalCodes"),
        ({"personalCodes": [f"{n:011d}" for n in range(1001)]}, "personalCodes"),
        ({"personalCodes": "38001085718"}, "personalCodes"),
    ],
)
def test_employment_check_body_errors(ee, change, field):
    body = {"checkId": str(uuid.uuid4()), "since": "2026-10-01", "personalCodes": ["38001085718"], **change}
    assert_error(ee.post("employment", "/v1/employment-checks", body), 400, "BadRequest", detail=field)


def test_an_invalid_body_is_refused_even_with_a_known_id(ee):
    body = {"checkId": str(uuid.uuid4()), "since": "2026-10-01", "personalCodes": ["38001085718"]}
    assert ee.post("employment", "/v1/employment-checks", body).status_code == 201
    del body["since"]
    assert_error(ee.post("employment", "/v1/employment-checks", body), 400, "BadRequest", detail="since")
    not_json = ee.call("employment", "POST", "/v1/employment-checks", data="{", headers={**PES})
    assert_error(not_json, 400, "BadRequest", detail="body")
    assert_error(ee.post("employment", "/v1/employment-checks", [1, 2]), 400, "BadRequest", detail="body")


def test_a_full_batch_of_1000_codes_is_answered_in_order(ee):
    codes = list(population("EE", 20261126, EXAMPLE_DAY).persons)[:1000]
    body = {"checkId": str(uuid.uuid4()), "since": "2026-10-01", "personalCodes": codes}
    response = ee.post("employment", "/v1/employment-checks", body)
    results = response.get_json()["results"]
    assert [r["personalCode"] for r in results] == codes
    assert 0 < sum(r["activeEmployment"] for r in results) < 1000


# ----------------------------------------------------------------------------- social assistance
def test_beneficiary_answers_the_contract_example(xk):
    response = xk.get("social-assistance", "/v1/beneficiaries/1184527396")
    assert response.get_json() == example(
        "social-assistance", "/v1/beneficiaries/{personalCode}", "GET", "200"
    )


def test_beneficiary_errors(ee):
    assert_error(ee.get("social-assistance", "/v1/beneficiaries/38001085718"), 404, "NotFound")
    assert_error(ee.get("social-assistance", "/v1/beneficiaries/48511020410"), 404, "NotFound")
    assert_error(ee.get("social-assistance", "/v1/beneficiaries/1"), 400, "BadRequest", detail="personalCode")


def test_job_refusal_is_recorded_once(xk):
    path = "/v1/beneficiaries/{personalCode}/job-refusals"
    request = example("social-assistance", path, "POST", "request")
    first = xk.post("social-assistance", "/v1/beneficiaries/1184527396/job-refusals", request)
    assert first.status_code == 201
    receipt = first.get_json()
    assert receipt["refusalId"] == request["refusalId"] and receipt["beneficiaryStatus"] == "ACTIVE"
    repeat = xk.post("social-assistance", "/v1/beneficiaries/1184527396/job-refusals", request)
    assert repeat.status_code == 200 and repeat.get_json() == receipt
    assert len(xk.app.extensions["register_simulator"].job_refusals["1184527396"]) == 1


def test_job_refusal_errors(xk):
    path = "/v1/beneficiaries/{personalCode}/job-refusals"
    request = {**example("social-assistance", path, "POST", "request"), "refusalId": str(uuid.uuid4())}
    # Body first: an invalid body is 400 even for a non-beneficiary.
    bad = {**request, "reasonCode": "LAZY"}
    assert_error(
        xk.post("social-assistance", "/v1/beneficiaries/1234567890/job-refusals", bad),
        400,
        "BadRequest",
        detail="reasonCode",
    )
    for field, value in (
        ("sequenceNumber", 0),
        ("sequenceNumber", True),
        ("offerType", None),
        ("offerId", "x" * 65),
    ):
        response = xk.post(
            "social-assistance", "/v1/beneficiaries/1184527396/job-refusals", {**request, field: value}
        )
        assert_error(response, 400, "BadRequest", detail=field)
    missing = {k: v for k, v in request.items() if k != "confirmedBy"}
    assert_error(
        xk.post("social-assistance", "/v1/beneficiaries/1184527396/job-refusals", missing),
        400,
        "BadRequest",
        detail="confirmedBy",
    )
    not_beneficiary = xk.post("social-assistance", "/v1/beneficiaries/1234567890/job-refusals", request)
    assert_error(not_beneficiary, 404, "NotFound")
    # The 404 stored nothing: the same id can be used once the person is right.
    assert (
        xk.post("social-assistance", "/v1/beneficiaries/1184527396/job-refusals", request).status_code == 201
    )


@pytest.mark.parametrize("name", ["registered", "deregistered"])
def test_jobseeker_status_notifications_are_accepted_for_anyone_once(xk, name):
    path = "/v1/jobseeker-status-notifications"
    request = example("social-assistance", path, "POST", "request", name)
    first = xk.post("social-assistance", path, request)
    assert first.status_code == 201 and first.get_json()["notificationId"] == request["notificationId"]
    assert xk.post("social-assistance", path, request).get_json() == first.get_json()
    stranger = {**request, "notificationId": str(uuid.uuid4()), "personalCode": "1000000000"}
    assert xk.post("social-assistance", path, stranger).status_code == 201


def test_jobseeker_status_notification_errors(xk):
    path = "/v1/jobseeker-status-notifications"
    request = {
        **example("social-assistance", path, "POST", "request", "registered"),
        "notificationId": str(uuid.uuid4()),
    }
    for field, value in (
        ("reason", "BORED"),
        ("status", "LOST"),
        ("certificateNumber", "x" * 41),
        ("since", "20261020"),
    ):
        assert_error(
            xk.post("social-assistance", path, {**request, field: value}), 400, "BadRequest", detail=field
        )
    without_reason = {k: v for k, v in request.items() if k != "reason"}  # nullable, but required
    assert_error(xk.post("social-assistance", path, without_reason), 400, "BadRequest", detail="reason")


# ----------------------------------------------------------------------------- business
def test_business_answers_the_contract_examples(ee):
    company = ee.get("business", "/v1/companies/14216734")
    assert company.get_json() == example("business", "/v1/companies/{registryCode}", "GET", "200")
    representations = ee.get("business", "/v1/persons/38001085718/representations")
    assert representations.get_json() == example(
        "business", "/v1/persons/{personalCode}/representations", "GET", "200"
    )


def test_business_errors_and_never_404_for_representations(ee):
    assert_error(ee.get("business", "/v1/companies/99999999"), 404, "NotFound")
    assert_error(ee.get("business", "/v1/companies/1421673"), 400, "BadRequest", detail="registryCode")
    nobody = ee.get("business", "/v1/persons/38001085719/representations")
    assert nobody.status_code == 200 and nobody.get_json() == {"representations": []}
    assert_error(
        ee.get("business", "/v1/persons/1/representations"), 400, "BadRequest", detail="personalCode"
    )


def test_deleted_companies_are_answered_but_not_listed_as_representations(ee):
    data = population("EE", 20261126, EXAMPLE_DAY)
    deleted = next(c for c in data.companies.values() if c.status == "DELETED")
    assert ee.get("business", f"/v1/companies/{deleted.code}").get_json()["status"] == "DELETED"
    representative = deleted.representatives[0][0]
    listed = ee.get("business", f"/v1/persons/{representative}/representations").get_json()["representations"]
    assert deleted.code not in {r["registryCode"] for r in listed}


def test_xk_registry_codes_have_nine_digits(xk):
    company = xk.get("business", "/v1/companies/812345678").get_json()
    assert company["legalForm"] == "SH.P.K." and len(company["representatives"]) == 3


# ----------------------------------------------------------------------------- health insurance
def test_coverage_answers_the_contract_examples(ee):
    path = "/v1/persons/{personalCode}/coverage"
    after = ee.get("health-insurance", "/v1/persons/38001085718/coverage")
    assert after.get_json() == example("health-insurance", path, "GET", "200", "afterEmployment")
    employed = ee.get("health-insurance", "/v1/persons/49403136526/coverage")
    assert employed.get_json() == example("health-insurance", path, "GET", "200", "employed")
    not_insured = ee.get("health-insurance", "/v1/persons/49102210337/coverage")
    assert not_insured.get_json() == example("health-insurance", path, "GET", "200", "notInsured")
    assert ee.get("health-insurance", "/v1/persons/35402070127/coverage").get_json()["basis"] == "PENSIONER"


def test_coverage_errors(ee):
    assert_error(ee.get("health-insurance", "/v1/persons/38312050610/coverage"), 404, "NotFound")
    assert_error(ee.get("health-insurance", "/v1/persons/38312050611/coverage"), 404, "NotFound")
    assert_error(
        ee.get("health-insurance", "/v1/persons/x1/coverage"), 400, "BadRequest", detail="personalCode"
    )


def test_coverage_notifications_start_and_end_registered_unemployment(ee):
    path = "/v1/coverage-notifications"
    start = {**example("health-insurance", path, "POST", "request", "start"), "personalCode": "49102210337"}
    first = ee.post("health-insurance", path, start)
    assert first.status_code == 201 and first.get_json()["notificationId"] == start["notificationId"]
    coverage = ee.get("health-insurance", "/v1/persons/49102210337/coverage").get_json()
    assert coverage == {"insured": True, "basis": "REGISTERED_UNEMPLOYED", "validUntil": None}
    end = {**start, "notificationId": str(uuid.uuid4()), "end": "2026-11-25"}
    assert ee.post("health-insurance", path, end).status_code == 201
    assert ee.get("health-insurance", "/v1/persons/49102210337/coverage").get_json()["insured"] is False
    # Replaying the start changes nothing: the end stays the latest notification.
    replay = ee.post("health-insurance", path, start)
    assert replay.status_code == 200 and replay.get_json() == first.get_json()
    assert ee.get("health-insurance", "/v1/persons/49102210337/coverage").get_json()["insured"] is False


def test_another_basis_is_preferred_to_registered_unemployment(ee):
    path = "/v1/coverage-notifications"
    start = example("health-insurance", path, "POST", "request", "start")  # Jaak-Kristjan, still EMPLOYMENT
    assert ee.post("health-insurance", path, start).status_code == 201
    coverage = ee.get("health-insurance", "/v1/persons/38001085718/coverage").get_json()
    assert coverage["basis"] == "EMPLOYMENT"


def test_coverage_notification_errors(ee):
    path = "/v1/coverage-notifications"
    start = {
        **example("health-insurance", path, "POST", "request", "start"),
        "notificationId": str(uuid.uuid4()),
    }
    assert_error(
        ee.post("health-insurance", path, {**start, "basis": "EMPLOYMENT"}), 400, "BadRequest", detail="basis"
    )
    assert_error(ee.post("health-insurance", path, {**start, "end": "soon"}), 400, "BadRequest", detail="end")
    assert_error(
        ee.post("health-insurance", path, {**start, "personalCode": "EE38001085718"}),
        400,
        "BadRequest",
        detail="personalCode",
    )
    unknown = ee.post("health-insurance", path, {**start, "personalCode": "38312050610"})
    assert_error(unknown, 404, "NotFound")


# ----------------------------------------------------------------------------- the X-Road envelope
@pytest.mark.parametrize("contract", CONTRACT_NAMES)
@pytest.mark.parametrize("client", [None, "", "DEV/GOV", "DEV GOV/1/x", "a/b/c/d/e"])
def test_a_missing_or_malformed_client_is_refused_by_xroad(ee, contract, client):
    headers = {} if client is None else {"X-Road-Client": client}
    response = ee.get(contract, SAMPLE_GET[contract], headers=headers)
    body = assert_error(response, 400, "Client.BadRequest", xroad=True)
    assert uuid.UUID(body["detail"])


@pytest.mark.parametrize("contract", CONTRACT_NAMES)
def test_responses_carry_the_xroad_headers(ee, contract):
    message_id = str(uuid.uuid4())
    response = ee.get(contract, SAMPLE_GET[contract], headers={**PES, "X-Road-Id": message_id})
    assert response.status_code == 200
    assert response.headers["X-Road-Id"] == message_id
    assert uuid.UUID(response.headers["X-Road-Request-Id"])
    assert response.headers["X-Road-Client"] == PES["X-Road-Client"]
    service = _spec(contract)["servers"][0]["url"].split("/r1/")[1]
    assert response.headers["X-Road-Service"] == service
    fresh = ee.get(contract, SAMPLE_GET[contract])
    assert uuid.UUID(fresh.headers["X-Road-Id"]) and fresh.headers["X-Road-Id"] != message_id


def test_optional_request_headers_are_checked(ee):
    ok = ee.get(
        "population",
        "/v1/persons/38001085718",
        headers={**PES, "X-Road-UserId": "EE49403136526", "X-Road-Issue": "PES-REG-2026-004512"},
    )
    assert ok.status_code == 200
    bad_user = ee.get(
        "population", "/v1/persons/38001085718", headers={**PES, "X-Road-UserId": "38001085718"}
    )
    assert_error(bad_user, 400, "BadRequest", detail="X-Road-UserId")


@pytest.mark.parametrize(
    ("contract", "method", "path"),
    [
        ("population", "POST", "/v1/persons/38001085718"),
        ("population", "DELETE", "/v1/persons/38001085718"),
        ("education", "PUT", "/v1/persons/38001085718/qualifications"),
        ("employment", "GET", "/v1/employment-checks"),
        ("employment", "POST", "/v1/persons/38001085718/payroll"),
        ("social-assistance", "GET", "/v1/jobseeker-status-notifications"),
        ("social-assistance", "PATCH", "/v1/beneficiaries/1184527396"),
        ("business", "POST", "/v1/companies/14216734"),
        ("health-insurance", "GET", "/v1/coverage-notifications"),
        ("health-insurance", "OPTIONS", "/v1/persons/38001085718/coverage"),
    ],
)
def test_a_wrong_method_is_405_unknown_operation(ee, contract, method, path):
    response = ee.call(contract, method, path, validate=False)
    body = assert_error(response, 405, "UnknownOperation")
    assert "38001085718" not in body["message"]
    assert response.headers["Allow"] in ("GET", "POST")


@pytest.mark.parametrize(
    ("contract", "path"),
    [
        ("population", "/v9/persons/38001085718"),
        ("population", "/v1/persons/38001085718/"),
        ("population", "/v1/persons"),
        ("education", "/v1/persons/38001085718"),
        ("employment", "/v1/persons/38001085718/salary"),
        ("business", "/v1/companies"),
        ("health-insurance", ""),
    ],
)
def test_an_unknown_path_is_404_unknown_operation(ee, contract, path):
    response = ee.call(contract, "GET", path, validate=False)
    body = assert_error(response, 404, "UnknownOperation")
    assert "38001085718" not in body["message"]


@pytest.mark.parametrize(
    "url",
    [
        "/r1/DEV/GOV/70000002/population/people/v1/persons/38001085718",
        "/r1/DEV/GOV/70000002",
        "/",
        "/v1/persons/1",
    ],
)
def test_an_unknown_service_is_an_xroad_error(ee, url):
    response = ee.client.get(url, headers=PES)
    assert_error(response, 404, "Server.ClientProxy.UnknownService", xroad=True)
    assert "X-Road-Service" not in response.headers


def test_the_simulator_mounts_under_a_prefix(ee):
    """The portal mounts it with DispatcherMiddleware (SCRIPT_NAME), e.g. under /dev-xroad."""
    response = ee.client.get(
        "/r1/DEV/GOV/70000002/population/persons/v1/persons/38001085718",
        headers=PES,
        base_url="http://localhost/dev-xroad",
    )
    assert response.status_code == 200
    assert response.request.root_path == "/dev-xroad"


def test_head_is_not_an_operation_either(ee):
    response = ee.call("population", "HEAD", "/v1/persons/38001085718", validate=False)
    assert response.status_code == 405 and response.headers["Allow"] == "GET"


def test_racing_first_requests_with_one_id_create_one_result(ee):
    import threading

    body = {"checkId": str(uuid.uuid4()), "since": "2026-10-01", "personalCodes": ["49004230347"]}
    statuses: list[int] = []

    def post() -> None:
        client = ee.app.test_client()
        response = client.post(
            "/r1/DEV/GOV/70000004/tax/employment/v1/employment-checks", json=body, headers=PES
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 7 + [201]


def test_idempotency_stores_belong_to_one_app_instance():
    from portal.simulators.registers import create_simulator

    body = {"checkId": str(uuid.uuid4()), "since": "2026-10-01", "personalCodes": ["49004230347"]}
    url = "/r1/DEV/GOV/70000004/tax/employment/v1/employment-checks"
    for _ in range(2):
        client = create_simulator(today=EXAMPLE_DAY).test_client()
        assert client.post(url, json=body, headers=PES).status_code == 201
        assert client.post(url, json=body, headers=PES).status_code == 200
