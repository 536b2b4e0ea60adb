"""An in-memory security server for the register modules' tests: answers what a test queues, records
every request and checks it against the contract as it arrives."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

import httpx

from portal.integrations.xroad import CallContext, RetryPolicy, XRoadClient
from tests.contract import SECURITY_SERVER
from tests.contract_requests import assert_request_conforms

CLIENT_ID = "DEV/GOV/70000001/pes"
CONTEXT = CallContext(
    purpose="registration-prefill",
    subject="38001085718",
    on_behalf_of="EE38001085718",
    issue="PES-REG-2026-004512",
)


@dataclass
class _Answer:
    status: int
    content: bytes
    method: str | None
    path: str | None  # the URL path after the service root; None answers any request


class FakeSecurityServer:
    def __init__(self, *, validate: bool = True) -> None:
        self.validate = validate
        self.requests: list[httpx.Request] = []
        self._answers: list[_Answer] = []
        self._lock = threading.Lock()  # fetch_all calls in from several threads

    def answer(
        self,
        body: Any,
        *,
        status: int = 200,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        """Queue an answer; `bytes` are sent as they are, anything else as JSON."""
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        self._answers.append(_Answer(status, content, method, path))

    def client(self) -> XRoadClient:
        return XRoadClient(
            SECURITY_SERVER,
            CLIENT_ID,
            transport=httpx.MockTransport(self._handle),
            retry=RetryPolicy(attempts=3, backoff=0.0),
            sleep=lambda seconds: None,
        )

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def _handle(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests.append(request)
            answer = next((a for a in self._answers if self._matches(a, request)), None)
            if answer:
                self._answers.remove(answer)
        if self.validate:
            assert_request_conforms(request)
        if answer is None:
            return httpx.Response(404, json={"type": "UnknownOperation", "message": "Nothing queued"})
        return httpx.Response(
            answer.status, content=answer.content, headers={"Content-Type": "application/json"}
        )

    @staticmethod
    def _matches(answer: _Answer, request: httpx.Request) -> bool:
        if answer.method and answer.method != request.method:
            return False
        return answer.path is None or request.url.path.endswith(answer.path)
