"""The one X-Road REST (r1) client: URLs, headers, timeouts, retries, typed errors, query log.

It knows the Message Protocol for REST and nothing about any register; the register modules beside
it turn JSON into dataclasses. It depends only on the contracts, so any implementation of them (a
real security server or the development simulators) works unchanged.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from portal.integrations.xroad import errors
from portal.integrations.xroad.answers import check_echo, interpret, retry_after
from portal.integrations.xroad.breaker import BreakerBoard, BreakerPolicy
from portal.integrations.xroad.deadline import remaining_time
from portal.integrations.xroad.message import (
    CallContext,
    NoQueryLog,
    QueryLog,
    QueryRecord,
    ServiceId,
    request_headers,
)

JSON = Any
T = TypeVar("T")

# Security events (an answer about someone else) go to their own logger, so that operations can
# route them to the security team's alerting without the query log's volume.
security_log = logging.getLogger("portal.security")

# The X-Road-Id of the last message sent in this context. `fetch_all` runs each call in its own
# context and hands the id back in the call's `Outcome`, so whoever keeps an answer (the
# registration prefill) can name the message that brought it.
last_message_id: ContextVar[str | None] = ContextVar("xroad_last_message_id", default=None)


# The largest answer read from a register: the contracts' biggest answers (a payroll, an employment
# check of 1,000 people) are well under 1 MB; anything larger is read no further and is malformed.
MAX_RESPONSE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3  # total tries, the first included
    backoff: float = 0.2  # seconds before the second try; doubled each time
    max_wait: float = 5.0  # cap on any single wait, Retry-After included


class XRoadClient:
    def __init__(
        self,
        base_url: str,
        client_id: str,
        *,
        transport: httpx.BaseTransport | None = None,
        connect_timeout: float = 2.0,
        read_timeout: float = 5.0,
        retry: RetryPolicy | None = None,
        query_log: QueryLog | None = None,
        sleep: Callable[[float], None] = time.sleep,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        breakers: BreakerBoard | None = None,
    ) -> None:
        if not base_url:
            raise ValueError("The X-Road client needs the security server's base URL")
        self.client_id = client_id
        self.max_response_bytes = max_response_bytes
        # Off unless given: the app configures one per register (PORTAL_XROAD_BREAKER_*).
        self.breakers = breakers or BreakerBoard(BreakerPolicy(failures=0))
        self._timeouts = (connect_timeout, read_timeout)
        self.retry = retry or RetryPolicy()
        self.query_log = query_log or NoQueryLog()
        self._sleep = sleep
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            transport=transport,
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            follow_redirects=False,
        )

    def close(self) -> None:
        self._http.close()

    def get(
        self,
        service: ServiceId,
        path: str,
        *,
        operation: str,
        context: CallContext,
        params: Mapping[str, str] | None = None,
        parse: Callable[[int, JSON], T] | None = None,
    ) -> Any:
        """GET `{base}/r1/{service}/{path}`; retried on transient faults.

        Returns `parse(status, body)`, or the JSON body without `parse`. Parsing happens inside the
        call so that an answer breaking the contract is logged as `malformed`, not as `ok`.
        """
        return self._call(
            "GET",
            service,
            path,
            operation=operation,
            context=context,
            params=params,
            parse=parse or (lambda _status, body: body),
        )

    def post(
        self,
        service: ServiceId,
        path: str,
        body: Mapping[str, Any],
        *,
        operation: str,
        context: CallContext,
        idempotency_field: str | None = None,
        parse: Callable[[int, JSON], T] | None = None,
    ) -> Any:
        """POST a JSON body; returns `parse(status, body)` or, without `parse`, `(status, body)`:
        201 the first time, 200 for a repeated id.

        Retried only when the body carries its idempotency id (`idempotency_field`), because
        only then can the provider recognise a repeat instead of acting twice.
        """
        retryable = bool(idempotency_field and body.get(idempotency_field))
        return self._call(
            "POST",
            service,
            path,
            operation=operation,
            context=context,
            json_body=body,
            retryable=retryable,
            parse=parse or (lambda status, answer: (status, answer)),
        )

    def _call(
        self,
        method: str,
        service: ServiceId,
        path: str,
        *,
        operation: str,
        context: CallContext,
        params: Mapping[str, str] | None = None,
        json_body: Mapping[str, Any] | None = None,
        retryable: bool = True,
        parse: Callable[[int, JSON], T],
    ) -> T:
        url = f"/r1/{service.url_path}/{path.lstrip('/')}"
        attempts = self.retry.attempts if retryable else 1
        wait = self.retry.backoff
        key = str(service)
        for attempt in range(1, attempts + 1):
            left = remaining_time()
            if left is not None and left <= 0:
                raise errors.DeadlineExceeded(f"{service}: no time left to ask", service=key)
            if not self.breakers.allow(key):
                raise errors.CircuitOpen(f"{service} failed repeatedly; not asked for now", service=key)
            xroad_id = str(uuid.uuid4())
            started = time.monotonic()
            occurred_at = dt.datetime.now(dt.UTC)
            status: int | None = None
            try:
                response, content = self._send_watched(
                    key,
                    method,
                    url,
                    params,
                    json_body,
                    request_headers(self.client_id, xroad_id, context),
                    service,
                )
                status = response.status_code
                check_echo(response, str(service), xroad_id, self.client_id)
                result = parse(status, interpret(response, content, str(service), xroad_id))
            except errors.XRoadError as exc:
                exc.xroad_id = xroad_id
                if isinstance(exc, errors.IdentityMismatch):
                    security_log.warning(
                        "X-Road message %s (%s %s): answer discarded, not about the subject asked for: %s",
                        xroad_id,
                        service,
                        operation,
                        exc.message,
                    )
                self._log(
                    xroad_id,
                    service,
                    operation,
                    context,
                    exc.outcome,
                    status,
                    exc.error_type,
                    started,
                    attempt,
                    occurred_at,
                )
                if not exc.retryable or attempt == attempts:
                    raise
                pause = min(retry_after(exc) or wait, self.retry.max_wait)
                left = remaining_time()
                if left is not None and left <= pause:
                    raise  # no time for another try: the caller gets the real failure
                self._sleep(pause)
                wait *= 2
                continue
            self._log(
                xroad_id, service, operation, context, "ok", status, None, started, attempt, occurred_at
            )
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    def _send_watched(
        self,
        key: str,
        method: str,
        url: str,
        params: Mapping[str, str] | None,
        json_body: Mapping[str, Any] | None,
        headers: dict[str, str],
        service: ServiceId,
    ) -> tuple[httpx.Response, bytes]:
        """`_send`, telling the register's circuit breaker how it went."""
        try:
            response, content = self._send(method, url, params, json_body, headers, service)
        except errors.XRoadError as exc:
            if exc.retryable:  # a fault of the way or the provider
                self.breakers.failed(key)
            else:  # an answer (too large, say) shows the register works
                self.breakers.succeeded(key)
            raise
        except BaseException:
            self.breakers.failed(key)  # never leave a half-open trial hanging
            raise
        if response.status_code >= 500:
            self.breakers.failed(key)
        else:
            self.breakers.succeeded(key)
        return response, content

    def _send(
        self,
        method: str,
        url: str,
        params: Mapping[str, str] | None,
        json_body: Mapping[str, Any] | None,
        headers: dict[str, str],
        service: ServiceId,
    ) -> tuple[httpx.Response, bytes]:
        """Send and read the answer, at most `max_response_bytes` of it (after content decoding, so
        a compressed bomb is stopped too): a register cannot make the portal hold an unbounded body."""
        connect, read = self._timeouts
        left = remaining_time()
        if left is not None:  # no single try may outlast the caller's deadline
            connect, read = min(connect, max(left, 0.001)), min(read, max(left, 0.001))
        try:
            request = self._http.build_request(
                method,
                url,
                params=params,
                json=json_body,
                headers=headers,
                timeout=httpx.Timeout(read, connect=connect),
            )
            response = self._http.send(request, stream=True)
            try:
                declared = response.headers.get("Content-Length", "")
                if declared.isascii() and declared.isdigit() and int(declared) > self.max_response_bytes:
                    raise self._too_large(service, response.status_code)
                content = bytearray()
                for chunk in response.iter_bytes():
                    content += chunk
                    if len(content) > self.max_response_bytes:
                        raise self._too_large(service, response.status_code)
                    left = remaining_time()
                    if left is not None and left <= 0:  # a body that trickles in
                        raise errors.DeadlineExceeded(
                            f"{service} was still sending when the time ran out", service=str(service)
                        )
            finally:
                response.close()
            return response, bytes(content)
        except httpx.TimeoutException as exc:
            raise errors.XRoadTimeout(f"{service} did not answer in time", service=str(service)) from exc
        except httpx.DecodingError as exc:
            raise errors.MalformedResponse(
                f"{service} sent a body that cannot be decoded", service=str(service)
            ) from exc
        except httpx.RequestError as exc:
            raise errors.XRoadUnavailable(
                f"{service} could not be reached: {type(exc).__name__}", service=str(service)
            ) from exc

    def _too_large(self, service: ServiceId, status: int) -> errors.MalformedResponse:
        return errors.MalformedResponse(
            f"{service} answered with more than {self.max_response_bytes} bytes; not read further",
            service=str(service),
            status=status,
        )

    def _log(
        self,
        xroad_id: str,
        service: ServiceId,
        operation: str,
        context: CallContext,
        outcome: str,
        status: int | None,
        error_type: str | None,
        started: float,
        attempt: int,
        occurred_at: dt.datetime,
    ) -> None:
        last_message_id.set(xroad_id)
        self.query_log.record(
            QueryRecord(
                xroad_id=xroad_id,
                service=str(service),
                operation=operation,
                context=context,
                outcome=outcome,
                http_status=status,
                error_type=error_type,
                duration_ms=round((time.monotonic() - started) * 1000),
                attempt=attempt,
                occurred_at=occurred_at,
            )
        )
