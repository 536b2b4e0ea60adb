from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest

from portal.integrations.xroad import MalformedResponse, Posted, Registers
from portal.integrations.xroad.employment import (
    EmploymentCheck,
    EmploymentStatus,
    PayrollMonth,
    WorkingTime,
)
from tests.integrations.xroad.contract_examples import spec
from tests.integrations.xroad.fake import CONTEXT, FakeSecurityServer

PATHS = spec("employment")["paths"]
EMPLOYMENTS = PATHS["/v1/persons/{personalCode}/employments"]["get"]["responses"]["200"]["content"][
    "application/json"
]["example"]
PAYROLL = PATHS["/v1/persons/{personalCode}/payroll"]["get"]["responses"]["200"]["content"][
    "application/json"
]["example"]
CHECK = PATHS["/v1/employment-checks"]["post"]["responses"]["201"]["content"]["application/json"]["example"]
CHECK_ID = uuid.UUID(CHECK["checkId"])
CODES = [result["personalCode"] for result in CHECK["results"]]


def test_employments(fake: FakeSecurityServer, registers: Registers) -> None:
    fake.answer(EMPLOYMENTS)

    employments = registers.employment.employments("38001085718", context=CONTEXT).employments

    assert [e.employer_name for e in employments] == ["Põhjarannik OÜ", "Lõunatäht AS"]
    latest = employments[0]
    assert latest.start_date == dt.date(2021, 2, 1)
    assert latest.end_date == dt.date(2026, 9, 30)
    assert latest.working_time is WorkingTime.FULL
    assert latest.status is EmploymentStatus.ENDED


def test_payroll_query_and_amounts(fake: FakeSecurityServer, registers: Registers) -> None:
    fake.answer(PAYROLL)

    payroll = registers.employment.payroll(
        "38001085718", from_month=dt.date(2026, 7, 15), to_month=dt.date(2026, 10, 1), context=CONTEXT
    )

    assert fake.last.url.path == "/r1/DEV/GOV/70000004/tax/employment/v1/persons/38001085718/payroll"
    assert dict(fake.last.url.params) == {"from": "2026-07", "to": "2026-10"}
    assert payroll.months[2] == PayrollMonth(
        month=dt.date(2026, 9, 1), employer_code="14216734", gross_wage=Decimal("3712.45"), currency="EUR"
    )
    assert sum(m.gross_wage for m in payroll.months) == Decimal("8612.45")
    assert all(type(m.gross_wage) is Decimal for m in payroll.months)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"grossWage": 2450.0}, "grossWage"),  # a float would round amounts
        ({"grossWage": "2,450.00"}, "grossWage"),
        ({"grossWage": "NaN"}, "grossWage"),
        ({"month": "2026-13"}, "month"),
        ({"month": "2026-07-01"}, "month"),
        ({"currency": None}, "currency"),
    ],
)
def test_malformed_payroll_month(
    change: dict[str, object], field: str, fake: FakeSecurityServer, registers: Registers
) -> None:
    fake.answer({"months": [{**PAYROLL["months"][0], **change}]})

    with pytest.raises(MalformedResponse, match=rf"'months\[0\]\.{field}'"):
        registers.employment.payroll(
            "38001085718", from_month=dt.date(2026, 7, 1), to_month=dt.date(2026, 10, 1), context=CONTEXT
        )


def _check(registers: Registers, codes: list[str]) -> Posted[EmploymentCheck]:
    return registers.employment.check_employment(
        codes, since=dt.date(2026, 10, 1), check_id=CHECK_ID, context=CONTEXT
    )


def test_employment_check_new_and_repeated(fake: FakeSecurityServer, registers: Registers) -> None:
    fake.answer(CHECK, status=201)
    fake.answer(CHECK, status=200)

    first = _check(registers, CODES)
    repeat = _check(registers, CODES)

    assert first.created is True
    assert repeat.created is False
    assert first.value == repeat.value
    assert first.value.check_id == CHECK_ID
    employed = first.value.results[1]
    assert employed.active_employment is True
    assert employed.employer_name == "Tartu Puit OÜ"
    assert employed.since == dt.date(2026, 10, 15)
    assert first.value.results[0].employer_code is None
    assert json.loads(fake.requests[0].content) == {
        "checkId": str(CHECK_ID),
        "since": "2026-10-01",
        "personalCodes": CODES,
    }


def test_employment_check_retry_reuses_the_check_id(fake: FakeSecurityServer, registers: Registers) -> None:
    fake.answer({"type": "InternalError", "message": "The service could not answer"}, status=500)
    fake.answer(CHECK, status=201)

    result = _check(registers, CODES)

    assert result.created is True
    bodies = [json.loads(request.content) for request in fake.requests]
    assert len(bodies) == 2
    assert bodies[0] == bodies[1]
    assert fake.requests[0].headers["X-Road-Id"] != fake.requests[1].headers["X-Road-Id"]


@pytest.mark.parametrize("count", [0, 1001])
def test_employment_check_takes_1_to_1000_codes(
    count: int, fake: FakeSecurityServer, registers: Registers
) -> None:
    codes = [f"{38001085718 + n}" for n in range(count)]

    with pytest.raises(ValueError, match="1 to 1000"):
        _check(registers, codes)
    assert fake.requests == []


def test_employment_check_accepts_1000_codes(fake: FakeSecurityServer, registers: Registers) -> None:
    codes = [f"{38001085718 + n}" for n in range(1000)]
    results = [{**CHECK["results"][-1], "personalCode": code} for code in codes]
    fake.answer({**CHECK, "results": results}, status=201)

    _check(registers, codes)

    assert len(json.loads(fake.last.content)["personalCodes"]) == 1000


def test_employment_check_refuses_duplicates_and_a_bare_string(
    fake: FakeSecurityServer, registers: Registers
) -> None:
    with pytest.raises(ValueError, match="duplicate"):
        _check(registers, ["38001085718", "38001085718"])
    with pytest.raises(TypeError):
        _check(registers, "38001085718")  # type: ignore[arg-type]
    assert fake.requests == []


def test_unexpected_success_status_is_malformed(fake: FakeSecurityServer, registers: Registers) -> None:
    fake.answer(CHECK, status=202)

    with pytest.raises(MalformedResponse, match="status 202"):
        _check(registers, CODES)


def test_malformed_check_result_hides_the_codes(fake: FakeSecurityServer, registers: Registers) -> None:
    broken = {**CHECK, "results": [{**CHECK["results"][0], "activeEmployment": "false"}]}
    fake.answer(broken, status=201)

    with pytest.raises(MalformedResponse, match=r"'results\[0\]\.activeEmployment'") as caught:
        _check(registers, CODES)
    assert not any(code in str(caught.value) for code in CODES)
