from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest

from portal.integrations.xroad import MalformedResponse, NotFound, Registers
from portal.integrations.xroad.social_assistance import (
    BeneficiaryStatus,
    Category,
    DeregistrationReason,
    Household,
    JobseekerStatus,
)
from tests.integrations.xroad.contract_examples import REFUSAL, spec
from tests.integrations.xroad.fake import CONTEXT, FakeSecurityServer

PATHS = spec("social-assistance")["paths"]
BENEFICIARY = PATHS["/v1/beneficiaries/{personalCode}"]["get"]["responses"]["200"]["content"][
    "application/json"
]["example"]
RECEIPT = PATHS["/v1/beneficiaries/{personalCode}/job-refusals"]["post"]["responses"]["201"]["content"][
    "application/json"
]["example"]
NOTIFICATION_RECEIPT = PATHS["/v1/jobseeker-status-notifications"]["post"]["responses"]["201"]["content"][
    "application/json"
]["example"]
CODE = "1184527396"  # the XK profile's 10 digits


def test_beneficiary(fake: FakeSecurityServer, registers: Registers) -> None:
    fake.answer(BENEFICIARY)

    beneficiary = registers.social_assistance.beneficiary(CODE, context=CONTEXT)

    assert beneficiary.personal_code == CODE
    assert beneficiary.status is BeneficiaryStatus.ACTIVE
    assert beneficiary.category is Category.SOME_ABLE_TO_WORK
    assert beneficiary.category == "II"
    assert beneficiary.household == Household(household_id="HH-PR-0004519", size=5)
    assert beneficiary.monthly_amount == Decimal("150.00")
    assert beneficiary.currency == "EUR"
    assert beneficiary.since == dt.date(2025, 3, 1)
    assert beneficiary.office == "Qendra për Punë Sociale Prishtinë"
    assert fake.last.url.path == "/r1/DEV/GOV/70000005/sas/beneficiaries/v1/beneficiaries/1184527396"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"monthlyAmount": 150}, "monthlyAmount"),
        ({"category": "III"}, "category"),
        ({"household": {"householdId": "HH-PR-0004519"}}, "household.size"),
        ({"household": {"householdId": "HH-PR-0004519", "size": "5"}}, "household.size"),
    ],
)
def test_malformed_beneficiary(
    change: dict[str, object], field: str, fake: FakeSecurityServer, registers: Registers
) -> None:
    fake.answer({**BENEFICIARY, **change})

    with pytest.raises(MalformedResponse, match=f"'{field}'") as caught:
        registers.social_assistance.beneficiary(CODE, context=CONTEXT)
    assert CODE not in str(caught.value)


def test_report_job_refusal(fake: FakeSecurityServer, registers: Registers) -> None:
    refusal_id = uuid.UUID(RECEIPT["refusalId"])
    fake.answer(RECEIPT, status=201)

    posted = registers.social_assistance.report_job_refusal(
        CODE, REFUSAL, refusal_id=refusal_id, context=CONTEXT
    )

    assert posted.created is True
    assert posted.value.refusal_id == refusal_id
    assert posted.value.received_at == dt.datetime(2026, 11, 6, 14, 12, 9, tzinfo=dt.UTC)
    assert posted.value.beneficiary_status is BeneficiaryStatus.ACTIVE
    assert fake.last.url.path == (
        "/r1/DEV/GOV/70000005/sas/beneficiaries/v1/beneficiaries/1184527396/job-refusals"
    )
    body = json.loads(fake.last.content)
    assert body["refusalId"] == str(refusal_id)
    assert body["offeredOn"] == "2026-11-03"
    assert body["sequenceNumber"] == 2


def test_refusal_before_the_offer_is_refused(fake: FakeSecurityServer, registers: Registers) -> None:
    refusal = dataclasses.replace(REFUSAL, refused_on=dt.date(2026, 11, 2))

    with pytest.raises(ValueError, match="precede"):
        registers.social_assistance.report_job_refusal(
            CODE, refusal, refusal_id=uuid.uuid4(), context=CONTEXT
        )
    assert fake.requests == []


def test_refusal_for_a_non_beneficiary_is_not_found(fake: FakeSecurityServer, registers: Registers) -> None:
    fake.answer({"type": "NotFound", "message": "No record for the requested code"}, status=404)

    with pytest.raises(NotFound):
        registers.social_assistance.report_job_refusal(
            CODE, REFUSAL, refusal_id=uuid.uuid4(), context=CONTEXT
        )


def test_jobseeker_registered(fake: FakeSecurityServer, registers: Registers) -> None:
    notification_id = uuid.UUID(NOTIFICATION_RECEIPT["notificationId"])
    fake.answer(NOTIFICATION_RECEIPT, status=200)

    posted = registers.social_assistance.notify_jobseeker_status(
        CODE,
        JobseekerStatus.REGISTERED,
        since=dt.date(2026, 10, 20),
        certificate_number="PES-2026-004217",
        reason=None,
        notification_id=notification_id,
        context=CONTEXT,
    )

    assert posted.created is False
    assert posted.value.notification_id == notification_id
    assert posted.value.received_at.tzinfo is dt.UTC
    assert json.loads(fake.last.content) == {
        "notificationId": str(notification_id),
        "personalCode": CODE,
        "status": "REGISTERED",
        "since": "2026-10-20",
        "certificateNumber": "PES-2026-004217",
        "reason": None,
    }


@pytest.mark.parametrize(
    "received_at", ["2026-10-20 09:31:44Z", "2026-10-20T09:31:44", "2026-10-20", 1792488704, None]
)
def test_malformed_receipt_timestamp(
    received_at: object, fake: FakeSecurityServer, registers: Registers
) -> None:
    fake.answer({**NOTIFICATION_RECEIPT, "receivedAt": received_at}, status=201)

    with pytest.raises(MalformedResponse, match="'receivedAt'"):
        registers.social_assistance.notify_jobseeker_status(
            CODE,
            JobseekerStatus.DEREGISTERED,
            since=dt.date(2026, 12, 1),
            certificate_number=None,
            reason=DeregistrationReason.EMPLOYED,
            notification_id=uuid.uuid4(),
            context=CONTEXT,
        )


def test_receipt_timestamp_with_offset_is_normalised_to_utc(
    fake: FakeSecurityServer, registers: Registers
) -> None:
    fake.answer({**NOTIFICATION_RECEIPT, "receivedAt": "2026-10-20T11:31:44.250+02:00"}, status=201)

    posted = registers.social_assistance.notify_jobseeker_status(
        CODE,
        JobseekerStatus.REGISTERED,
        since=dt.date(2026, 10, 20),
        certificate_number=None,
        reason=None,
        notification_id=uuid.uuid4(),
        context=CONTEXT,
    )

    assert posted.value.received_at == dt.datetime(2026, 10, 20, 9, 31, 44, 250000, tzinfo=dt.UTC)
    assert posted.value.received_at.tzinfo is dt.UTC


def test_receipt_with_a_malformed_id(fake: FakeSecurityServer, registers: Registers) -> None:
    fake.answer({**RECEIPT, "refusalId": "not-a-uuid"}, status=201)

    with pytest.raises(MalformedResponse, match="'refusalId' is not a UUID"):
        registers.social_assistance.report_job_refusal(
            CODE, REFUSAL, refusal_id=uuid.uuid4(), context=CONTEXT
        )
