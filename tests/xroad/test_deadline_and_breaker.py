"""A slow or failing register cannot hold the caller: one deadline for a whole prefill (retries
inside it), and a circuit breaker per register that sends people straight to manual entry.
Against the register simulators (`latency`, `status` faults), in-process and over a real socket."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from werkzeug.serving import make_server

from portal.integrations.xroad import (
    BreakerBoard,
    BreakerPolicy,
    CallContext,
    CircuitOpen,
    NotFound,
    ProviderError,
    Registers,
    ServiceId,
    XRoadClient,
    XRoadTimeout,
    fetch_all,
)
from portal.integrations.xroad.breaker import RedisBreakerBoard
from portal.integrations.xroad.client import QueryRecord, RetryPolicy
from portal.profiles.base import DEV_XROAD_SERVICES
from portal.services.register_data import register_calls
from portal.simulators.registers import create_simulator
from tests.shared_services import redis_url_or_skip

SERVICES = {name: ServiceId.parse(value) for name, value in DEV_XROAD_SERVICES.items()}
JAAN = "38001085718"
CONTEXT = CallContext(purpose="deadline test", subject=JAAN)
POPULATION = str(SERVICES["population"])


class RecordingLog:
    def __init__(self) -> None:
        self.entries: list[QueryRecord] = []

    def record(self, entry: QueryRecord) -> None:
        self.entries.append(entry)

    def about(self, operation: str) -> list[QueryRecord]:
        return [entry for entry in self.entries if entry.operation == operation]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def client(*, base_url="http://registers.test", transport=None, faults="", breakers=None, attempts=3, **kw):
    log = RecordingLog()
    xroad = XRoadClient(
        base_url,
        "DEV/GOV/70000001/pes",
        transport=transport or httpx.WSGITransport(app=create_simulator("EE", faults=faults)),
        retry=RetryPolicy(attempts=attempts, backoff=0.01),
        query_log=log,
        breakers=breakers,
        **kw,
    )
    return Registers.build(xroad, SERVICES), log


def wait_for_abandoned_calls() -> None:
    """Let calls left behind at a deadline finish before the next test (in-process they sleep on)."""
    for thread in threading.enumerate():
        if thread.name.startswith("xroad"):
            thread.join(10)


@pytest.fixture
def slow_population_server() -> Iterator[str]:
    server = make_server(
        "127.0.0.1", 0, create_simulator("EE", faults="population:latency=2000"), threaded=True
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_over_a_socket_the_whole_prefill_ends_at_its_deadline_retries_included(slow_population_server):
    # Three tries of 1.5 s each would hold the caller 4.5 s; the deadline gives them 1 s together.
    registers, log = client(
        base_url=slow_population_server,
        transport=httpx.HTTPTransport(),
        read_timeout=1.5,
        connect_timeout=1.0,
    )
    started = time.monotonic()
    outcomes = fetch_all(register_calls(registers, JAAN, CONTEXT), deadline=1.0)
    elapsed = time.monotonic() - started
    assert elapsed < 2.5, elapsed
    assert isinstance(outcomes["population"].error, XRoadTimeout)
    assert outcomes["education"].ok and outcomes["employment"].ok
    wait_for_abandoned_calls()
    # The try was cut at the deadline, and no retry started after it.
    assert [entry.outcome for entry in log.about("getPerson")] in (["timeout"], ["deadline"])


def test_in_process_the_caller_gets_its_answer_at_the_deadline():
    registers, log = client(faults="education:latency=2500")
    started = time.monotonic()
    outcomes = fetch_all(register_calls(registers, JAAN, CONTEXT), deadline=0.5)
    elapsed = time.monotonic() - started
    assert elapsed < 1.8, elapsed
    assert type(outcomes["education"].error).__name__ == "DeadlineExceeded"
    assert outcomes["population"].ok
    wait_for_abandoned_calls()
    assert len(log.about("getQualifications")) == 1  # the late answer was not followed by retries


@pytest.fixture(params=["process", "redis"])
def make_board(request):
    """Each breaker test runs on the in-process board and on the one shared through Redis."""
    if request.param == "process":
        return BreakerBoard
    url = redis_url_or_skip()
    return lambda policy, clock: RedisBreakerBoard(
        url, policy, clock, prefix=f"test-breaker:{uuid.uuid4().hex}"
    )


def test_after_repeated_failures_the_register_is_not_asked_until_the_cooldown_ends(make_board):
    clock = Clock()
    board = make_board(BreakerPolicy(failures=3, window=60, cooldown=30), clock=clock)
    failing, failing_log = client(faults="population:status=503", breakers=board)
    with pytest.raises(ProviderError):
        failing.population.person(JAAN, context=CONTEXT)
    assert len(failing_log.entries) == 3
    assert board.is_open(POPULATION)
    # Open: refused at once, nothing sent; other registers are still asked.
    with pytest.raises(CircuitOpen):
        failing.population.person(JAAN, context=CONTEXT)
    assert len(failing_log.entries) == 3
    assert failing.education.qualifications(JAAN, context=CONTEXT).qualifications
    # After the cooldown one trial goes out; the register has recovered, so the circuit closes.
    healthy, healthy_log = client(breakers=board)
    clock.now += 30
    assert healthy.population.person(JAAN, context=CONTEXT).personal_code == JAAN
    assert not board.is_open(POPULATION) and len(healthy_log.entries) == 1


def test_a_failed_trial_opens_the_circuit_for_another_cooldown(make_board):
    clock = Clock()
    board = make_board(BreakerPolicy(failures=2, window=60, cooldown=30), clock=clock)
    failing, log = client(faults="population:status=503", breakers=board, attempts=1)
    for _ in range(2):
        with pytest.raises(ProviderError):
            failing.population.person(JAAN, context=CONTEXT)
    with pytest.raises(CircuitOpen):
        failing.population.person(JAAN, context=CONTEXT)
    clock.now += 30
    with pytest.raises(ProviderError):  # the one trial goes out, and fails
        failing.population.person(JAAN, context=CONTEXT)
    assert len(log.entries) == 3
    clock.now += 29
    with pytest.raises(CircuitOpen):
        failing.population.person(JAAN, context=CONTEXT)
    clock.now += 1
    with pytest.raises(ProviderError):
        failing.population.person(JAAN, context=CONTEXT)


def test_failures_count_only_within_the_window_and_answers_about_the_person_do_not_count(make_board):
    clock = Clock()
    board = make_board(BreakerPolicy(failures=3, window=60, cooldown=30), clock=clock)
    board.failed(POPULATION)
    board.failed(POPULATION)
    clock.now += 61
    board.failed(POPULATION)
    assert not board.is_open(POPULATION)
    # 404 "no such person" is an answer: the register works.
    unknown, _log = client(faults="population:status=404", breakers=board)
    for _ in range(5):
        with pytest.raises(NotFound):
            unknown.population.person(JAAN, context=CONTEXT)
    assert not board.is_open(POPULATION)
