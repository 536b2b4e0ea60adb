"""Check requests the X-Road client sends against the OpenAPI contracts in `contracts/`.

The counterpart of `tests/contract.py` (which checks responses): openapi-core finds the operation
from the URL and validates the path and query parameters, the headers and the JSON body against
the operation's request schema.
"""

from __future__ import annotations

import functools

import httpx
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest

from tests.contract import CONTRACTS, service_root

CONSUMED = ("population", "education", "employment", "social-assistance", "business", "health-insurance")


@functools.cache
def _openapi(contract: str) -> OpenAPI:
    return OpenAPI.from_file_path(str(CONTRACTS / f"{contract}.yaml"))


def contract_of(path: str) -> str:
    """The consumed contract whose service root `path` (`/r1/...`) is under."""
    for contract in CONSUMED:
        if path.startswith(service_root(contract) + "/"):
            return contract
    raise AssertionError(f"{path} is under no consumed service")


def assert_request_conforms(request: httpx.Request, contract: str | None = None) -> None:
    """Raise if the request is not one the contract allows (`contract` found from the URL if None)."""
    url = request.url
    mock = MockRequest(
        f"{url.scheme}://{url.netloc.decode('ascii')}",
        request.method.lower(),
        url.path,
        args=dict(url.params),
        headers=dict(request.headers),
        data=request.content or None,
    )
    _openapi(contract or contract_of(url.path)).validate_request(mock)
