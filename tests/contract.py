"""Check recorded X-Road exchanges against the OpenAPI contracts in `contracts/`.

A test hands over what went over the wire (method, path after the service root, headers, body,
status); openapi-core finds the operation and validates the response's status, headers and body
against the contract, including the documented error responses.
"""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import yaml
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from werkzeug.test import TestResponse

CONTRACTS = Path(__file__).resolve().parent.parent / "contracts"
SECURITY_SERVER = "http://security-server.test"


@functools.cache
def _openapi(contract: str) -> OpenAPI:
    return OpenAPI.from_file_path(str(CONTRACTS / f"{contract}.yaml"))


@functools.cache
def service_root(contract: str) -> str:
    """The path of the service root, e.g. `/r1/DEV/GOV/70000002/population/persons`."""
    spec = yaml.safe_load((CONTRACTS / f"{contract}.yaml").read_text(encoding="utf-8"))
    return spec["servers"][0]["url"].replace("{securityServer}", "")


def assert_conforms(
    contract: str,
    *,
    method: str,
    service_path: str,
    status: int,
    response_body: bytes,
    response_headers: dict[str, str],
    request_headers: dict[str, str] | None = None,
    query: str = "",
) -> None:
    """Raise if the response is not one the contract allows for this operation."""
    request = MockRequest(
        SECURITY_SERVER,
        method.lower(),
        service_root(contract) + service_path,
        headers=request_headers or {},
        args=dict(pair.split("=", 1) for pair in query.split("&") if "=" in pair),
    )
    content_type = response_headers.get("Content-Type", "application/json").split(";")[0]
    response = MockResponse(
        response_body, status_code=status, content_type=content_type, headers=response_headers
    )
    _openapi(contract).validate_response(request, response)


def assert_werkzeug_conforms(contract: str, response: TestResponse, *, prefix: str) -> None:
    """Validate a Flask test-client response; `prefix` is the URL path before the contract's paths
    (`/r1/DEV/GOV/70000002/population/persons` for a simulator, `/xroad/pes` for the PES provider)."""
    request = response.request
    assert request.path.startswith(prefix), f"{request.path} is not under {prefix}"
    path = request.path.removeprefix(prefix)
    assert_conforms(
        contract,
        method=request.method,
        service_path=path,
        query=request.query_string.decode(),
        status=response.status_code,
        response_body=response.get_data(),
        response_headers=dict(response.headers),
        request_headers=dict(request.headers),
    )


def assert_httpx_conforms(contract: str, response: httpx.Response) -> None:
    """Validate a response the X-Road client received (URL `{base}/r1/{service id}/{path}`)."""
    url = urlsplit(str(response.request.url))
    root = service_root(contract)
    assert root in url.path, f"{url.path} is not under {root}"
    assert_conforms(
        contract,
        method=response.request.method,
        service_path=url.path.split(root, 1)[1],
        query=url.query,
        status=response.status_code,
        response_body=response.content,
        response_headers=dict(response.headers),
        request_headers=dict(response.request.headers),
    )


def assert_error_body(contract: str, body: object) -> None:
    """For answers no operation describes (unknown paths): the body is still the contract's Error."""
    from openapi_schema_validator import OAS30Validator

    spec = yaml.safe_load((CONTRACTS / f"{contract}.yaml").read_text(encoding="utf-8"))
    OAS30Validator(spec["components"]["schemas"]["Error"]).validate(body)
