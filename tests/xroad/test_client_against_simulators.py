"""The X-Road client against the register simulators, not mocks: every register, every failure kind.

Failures that need a real socket (timeouts) run the simulator on a local port; the rest go through
`httpx.WSGITransport`, exactly as the embedded default does.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from werkzeug.serving import make_server

from portal.integrations.xroad import CallContext, Registers, ServiceId, XRoadClient, fetch_all
from portal.integrations.xroad import errors as xe
from portal.integrations.xroad.client import QueryRecord, RetryPolicy
from portal.profiles.base import DEV_XROAD_SERVICES
from portal.services.register_data import register_calls
from portal.simulators.registers import create_simulator
from tests.contract import assert_httpx_conforms
from tests.eid import persona

SERVICES = {name: ServiceId.parse(value) for name, value in DEV_XROAD_SERVICES.items()}
CONTRACT_OF = {str(service): name for name, service in SERVICES.items()}
CONTEXT_PURPOSE = "contract test"


class RecordingLog:
    def __init__(self) -> None:
        self.entries: list[QueryRecord] = []

    def record(self, entry: QueryRecord) -> None:
        self.entries.append(entry)


class RecordingTransport(httpx.BaseTransport):
    """Keeps every exchange so tests can check it against the contracts."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.responses: list[httpx.Response] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        self.responses.append(response)
        return response


def build(
    faults: str = "", *, attempts: int = 1, base_url: str = "http://registers.test", transport=None, **kw
):
    log = RecordingLog()
    recording = RecordingTransport(
        transport or httpx.WSGITransport(app=create_simulator("EE", faults=faults))
    )
    client = XRoadClient(
        base_url,
        "DEV/GOV/70000001/pes",
        transport=recording,
        retry=RetryPolicy(attempts=attempts, backoff=0.01),
        query_log=log,
        **kw,
    )
    return Registers.build(client, SERVICES), log, recording


def context(code: str, **extra) -> CallContext:
    return CallContext(purpose=CONTEXT_PURPOSE, subject=code, on_behalf_of=f"EE{code}", **extra)


def check_contracts(recording: RecordingTransport) -> None:
    for response in recording.responses:
        service = next(s for s in CONTRACT_OF if f"/r1/{s}/" in str(response.request.url))
        assert_httpx_conforms(CONTRACT_OF[service], response)


def test_every_register_answers_the_typical_unemployed_person():
    code = persona("unemployed").code
    registers, log, recording = build()
    person = registers.population.person(code, context=context(code, issue="APP-1"))
    assert (person.given_names, person.family_name) == ("Jaak-Kristjan", "Jõeorg")
    assert registers.education.qualifications(code, context=context(code)).qualifications
    employments = registers.employment.employments(code, context=context(code)).employments
    assert employments and all(item.end_date is not None for item in employments)
    assert registers.health_insurance.coverage(code, context=context(code)).insured in (True, False)
    # As in business.yaml's example, he is on the board of Põhjarannik OÜ.
    companies = registers.business.representations(code, context=context(code)).representations
    assert "Põhjarannik OÜ" in {company.name for company in companies}
    with pytest.raises(xe.NotFound):  # not a social-assistance beneficiary
        registers.social_assistance.beneficiary(code, context=context(code))
    check_contracts(recording)
    first = recording.responses[0].request
    assert first.headers["X-Road-Client"] == "DEV/GOV/70000001/pes"
    assert first.headers["X-Road-UserId"] == f"EE{code}"
    assert first.headers["X-Road-Issue"] == "APP-1"
    ids = [response.request.headers["X-Road-Id"] for response in recording.responses]
    assert len(set(ids)) == len(ids) and all(uuid.UUID(value) for value in ids)
    assert [entry.outcome for entry in log.entries] == ["ok"] * 5 + ["not_found"]
    assert [entry.xroad_id for entry in log.entries] == ids


def test_a_beneficiary_a_representative_and_the_idempotent_posts():
    beneficiary = persona("sa-category-2").code
    registers, _log, recording = build()
    found = registers.social_assistance.beneficiary(beneficiary, context=context(beneficiary))
    assert found.category == "II"
    representative = persona("representative").code
    companies = registers.business.representations(representative, context=context(representative))
    assert len({item.registry_code for item in companies.representations}) >= 2
    company = registers.business.company(
        companies.representations[0].registry_code, context=context(representative)
    )
    assert representative in {item.personal_code for item in company.representatives}
    check_id = uuid.uuid4()
    codes = [persona("employed").code, persona("unemployed").code]
    batch = CallContext(purpose="batch")
    today = dt.date.today()
    first = registers.employment.check_employment(codes, since=today, check_id=check_id, context=batch)
    again = registers.employment.check_employment(codes, since=today, check_id=check_id, context=batch)
    assert first.created and not again.created
    assert first.value == again.value
    assert [result.active_employment for result in first.value.results] == [True, False]
    check_contracts(recording)


@pytest.mark.parametrize(
    ("faults", "error", "outcome"),
    [
        ("population:xroad_error=Server.ServerProxy.DatabaseError", xe.XRoadSystemError, "xroad_error"),
        ("population:status=500", xe.ProviderError, "provider_error"),
        ("population:garbage", xe.MalformedResponse, "malformed"),
        ("population:redirect", xe.UnexpectedRedirect, "redirect"),
        ("population:status=429", xe.TooManyRequests, "too_many_requests"),
    ],
)
def test_each_failure_is_a_typed_error_and_a_query_log_row(faults, error, outcome):
    code = persona("unemployed").code
    registers, log, recording = build(faults)
    with pytest.raises(error) as raised:
        registers.population.person(code, context=context(code))
    assert raised.value.xroad_id == log.entries[-1].xroad_id
    assert code not in str(raised.value)
    assert [(entry.outcome, entry.context.subject) for entry in log.entries] == [(outcome, code)]
    if error is xe.UnexpectedRedirect:
        assert len(recording.responses) == 1  # not followed
    if error is xe.XRoadSystemError:
        assert raised.value.type == "Server.ServerProxy.DatabaseError"


def test_an_unknown_person_is_not_found():
    registers, log, _recording = build()
    with pytest.raises(xe.NotFound) as raised:
        registers.population.person("38001085729", context=context("38001085729"))  # never issued
    assert raised.value.type == "NotFound"
    assert log.entries[-1].outcome == "not_found" and log.entries[-1].http_status == 404


def test_gets_are_retried_on_transient_faults_and_posts_without_their_id_are_not():
    code = persona("unemployed").code
    registers, log, _recording = build("population:xroad_error=Server.ServerProxy.DatabaseError", attempts=3)
    with pytest.raises(xe.XRoadSystemError):
        registers.population.person(code, context=context(code))
    assert [entry.attempt for entry in log.entries] == [1, 2, 3]
    assert len({entry.xroad_id for entry in log.entries}) == 3

    registers, log, _recording = build("employment:status=500", attempts=3)
    client = registers.employment.client
    with pytest.raises(xe.ProviderError):
        client.post(
            SERVICES["employment"],
            "v1/employment-checks",
            {"personalCodes": [code]},
            operation="checkEmployment",
            context=CallContext(purpose="batch"),
            idempotency_field="checkId",  # the body carries no id: one try only
        )
    assert [entry.attempt for entry in log.entries] == [1]


def test_client_errors_are_not_retried():
    registers, log, _recording = build(attempts=3)
    with pytest.raises(xe.NotFound):
        registers.population.person("38001085729", context=context("38001085729"))
    assert len(log.entries) == 1


@pytest.fixture
def slow_registers_server() -> Iterator[str]:
    server = make_server(
        "127.0.0.1", 0, create_simulator("EE", faults="population:latency=1500"), threaded=True
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_register_that_does_not_answer_in_time_is_a_timeout(slow_registers_server):
    code = persona("unemployed").code
    registers, log, _recording = build(
        base_url=slow_registers_server, transport=httpx.HTTPTransport(), read_timeout=0.3, connect_timeout=0.3
    )
    with pytest.raises(xe.XRoadTimeout):
        registers.population.person(code, context=context(code))
    assert log.entries[-1].outcome == "timeout"
    assert registers.education.qualifications(code, context=context(code)).qualifications  # others fine


def test_a_security_server_that_is_down_is_unavailable():
    registers, log, _recording = build(base_url="http://127.0.0.1:9", transport=httpx.HTTPTransport())
    with pytest.raises(xe.XRoadUnavailable):
        registers.population.person("38001085718", context=context("38001085718"))
    assert log.entries[-1].outcome == "unavailable"


def test_a_concurrent_fetch_costs_about_the_slowest_register_not_the_sum():
    code = persona("unemployed").code
    registers, log, _recording = build("*:latency=200")
    ctx = context(code)
    calls = register_calls(registers, code, ctx)
    started = time.monotonic()
    outcomes = fetch_all(calls)
    elapsed = time.monotonic() - started
    assert all(entry.duration_ms >= 200 for entry in log.entries)
    assert elapsed < 0.6 * 6 * 0.2  # well under the 1.2 s the calls take one after another
    assert outcomes["population"].ok and outcomes["social_assistance"].failed
