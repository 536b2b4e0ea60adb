"""X-Road: the REST client and one typed module per consumed register.

Views and services use `Registers` (typed results) and never the raw JSON of `XRoadClient`.
"""

from portal.integrations.xroad import errors
from portal.integrations.xroad._parse import Posted
from portal.integrations.xroad.breaker import BreakerBoard, BreakerPolicy
from portal.integrations.xroad.client import (
    CallContext,
    QueryLog,
    QueryRecord,
    RetryPolicy,
    ServiceId,
    XRoadClient,
)
from portal.integrations.xroad.concurrent import Outcome, fetch_all
from portal.integrations.xroad.errors import (
    BadRequest,
    CircuitOpen,
    DeadlineExceeded,
    Forbidden,
    IdentityMismatch,
    MalformedResponse,
    NotFound,
    ProviderError,
    TooManyRequests,
    UnexpectedRedirect,
    XRoadError,
    XRoadSystemError,
    XRoadTimeout,
    XRoadUnavailable,
)
from portal.integrations.xroad.registers import SERVICE_KEYS, Registers

__all__ = [
    "SERVICE_KEYS",
    "BadRequest",
    "BreakerBoard",
    "BreakerPolicy",
    "CallContext",
    "CircuitOpen",
    "DeadlineExceeded",
    "Forbidden",
    "IdentityMismatch",
    "MalformedResponse",
    "NotFound",
    "Outcome",
    "Posted",
    "ProviderError",
    "QueryLog",
    "QueryRecord",
    "Registers",
    "RetryPolicy",
    "ServiceId",
    "TooManyRequests",
    "UnexpectedRedirect",
    "XRoadClient",
    "XRoadError",
    "XRoadSystemError",
    "XRoadTimeout",
    "XRoadUnavailable",
    "errors",
    "fetch_all",
]
