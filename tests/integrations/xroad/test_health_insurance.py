from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from portal.integrations.xroad import MalformedResponse, Registers
from portal.integrations.xroad.health_insurance import Coverage, CoverageBasis
from tests.integrations.xroad.contract_examples import spec
from tests.integrations.xroad.fake import CONTEXT, FakeSecurityServer

PATHS = spec("health-insurance")["paths"]
COVERAGE = PATHS["/v1/persons/{personalCode}/coverage"]["get"]["responses"]["200"]["content"][
    "application/json"
]["examples"]
RECEIPT = PATHS["/v1/coverage-notifications"]["post"]["responses"]["201"]["content"]["application/json"][
    "example"
]


@pytest.mark.parametrize(
    ("example", "expected"),
    [
        ("employed", Coverage(True, CoverageBasis.EMPLOYMENT, None)),
        ("afterEmployment", Coverage(True, CoverageBasis.EMPLOYMENT, dt.date(2026, 11, 30))),
        ("notInsured", Coverage(False, None, None)),
    ],
)
def test_coverage(example: str, expected: Coverage, fake: FakeSecurityServer, registers: Registers) -> None:
    fake.answer(COVERAGE[example]["value"])

    assert registers.health_insurance.coverage("38001085718", context=CONTEXT) == expected
    assert fake.last.url.path == "/r1/DEV/GOV/70000007/health/insurance/v1/persons/38001085718/coverage"


@pytest.mark.parametrize(
    "body",
    [
        {"insured": "yes", "basis": None, "validUntil": None},
        {"insured": True, "basis": "UNEMPLOYED", "validUntil": None},
        {"insured": True, "basis": "EMPLOYMENT"},
    ],
)
def test_malformed_coverage(body: dict[str, object], fake: FakeSecurityServer, registers: Registers) -> None:
    fake.answer(body)

    with pytest.raises(MalformedResponse, match="getCoverage"):
        registers.health_insurance.coverage("38001085718", context=CONTEXT)


def test_notify_coverage_start(fake: FakeSecurityServer, registers: Registers) -> None:
    notification_id = uuid.UUID(RECEIPT["notificationId"])
    fake.answer(RECEIPT, status=201)

    posted = registers.health_insurance.notify_coverage(
        "38001085718", start=dt.date(2026, 10, 20), end=None, notification_id=notification_id, context=CONTEXT
    )

    assert posted.created is True
    assert posted.value.notification_id == notification_id
    assert posted.value.received_at == dt.datetime(2026, 10, 20, 9, 31, 45, tzinfo=dt.UTC)
    assert fake.last.url.path == "/r1/DEV/GOV/70000007/health/insurance/v1/coverage-notifications"
    assert json.loads(fake.last.content) == {
        "notificationId": str(notification_id),
        "personalCode": "38001085718",
        "basis": "REGISTERED_UNEMPLOYED",
        "start": "2026-10-20",
        "end": None,
    }


def test_notify_coverage_refuses_an_end_before_the_start(
    fake: FakeSecurityServer, registers: Registers
) -> None:
    with pytest.raises(ValueError, match="end before"):
        registers.health_insurance.notify_coverage(
            "38001085718",
            start=dt.date(2026, 10, 20),
            end=dt.date(2026, 10, 19),
            notification_id=uuid.uuid4(),
            context=CONTEXT,
        )
    assert fake.requests == []
