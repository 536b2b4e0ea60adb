"""An in-memory security server for the register modules' tests: answers what a test queues, records
every request and checks it against the contract as it arrives."""

from __future__ import annotations

import json
import threading
import uuid
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
            answer.status,
            content=_echo_ids(request, answer.content),
            headers={"Content-Type": "application/json"},
        )

    @staticmethod
    def _matches(answer: _Answer, request: httpx.Request) -> bool:
        if answer.method and answer.method != request.method:
            return False
        return answer.path is None or request.url.path.endswith(answer.path)


IDEMPOTENCY_IDS = ("checkId", "refusalId", "notificationId")


def _echo_ids(request: httpx.Request, content: bytes) -> bytes:
    """A provider's receipt names the id it was sent (the client refuses one for another message),
    so a queued receipt gets the request's idempotency id, as the real registers would answer."""
    if request.method != "POST":
        return content
    try:
        sent, answer = json.loads(request.content), json.loads(content)
    except ValueError:
        return content
    if not isinstance(sent, dict) or not isinstance(answer, dict):
        return content
    for key in IDEMPOTENCY_IDS:
        if key in sent and key in answer and _is_uuid(answer[key]):  # a malformed id stays malformed
            answer[key] = sent[key]
    return json.dumps(answer).encode()


def _is_uuid(value: object) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return isinstance(value, str)
