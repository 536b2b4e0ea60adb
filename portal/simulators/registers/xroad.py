"""What every simulated service shares: X-Road errors and headers, operations, per-app state.

Two kinds of error, as the contracts' README says: X-Road's own (`X-Road-Error` header, types
`Client.*` / `Server.*`) and the provider's (plain HTTP codes, types `BadRequest`, `NotFound`, ...).
Messages never repeat personal codes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Request, Response

from portal.simulators.registers.model import Population

CLIENT_ID = re.compile(r"^[^/\s]+/[^/\s]+/[^/\s]+(/[^/\s]+)?\Z")
USER_ID = re.compile(r"^[A-Z]{2}[0-9A-Za-z]{1,62}\Z")
ISSUE = re.compile(r"^[!-~]([ -~]*[!-~])?\Z")
PERSONAL_CODE = re.compile(r"^[0-9]{10,11}\Z")
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")


class SimulatorError(Exception):
    """Raised anywhere while answering; rendered as the contracts' error body."""

    def __init__(
        self,
        status: int,
        type_: str,
        message: str,
        detail: str | None = None,
        *,
        xroad: bool = False,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.type = type_
        self.message = message
        self.detail = detail
        self.xroad = xroad
        self.headers = headers or {}


def xroad_error(status: int, type_: str, message: str) -> SimulatorError:
    """An error X-Road itself raises; `detail` is an error id for the security server's logs."""
    return SimulatorError(status, type_, message, str(uuid.uuid4()), xroad=True)


def bad_request(field_name: str, message: str) -> SimulatorError:
    return SimulatorError(400, "BadRequest", message, field_name)


def not_found() -> SimulatorError:
    return SimulatorError(404, "NotFound", "No record for the requested code")


def json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status=status, headers=headers, content_type="application/json")


def error_response(error: SimulatorError) -> Response:
    payload: dict[str, Any] = {"type": error.type, "message": error.message}
    if error.detail is not None:
        payload["detail"] = error.detail
    headers = dict(error.headers)
    if error.xroad:
        headers["X-Road-Error"] = error.type
    return json_response(error.status, payload, headers)


def utc_timestamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class SimulatorState:
    """What POSTs change, per app instance: idempotency stores and the registers' new records."""

    lock: threading.RLock = field(default_factory=threading.RLock)
    # operation id -> client-generated id -> the stored first response body
    idempotency: dict[str, dict[str, Any]] = field(default_factory=dict)
    coverage_notifications: dict[str, tuple[dt.date, dt.date | None]] = field(default_factory=dict)
    job_refusals: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    jobseeker_statuses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    streamed_bytes: int = 0  # body bytes of `huge` answers the client pulled (fault injection)

    def once(self, operation: str, key: str, compute: Callable[[], Any]) -> tuple[int, Any]:
        """Run `compute` the first time `key` is seen for `operation` (201), else replay it (200).

        The lock is held while computing, so two racing first requests cannot both act; a compute
        that raises (e.g. 404) stores nothing.
        """
        with self.lock:
            store = self.idempotency.setdefault(operation, {})
            if key in store:
                return 200, store[key]
            result = compute()
            store[key] = result
            return 201, result


@dataclass
class Call:
    """One request as an operation handler sees it."""

    population: Population
    state: SimulatorState
    params: dict[str, str]
    request: Request
    x_road_id: str

    def personal_code(self, name: str = "personalCode") -> str:
        value = self.params[name]
        if not PERSONAL_CODE.match(value) or not value.isascii():
            raise bad_request(name, r"Must match ^[0-9]{10,11}\Z")
        return value

    def json_body(self) -> Any:
        try:
            return json.loads(self.request.get_data())
        except (ValueError, UnicodeDecodeError):
            raise bad_request("body", "The request body must be JSON") from None


Handler = Callable[[Call], tuple[int, Any]]


@dataclass(frozen=True)
class Operation:
    method: str
    template: str  # e.g. /v1/persons/{personalCode}
    handler: Handler

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compile(self.template)


@dataclass(frozen=True)
class Service:
    register: str  # the name used in fault configuration, e.g. social-assistance
    service_id: str  # INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICECODE
    operations: tuple[Operation, ...]


_compiled: dict[str, re.Pattern[str]] = {}


def _compile(template: str) -> re.Pattern[str]:
    if template not in _compiled:
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
        _compiled[template] = re.compile(regex)
    return _compiled[template]
