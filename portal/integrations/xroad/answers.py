"""Reading an X-Road answer: does it belong to the request, is it JSON, which typed error is it."""

from __future__ import annotations

import json
from typing import Any

import httpx

from portal.integrations.xroad import errors

JSON = Any


def check_echo(response: httpx.Response, service: str, xroad_id: str, client_id: str) -> None:
    """X-Road echoes the message id, client and service in every answer: an answer carrying
    another message's (a crossed answer from a cache, proxy or provider bug) may be about another
    person, also from registers whose answers do not name the person. Absent headers are not
    checked: some providers leave them to the security server."""
    echoed = {
        "X-Road-Id": xroad_id,
        "X-Road-Client": client_id,
        "X-Road-Service": service,
    }
    for header, sent in echoed.items():
        answered = response.headers.get(header)
        if answered is not None and answered != sent:
            raise errors.IdentityMismatch(
                f"{service} answered with the {header} of another message",
                service=service,
                status=response.status_code,
            )


def retry_after(exc: errors.XRoadError) -> float | None:
    return exc.retry_after if isinstance(exc, errors.TooManyRequests) else None


_PROVIDER_ERRORS: dict[int, type[errors.ProviderError]] = {
    400: errors.BadRequest,
    403: errors.Forbidden,
    404: errors.NotFound,
    405: errors.NotFound,
    429: errors.TooManyRequests,
}


def interpret(response: httpx.Response, content: bytes, service: str, xroad_id: str) -> JSON:
    """Turn an HTTP answer into JSON or a typed error."""
    common = {"service": service, "xroad_id": xroad_id, "status": response.status_code}
    if response.is_redirect or 300 <= response.status_code < 400:
        raise errors.UnexpectedRedirect(
            f"{service} answered with a redirect, which X-Road never sends", **common
        )
    try:
        body = json.loads(content) if content else None
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = _NOT_JSON
    if response.is_success:
        if body is _NOT_JSON or body is None:
            raise errors.MalformedResponse(
                f"{service} answered {response.status_code} without a JSON body", **common
            )
        return body
    error_body = body if isinstance(body, dict) else {}
    type_ = str(error_body.get("type") or "")
    message = str(error_body.get("message") or f"HTTP {response.status_code}")
    detail = error_body.get("detail")
    header = response.headers.get("X-Road-Error")
    if header:
        raise errors.XRoadSystemError(message, type_=header, detail=detail, **common)
    if not type_:
        raise errors.MalformedResponse(
            f"{service} answered {response.status_code} without the contract's error body", **common
        )
    error_class = _PROVIDER_ERRORS.get(response.status_code, errors.ProviderError)
    if type_ == "UnknownOperation":
        error_class = errors.UnknownOperation
    if error_class is errors.TooManyRequests:
        raise errors.TooManyRequests(
            message,
            type_=type_,
            detail=detail,
            retry_after=_seconds(response.headers.get("Retry-After")),
            **common,
        )
    raise error_class(message, type_=type_, detail=detail, **common)


_NOT_JSON = object()


def _seconds(value: str | None) -> float | None:
    try:
        seconds = float(value) if value else None
    except ValueError:
        return None
    # Negative, NaN or infinite waits would crash sleep() or hang the caller: use our own backoff.
    return seconds if seconds is not None and 0 < seconds < float("inf") else None
