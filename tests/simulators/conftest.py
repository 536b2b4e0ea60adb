"""Fixtures for the register simulators: apps pinned to the day the contract examples were written for,
and a client that checks every answer against the contract it claims to follow."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from portal.simulators.registers import create_simulator
from tests.contract import assert_werkzeug_conforms, service_root

EXAMPLE_DAY = dt.date(2026, 11, 26)
PES = {"X-Road-Client": "DEV/GOV/70000001/pes"}


class Registers:
    """Calls one simulator app by contract name and validates the response against that contract."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.client = app.test_client()

    def call(
        self,
        contract: str,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: str | bytes | None = None,
        headers: dict[str, str] | None = None,
        validate: bool = True,
    ) -> TestResponse:
        response = self.client.open(
            service_root(contract) + path,
            method=method,
            json=json,
            data=data,
            headers=PES if headers is None else headers,
        )
        if validate:
            assert_werkzeug_conforms(contract, response, prefix=service_root(contract))
        return response

    def get(self, contract: str, path: str, **kwargs: Any) -> TestResponse:
        return self.call(contract, "GET", path, **kwargs)

    def post(self, contract: str, path: str, body: Any, **kwargs: Any) -> TestResponse:
        return self.call(contract, "POST", path, json=body, **kwargs)


@pytest.fixture
def ee() -> Registers:
    return Registers(create_simulator("EE", today=EXAMPLE_DAY))


@pytest.fixture
def xk() -> Registers:
    return Registers(create_simulator("XK", today=EXAMPLE_DAY))


@pytest.fixture
def today_ee() -> Registers:
    """Not pinned: the simulator as it runs, relative to today's date."""
    return Registers(create_simulator("EE"))
