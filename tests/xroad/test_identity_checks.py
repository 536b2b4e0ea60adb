"""Every register module refuses an answer about someone other than the one asked for, against the
register simulators misbehaving on purpose (`other_person`, `crossed`): `IdentityMismatch`, the
query log's `identity_mismatch` row and a security log line with the X-Road message id."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

import httpx
import pytest

from portal.integrations.xroad import CallContext, IdentityMismatch, Registers, ServiceId, XRoadClient
from portal.integrations.xroad.client import QueryRecord, RetryPolicy
from portal.integrations.xroad.social_assistance import (
    DeregistrationReason,
    JobRefusal,
    JobseekerStatus,
    OfferType,
    ReasonCode,
    Recommendation,
)
from portal.logging import redact
from portal.profiles.base import DEV_XROAD_SERVICES
from portal.simulators.registers import create_simulator

SERVICES = {name: ServiceId.parse(value) for name, value in DEV_XROAD_SERVICES.items()}
JAAN = "38001085718"
BENEFICIARY = "48511020417"
COMPANY = "14216734"
CONTEXT = CallContext(purpose="identity test", subject=JAAN, on_behalf_of=f"EE{JAAN}")
REFUSAL = JobRefusal(
    offer_id="OFF-1",
    offer_type=OfferType.JOB,
    offered_on=dt.date(2026, 11, 3),
    refused_on=dt.date(2026, 11, 6),
    sequence_number=1,
    reason_code=ReasonCode.NO_VALID_REASON,
    reason_text="",
    recommendation=Recommendation.NONE,
    confirmed_by="PES-STAFF-0042",
)

# register (fault configuration name) -> call; every GET the portal makes, by register.
GETS = {
    "getPerson": ("population", lambda r: r.population.person(JAAN, context=CONTEXT)),
    "getQualifications": ("education", lambda r: r.education.qualifications(JAAN, context=CONTEXT)),
    "getEmployments": ("employment", lambda r: r.employment.employments(JAAN, context=CONTEXT)),
    "getPayroll": (
        "employment",
        lambda r: r.employment.payroll(
            JAAN, from_month=dt.date(2026, 7, 1), to_month=dt.date(2026, 10, 1), context=CONTEXT
        ),
    ),
    "getBeneficiary": (
        "social-assistance",
        lambda r: r.social_assistance.beneficiary(BENEFICIARY, context=CONTEXT),
    ),
    "getCompany": ("business", lambda r: r.business.company(COMPANY, context=CONTEXT)),
    "getRepresentations": ("business", lambda r: r.business.representations(JAAN, context=CONTEXT)),
    "getCoverage": ("health-insurance", lambda r: r.health_insurance.coverage(JAAN, context=CONTEXT)),
}
# The answers that name their subject: a record about another person is caught from the body.
NAMED = ("getPerson", "getBeneficiary", "getCompany")
POSTS = {
    "createEmploymentCheck": (
        "employment",
        lambda r: r.employment.check_employment(
            [JAAN, "49004230347"], since=dt.date(2026, 10, 1), check_id=uuid.uuid4(), context=CONTEXT
        ),
    ),
    "createJobRefusal": (
        "social-assistance",
        lambda r: r.social_assistance.report_job_refusal(
            BENEFICIARY, REFUSAL, refusal_id=uuid.uuid4(), context=CONTEXT
        ),
    ),
    "createJobseekerStatusNotification": (
        "social-assistance",
        lambda r: r.social_assistance.notify_jobseeker_status(
            JAAN,
            JobseekerStatus.DEREGISTERED,
            since=dt.date(2026, 12, 1),
            certificate_number=None,
            reason=DeregistrationReason.EMPLOYED,
            notification_id=uuid.uuid4(),
            context=CONTEXT,
        ),
    ),
    "createCoverageNotification": (
        "health-insurance",
        lambda r: r.health_insurance.notify_coverage(
            JAAN, start=dt.date(2026, 10, 20), end=None, notification_id=uuid.uuid4(), context=CONTEXT
        ),
    ),
}


class RecordingLog:
    def __init__(self) -> None:
        self.entries: list[QueryRecord] = []

    def record(self, entry: QueryRecord) -> None:
        self.entries.append(entry)


def registers(faults: str = "") -> tuple[Registers, RecordingLog]:
    log = RecordingLog()
    client = XRoadClient(
        "http://registers.test",
        "DEV/GOV/70000001/pes",
        transport=httpx.WSGITransport(app=create_simulator("EE", faults=faults)),
        retry=RetryPolicy(attempts=3, backoff=0.0),
        query_log=log,
        sleep=lambda seconds: None,
    )
    return Registers.build(client, SERVICES), log


@pytest.mark.parametrize("operation", sorted(GETS) + sorted(POSTS))
def test_every_call_accepts_the_answer_about_whom_it_asked(operation):
    _register, call = {**GETS, **POSTS}[operation]
    regs, log = registers()
    call(regs)
    assert [entry.outcome for entry in log.entries] == ["ok"]


@pytest.mark.parametrize("operation", NAMED)
def test_a_record_about_another_person_or_company_is_refused(operation, caplog):
    register, call = GETS[operation]
    regs, log = registers(f"{register}:other_person")
    with (
        caplog.at_level(logging.WARNING, logger="portal.security"),
        pytest.raises(IdentityMismatch) as raised,
    ):
        call(regs)
    [entry] = log.entries  # not retried: the caller falls back to manual entry
    assert (entry.outcome, entry.error_type) == ("identity_mismatch", "IdentityMismatch")
    assert raised.value.xroad_id == entry.xroad_id
    assert any(redact(entry.xroad_id) in record.getMessage() for record in caplog.records)
    assert JAAN not in str(raised.value) and BENEFICIARY not in str(raised.value)


@pytest.mark.parametrize("operation", sorted(GETS))
def test_an_answer_crossed_with_another_message_is_refused_by_every_register(operation, caplog):
    register, call = GETS[operation]
    regs, log = registers(f"{register}:crossed")
    with caplog.at_level(logging.WARNING, logger="portal.security"), pytest.raises(IdentityMismatch):
        call(regs)
    [entry] = log.entries
    assert entry.outcome == "identity_mismatch"
    # The log's redaction hides any run of 10-11 digits, which a random UUID contains now and then.
    assert any(redact(entry.xroad_id) in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize("operation", sorted(POSTS))
def test_a_receipt_for_another_message_or_person_is_refused(operation):
    register, call = POSTS[operation]
    regs, log = registers(f"{register}:other_person")
    with pytest.raises(IdentityMismatch):
        call(regs)
    assert [entry.outcome for entry in log.entries] == ["identity_mismatch"]
