"""Every operation of every consumed contract, driven by the contract's own examples: each success
example parses into the typed result, and each request goes out in the contract's shape."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest

from portal.integrations.xroad import Posted, Registers
from portal.integrations.xroad.client import CallContext
from tests.contract import SECURITY_SERVER, service_root
from tests.contract_requests import assert_request_conforms
from tests.integrations.xroad.contract_examples import (
    CODE,
    OPERATIONS,
    Example,
    assert_matches,
    call_answered_by,
    call_from_request_example,
    operation_ids,
    request_examples,
    response_examples,
)
from tests.integrations.xroad.fake import CLIENT_ID, CONTEXT, FakeSecurityServer

RESPONSES = response_examples()
REQUESTS = request_examples()


def _contract_of(operation: str) -> str:
    return next(e.contract for e in RESPONSES if e.operation == operation)


def _first_example(operation: str) -> Example:
    return next(e for e in RESPONSES if e.operation == operation)


def test_every_operation_has_a_call() -> None:
    assert set(OPERATIONS) == operation_ids()


def test_every_operation_has_success_examples() -> None:
    assert {e.operation for e in RESPONSES} == operation_ids()
    assert len(RESPONSES) >= 20


@pytest.mark.parametrize("example", RESPONSES, ids=lambda e: e.id)
def test_response_example_parses_into_typed_values(
    example: Example, fake: FakeSecurityServer, registers: Registers
) -> None:
    fake.answer(example.value, status=example.status)

    result = call_answered_by(example.operation, example.value)(registers, CONTEXT)

    if OPERATIONS[example.operation].method == "POST":
        assert isinstance(result, Posted)
        assert result.created is (example.status == 201)
        result = result.value
    assert_matches(result, example.value)


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_request_url_headers_and_body_follow_the_contract(
    operation: str, fake: FakeSecurityServer, registers: Registers
) -> None:
    spec = OPERATIONS[operation]
    example = _first_example(operation)
    fake.answer(example.value, status=example.status)
    asked = example.value.get("personalCode", CODE) if spec.method == "GET" else CODE

    call_answered_by(operation, example.value)(registers, CONTEXT)

    request = fake.last
    contract = _contract_of(operation)
    assert request.method == spec.method
    assert f"{request.url.scheme}://{request.url.host}{request.url.raw_path.decode()}".split("?")[0] == (
        f"{SECURITY_SERVER}{service_root(contract)}{spec.path.replace(CODE, asked)}"
    )
    assert dict(request.url.params) == spec.query
    assert request.headers["X-Road-Client"] == CLIENT_ID
    assert uuid.UUID(request.headers["X-Road-Id"])
    assert request.headers["X-Road-UserId"] == "EE38001085718"
    assert request.headers["X-Road-Issue"] == "PES-REG-2026-004512"
    assert_request_conforms(request, contract)


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_every_call_gets_a_fresh_x_road_id(
    operation: str, fake: FakeSecurityServer, registers: Registers
) -> None:
    example = _first_example(operation)
    for _ in range(2):
        fake.answer(example.value, status=example.status)
        call_answered_by(operation, example.value)(registers, CONTEXT)

    first, second = (request.headers["X-Road-Id"] for request in fake.requests)
    assert first != second


def test_batch_context_sends_no_user_or_issue(fake: FakeSecurityServer, registers: Registers) -> None:
    example = _first_example("createEmploymentCheck")
    fake.answer(example.value, status=201)

    call_answered_by("createEmploymentCheck", example.value)(
        registers, CallContext(purpose="nightly-reconciliation")
    )

    assert "X-Road-UserId" not in fake.last.headers
    assert "X-Road-Issue" not in fake.last.headers
    assert fake.last.headers["X-Road-Client"] == CLIENT_ID


@pytest.mark.parametrize("example", REQUESTS, ids=lambda e: e.id)
def test_request_example_is_sent_exactly(
    example: Example, fake: FakeSecurityServer, registers: Registers
) -> None:
    answer = next(e for e in RESPONSES if e.operation == example.operation and e.status == 201)
    fake.answer(answer.value, status=201)

    call_from_request_example(example.operation, example.value)(registers, CONTEXT)

    assert fake.last.headers["Content-Type"] == "application/json"
    assert json.loads(fake.last.content) == example.value


def test_assert_matches_catches_wrong_values_and_types() -> None:
    from portal.integrations.xroad.employment import PayrollMonth

    parsed = PayrollMonth(dt.date(2026, 7, 1), "14216734", Decimal("2450.00"), "EUR")
    value = {"month": "2026-07", "employerCode": "14216734", "grossWage": "2450.00", "currency": "EUR"}
    assert_matches(parsed, value)
    for wrong in (
        {**value, "grossWage": "2450.01"},
        {**value, "month": "2026-08"},
        {**value, "currency": "USD"},
        {key: item for key, item in value.items() if key != "currency"},
    ):
        with pytest.raises(AssertionError):
            assert_matches(parsed, wrong)
    with pytest.raises(AssertionError):  # an amount kept as a string is not good enough
        assert_matches(PayrollMonth(dt.date(2026, 7, 1), "14216734", "2450.00", "EUR"), value)  # type: ignore[arg-type]
