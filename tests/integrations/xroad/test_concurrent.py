from __future__ import annotations

import contextvars
import threading
import time

import pytest
from flask import Flask, current_app

from portal.integrations.xroad import NotFound, Outcome, Registers, XRoadUnavailable, fetch_all
from tests.integrations.xroad.contract_examples import spec
from tests.integrations.xroad.fake import CONTEXT, FakeSecurityServer

REQUEST_ID = contextvars.ContextVar[str]("request_id")


def test_xroad_errors_become_failed_outcomes(fake: FakeSecurityServer, registers: Registers) -> None:
    person = spec("population")["paths"]["/v1/persons/{personalCode}"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["examples"]["alive"]["value"]
    fake.answer(person, path="/v1/persons/38001085718")
    fake.answer({"type": "NotFound", "message": "No record"}, status=404, path="/qualifications")

    outcomes = fetch_all(
        {
            "person": lambda: registers.population.person("38001085718", context=CONTEXT),
            "education": lambda: registers.education.qualifications("38001085718", context=CONTEXT),
        }
    )

    assert outcomes["person"].ok and not outcomes["person"].failed
    assert outcomes["person"].value.family_name == "Jõeorg"
    assert outcomes["person"].error is None
    assert outcomes["education"].failed and not outcomes["education"].ok
    assert isinstance(outcomes["education"].error, NotFound)
    assert outcomes["education"].value is None


def test_outcomes_keep_the_keys_and_their_order() -> None:
    def fail() -> int:
        raise XRoadUnavailable("down", service="DEV/GOV/1/x/y")

    outcomes = fetch_all({"b": lambda: 2, "a": fail, "c": lambda: 3})

    assert list(outcomes) == ["b", "a", "c"]
    assert outcomes["b"] == Outcome(value=2)
    assert isinstance(outcomes["a"].error, XRoadUnavailable)


def test_other_exceptions_propagate() -> None:
    def bug() -> int:
        raise KeyError("familyName")

    with pytest.raises(KeyError):
        fetch_all({"ok": lambda: 1, "bug": bug})


def test_calls_run_concurrently() -> None:
    def slow(value: int) -> int:
        time.sleep(0.2)
        return value

    started = time.monotonic()
    outcomes = fetch_all({str(n): (lambda n=n: slow(n)) for n in range(4)})
    elapsed = time.monotonic() - started

    assert [outcome.value for outcome in outcomes.values()] == [0, 1, 2, 3]
    assert elapsed < 0.6  # sequentially 0.8 s


def test_max_workers_limits_the_threads() -> None:
    def thread() -> int:
        time.sleep(0.01)
        return threading.get_ident()

    outcomes = fetch_all({str(n): thread for n in range(4)}, max_workers=1)

    assert len({outcome.value for outcome in outcomes.values()}) == 1


def test_context_variables_reach_the_worker_threads() -> None:
    token = REQUEST_ID.set("req-42")
    try:
        outcomes = fetch_all({str(n): REQUEST_ID.get for n in range(3)})
    finally:
        REQUEST_ID.reset(token)

    assert {outcome.value for outcome in outcomes.values()} == {"req-42"}


def test_flask_app_context_reaches_the_worker_threads() -> None:
    app = Flask("prefill-test")

    with app.app_context():
        outcomes = fetch_all({"a": lambda: current_app.name, "b": lambda: current_app.name})

    assert {outcome.value for outcome in outcomes.values()} == {"prefill-test"}


def test_no_calls() -> None:
    assert fetch_all({}) == {}
