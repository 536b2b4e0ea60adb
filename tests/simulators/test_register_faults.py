"""Fault injection (`PORTAL_XROAD_FAULTS`): parsing, and what each fault does to the answers."""

from __future__ import annotations

import json
import time
import uuid

import pytest

from portal.simulators.registers import Fault, create_simulator, parse_faults
from tests.simulators.conftest import EXAMPLE_DAY, PES, Registers

PERSON = "/v1/persons/38001085718"


def simulator(faults, profile: str = "EE", seed: int = 20261126) -> Registers:
    return Registers(create_simulator(profile, seed=seed, faults=faults, today=EXAMPLE_DAY))


def test_parse_faults_reads_every_option():
    parsed = parse_faults(
        " population:latency=800 ; employment:status=429,error_rate=0.3;*:latency=50;"
        "business:xroad_error=Server.ServerProxy.DatabaseError;education:garbage;"
        "health-insurance:redirect,error_rate=0.5;social-assistance:error_rate=0.25;"
    )
    assert parsed == {
        "population": Fault(latency_ms=800),
        "employment": Fault(status=429, error_rate=0.3),
        "*": Fault(latency_ms=50),
        "business": Fault(xroad_error="Server.ServerProxy.DatabaseError"),
        "education": Fault(garbage=True),
        "health-insurance": Fault(redirect=True, error_rate=0.5),
        "social-assistance": Fault(status=500, error_rate=0.25),
    }
    assert parse_faults("") == {} and parse_faults(" ; ") == {}


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("population", "<register>:<option>"),
        ("people:latency=1", "unknown register 'people'"),
        ("population:latency=abc", "latency"),
        ("population:latency=-5", "latency"),
        ("population:latency=", "needs a value"),
        ("population:error_rate=2", "error_rate"),
        ("population:error_rate=nan", "error_rate"),
        ("population:status=418", "status must be one of"),
        ("population:xroad_error=DatabaseError", "xroad_error"),
        ("population:frobnicate", "unknown option 'frobnicate'"),
        ("population:garbage=yes", "takes no value"),
        ("population:garbage,redirect", "choose one of"),
        ("population:status=500,xroad_error=Server.X", "choose one of"),
        ("population:latency=1;population:latency=2", "configured twice"),
        ("population:latency=1,latency=2", "given twice"),
        ("population:latency=1,", "empty option"),
    ],
)
def test_parse_faults_refuses_nonsense_clearly(text, complaint):
    with pytest.raises(ValueError, match=None) as raised:
        parse_faults(text)
    assert complaint in str(raised.value)


def test_create_simulator_refuses_bad_faults_and_profiles():
    with pytest.raises(ValueError, match="unknown register"):
        create_simulator(faults="nowhere:garbage")
    with pytest.raises(ValueError, match="unknown register"):
        create_simulator(faults={"nowhere": Fault(garbage=True)})
    with pytest.raises(ValueError, match="unknown profile"):
        create_simulator("FI")


def test_latency_is_applied_to_the_configured_register_only():
    # Lower bounds are exact; the undelayed call gets a wide margin, as the machine may be busy.
    registers = simulator("population:latency=1200")
    started = time.perf_counter()
    assert registers.get("population", PERSON).status_code == 200
    assert time.perf_counter() - started >= 1.2
    started = time.perf_counter()
    assert registers.get("education", PERSON + "/qualifications").status_code == 200
    assert time.perf_counter() - started < 1.0


def test_a_mapping_of_faults_and_the_wildcard():
    registers = simulator({"*": Fault(latency_ms=1200), "business": Fault(status=500)})
    started = time.perf_counter()
    assert registers.get("education", PERSON + "/qualifications").status_code == 200
    assert time.perf_counter() - started >= 1.2
    # A register's own entry replaces the wildcard.
    started = time.perf_counter()
    response = registers.get("business", "/v1/companies/14216734")
    assert time.perf_counter() - started < 1.0
    body = response.get_json()
    assert (
        response.status_code == 500
        and body["type"] == "InternalError"
        and "X-Road-Error" not in response.headers
    )
    assert body["detail"] == response.headers["X-Road-Id"]


def test_xroad_error_answers_500_with_the_header():
    registers = simulator("population:xroad_error=Server.ServerProxy.DatabaseError")
    response = registers.get("population", PERSON)  # validated against ServerError
    assert response.status_code == 500
    assert response.headers["X-Road-Error"] == "Server.ServerProxy.DatabaseError"
    assert response.get_json()["type"] == "Server.ServerProxy.DatabaseError"
    assert uuid.UUID(response.get_json()["detail"])


def test_a_client_xroad_error_is_a_400():
    response = simulator("education:xroad_error=Client.InternalError").get(
        "education", PERSON + "/qualifications"
    )
    assert response.status_code == 400 and response.headers["X-Road-Error"] == "Client.InternalError"


def test_too_many_requests_carries_retry_after():
    registers = simulator("employment:status=429")
    body = {"checkId": str(uuid.uuid4()), "since": "2026-10-01", "personalCodes": ["38001085718"]}
    response = registers.post("employment", "/v1/employment-checks", body)  # validated: documented 429
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"
    assert response.get_json()["type"] == "TooManyRequests"
    assert "X-Road-Error" not in response.headers
    # The failed POST stored nothing: the retry with the same id is the first real request.
    assert (
        create_simulator(today=EXAMPLE_DAY)
        .test_client()
        .post("/r1/DEV/GOV/70000004/tax/employment/v1/employment-checks", json=body, headers=PES)
        .status_code
        == 201
    )
    get = registers.get("employment", PERSON + "/employments", validate=False)
    assert get.status_code == 429 and get.headers["Retry-After"] == "1"


def test_provider_not_found_fault():
    response = simulator("population:status=404").get("population", PERSON)
    assert response.status_code == 404 and response.get_json()["type"] == "NotFound"


def test_garbage_is_a_200_that_is_not_json():
    response = simulator("education:garbage").get("education", PERSON + "/qualifications", validate=False)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    with pytest.raises(ValueError):
        json.loads(response.get_data())


def test_redirect_points_elsewhere_and_is_not_followed():
    registers = simulator("business:redirect")
    response = registers.get("business", "/v1/companies/14216734", validate=False)
    assert response.status_code == 302
    assert not response.headers["Location"].startswith("http://localhost")
    assert response.get_data() == b""


def test_error_rate_is_random_but_reproducible():
    def outcomes(seed: int) -> list[int]:
        registers = simulator("population:status=503,error_rate=0.5", seed=seed)
        return [registers.get("population", PERSON, validate=False).status_code for _ in range(40)]

    first = outcomes(1)
    assert set(first) == {200, 503}
    assert 8 <= first.count(503) <= 32
    assert outcomes(1) == first
    assert outcomes(2) != first


def test_the_client_header_is_checked_before_faults():
    response = simulator("population:xroad_error=Server.ServerProxy.DatabaseError").get(
        "population", PERSON, headers={}
    )
    assert response.status_code == 400 and response.headers["X-Road-Error"] == "Client.BadRequest"
