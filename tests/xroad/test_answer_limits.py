"""An unbounded register answer is read no further than the client's cap and counts as malformed,
against the simulators' `huge` fault (a body of that many megabytes, streamed)."""

from __future__ import annotations

import httpx
import pytest

from portal.integrations.xroad import CallContext, MalformedResponse, Registers, ServiceId, XRoadClient
from portal.integrations.xroad.client import MAX_RESPONSE_BYTES, QueryRecord, RetryPolicy
from portal.profiles.base import DEV_XROAD_SERVICES
from portal.simulators.registers import create_simulator

SERVICES = {name: ServiceId.parse(value) for name, value in DEV_XROAD_SERVICES.items()}
JAAN = "38001085718"
CONTEXT = CallContext(purpose="limit test", subject=JAAN)
CALLS = {
    "population": lambda r: r.population.person(JAAN, context=CONTEXT),
    "education": lambda r: r.education.qualifications(JAAN, context=CONTEXT),
    "employment": lambda r: r.employment.employments(JAAN, context=CONTEXT),
    "social-assistance": lambda r: r.social_assistance.beneficiary("48511020417", context=CONTEXT),
    "business": lambda r: r.business.representations(JAAN, context=CONTEXT),
    "health-insurance": lambda r: r.health_insurance.coverage(JAAN, context=CONTEXT),
}
# What the client may pull beyond the cap: the chunk that crossed it.
SLACK = 64 * 1024 + 16


class RecordingLog:
    def __init__(self) -> None:
        self.entries: list[QueryRecord] = []

    def record(self, entry: QueryRecord) -> None:
        self.entries.append(entry)


@pytest.mark.parametrize("register", sorted(CALLS))
def test_an_80_megabyte_answer_is_cut_at_the_cap_and_is_malformed(register):
    simulator = create_simulator("EE", faults=f"{register}:huge=80")
    log = RecordingLog()
    client = XRoadClient(
        "http://registers.test",
        "DEV/GOV/70000001/pes",
        transport=httpx.WSGITransport(app=simulator),
        retry=RetryPolicy(attempts=3, backoff=0.0),
        query_log=log,
        sleep=lambda seconds: None,
    )
    with pytest.raises(MalformedResponse, match="more than"):
        CALLS[register](Registers.build(client, SERVICES))
    pulled = simulator.extensions["register_simulator"].streamed_bytes
    assert MAX_RESPONSE_BYTES < pulled <= MAX_RESPONSE_BYTES + SLACK
    assert [(entry.outcome, entry.attempt) for entry in log.entries] == [("malformed", 1)]  # not retried


def test_an_answer_within_the_cap_is_read_whole():
    simulator = create_simulator("EE", faults="population:huge=1")
    client = XRoadClient(
        "http://registers.test",
        "DEV/GOV/70000001/pes",
        transport=httpx.WSGITransport(app=simulator),
        max_response_bytes=2 * 1024 * 1024,
    )
    # Read whole, then refused by the contract check (it is no person), not by the size.
    with pytest.raises(MalformedResponse, match="is missing"):
        Registers.build(client, SERVICES).population.person(JAAN, context=CONTEXT)
    assert simulator.extensions["register_simulator"].streamed_bytes > 1024 * 1024
