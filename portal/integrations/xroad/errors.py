"""Typed failures of an X-Road call, so callers can act on them without reading HTTP details.

X-Road's own errors (`X-Road-Error` header) and the provider's errors (plain HTTP status with the
contract's `{type, message, detail}` body) are kept apart: the first usually means "try later",
the second is an answer about the request or the person.
"""

from __future__ import annotations


class XRoadError(Exception):
    """Base class. `outcome` is the short word written to the query log."""

    outcome = "error"
    retryable = False

    def __init__(self, message: str, *, service: str = "", xroad_id: str = "", status: int | None = None):
        super().__init__(message)
        self.message = message
        self.service = service
        self.xroad_id = xroad_id
        self.status = status

    @property
    def error_type(self) -> str:
        return type(self).__name__


class XRoadUnavailable(XRoadError):
    """The security server could not be reached (refused connection, DNS, TLS)."""

    outcome = "unavailable"
    retryable = True


class XRoadTimeout(XRoadUnavailable):
    """No answer within the configured connect or read timeout."""

    outcome = "timeout"


class DeadlineExceeded(XRoadTimeout):
    """The caller's deadline (e.g. the prefill's, for all registers together) passed before an
    answer; the call is abandoned, retries included."""

    outcome = "deadline"


class CircuitOpen(XRoadUnavailable):
    """The register failed repeatedly a moment ago: not asked now (its circuit breaker is open)."""

    outcome = "circuit_open"


class MalformedResponse(XRoadError):
    """The answer does not follow the contract: not JSON, wrong shape, or a redirect."""

    outcome = "malformed"


class UnexpectedRedirect(MalformedResponse):
    """X-Road never redirects; a 3xx means a misconfigured URL or an intermediary. Never followed."""

    outcome = "redirect"


class IdentityMismatch(XRoadError):
    """The answer is about another person or company than the one asked for, or belongs to another
    message (its `X-Road-Id`, client or service differ from the request's). The data is discarded,
    never shown or decided on; the client logs a security event with the message id. Not retried:
    the caller falls back to manual entry, and a later read (a background refetch) may succeed."""

    outcome = "identity_mismatch"


class _TypedError(XRoadError):
    """An error answered with the contract's error body."""

    def __init__(self, message: str, *, type_: str, detail: str | None = None, **kwargs: object):
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.type = type_
        self.detail = detail

    @property
    def error_type(self) -> str:
        return self.type


class XRoadSystemError(_TypedError):
    """Raised by X-Road itself (header `X-Road-Error`), e.g. `Server.ServerProxy.DatabaseError`."""

    outcome = "xroad_error"

    @property
    def retryable(self) -> bool:  # type: ignore[override]
        # Client.* means our request was wrong; Server.* faults are on the way or at the provider.
        return self.type.startswith("Server.")


class ProviderError(_TypedError):
    """The register answered with an error status (no `X-Road-Error` header)."""

    outcome = "provider_error"

    @property
    def retryable(self) -> bool:  # type: ignore[override]
        return self.status is not None and self.status >= 500


class BadRequest(ProviderError):
    outcome = "bad_request"


class Forbidden(ProviderError):
    outcome = "forbidden"


class NotFound(ProviderError):
    """No such record (or, with type `UnknownOperation`, no such path)."""

    outcome = "not_found"


class UnknownOperation(NotFound):
    """No such path or method at the provider: a configuration or contract mismatch, not an
    answer about the person. A subclass of NotFound only because the contract answers it with 404."""

    outcome = "unknown_operation"


class TooManyRequests(ProviderError):
    outcome = "too_many_requests"
    retryable = True

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: object):
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.retry_after = retry_after
