"""Edge cases of the client that no simulator produces: odd Retry-After, undecodable bodies, bad headers."""

from __future__ import annotations

import httpx
import pytest

from portal.integrations.xroad import CallContext, ServiceId, XRoadClient
from portal.integrations.xroad import errors as xe
from portal.integrations.xroad.client import RetryPolicy
from portal.integrations.xroad.population import PopulationRegister
from tests.xroad.test_client_against_simulators import RecordingLog

SERVICE = ServiceId.parse("DEV/GOV/70000002/population/persons")


def client_with(handler, attempts: int = 1):
    log, waits = RecordingLog(), []
    client = XRoadClient(
        "http://ss.test",
        "DEV/GOV/70000001/pes",
        transport=httpx.MockTransport(handler),
        retry=RetryPolicy(attempts=attempts, backoff=0.05),
        query_log=log,
        sleep=waits.append,
    )
    return client, log, waits


@pytest.mark.parametrize("retry_after", ["-1", "nan", "inf", "soon"])
def test_a_nonsense_retry_after_falls_back_to_our_own_backoff(retry_after):
    def handler(request):
        return httpx.Response(
            429,
            json={"type": "TooManyRequests", "message": "slow down"},
            headers={"Retry-After": retry_after},
        )

    client, log, waits = client_with(handler, attempts=2)
    with pytest.raises(xe.TooManyRequests):
        client.get(SERVICE, "v1/persons/38001085718", operation="getPerson", context=CallContext("test"))
    assert waits == [0.05]
    assert len(log.entries) == 2


def test_a_sane_retry_after_is_honoured_up_to_the_cap():
    def handler(request):
        return httpx.Response(
            429, json={"type": "TooManyRequests", "message": "x"}, headers={"Retry-After": "2"}
        )

    client, _log, waits = client_with(handler, attempts=2)
    with pytest.raises(xe.TooManyRequests):
        client.get(SERVICE, "v1/x", operation="getPerson", context=CallContext("test"))
    assert waits == [2.0]


def test_an_undecodable_body_is_malformed_and_logged():
    def handler(request):
        return httpx.Response(200, content=b"not gzip at all", headers={"Content-Encoding": "gzip"})

    client, log, _waits = client_with(handler)
    with pytest.raises(xe.MalformedResponse):
        client.get(SERVICE, "v1/x", operation="getPerson", context=CallContext("test"))
    assert log.entries[-1].outcome == "malformed"


def test_an_answer_that_breaks_the_contract_is_logged_as_malformed_with_its_message_id():
    def handler(request):
        return httpx.Response(200, json={"personalCode": "38001085718"})  # everything else missing

    client, log, _waits = client_with(handler)
    with pytest.raises(xe.MalformedResponse) as raised:
        PopulationRegister(client, SERVICE).person("38001085718", context=CallContext("test"))
    [entry] = log.entries
    assert entry.outcome == "malformed"
    assert raised.value.xroad_id == entry.xroad_id


def test_an_unknown_operation_is_not_mistaken_for_an_unknown_person():
    def handler(request):
        return httpx.Response(404, json={"type": "UnknownOperation", "message": "no such path"})

    client, log, _waits = client_with(handler)
    with pytest.raises(xe.UnknownOperation):
        client.get(SERVICE, "v1/nothing", operation="getPerson", context=CallContext("test"))
    assert log.entries[-1].outcome == "unknown_operation"


@pytest.mark.parametrize(
    "context",
    [
        CallContext("test", on_behalf_of="38001085718"),
        CallContext("test", issue="Taotlus nr 5 – õ"),
        # A trailing newline got past `re.match` with `$` and failed inside httpx, as if the
        # security server could not be reached.
        CallContext("test", on_behalf_of="EE38001085718\n"),
        CallContext("test", issue="REG-2026-1\n"),
    ],
)
def test_malformed_header_values_are_refused_before_sending(context):
    sent = []
    client, _log, _waits = client_with(lambda request: sent.append(request) or httpx.Response(200, json={}))
    with pytest.raises(ValueError, match="X-Road-"):
        client.get(SERVICE, "v1/x", operation="getPerson", context=context)
    assert sent == []
