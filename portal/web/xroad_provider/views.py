from __future__ import annotations

import datetime as dt
import re
import time
import uuid

from flask import Response, current_app, g, jsonify, request
from limits import parse as parse_limit
from werkzeug.exceptions import HTTPException

from portal.extensions import db, limiter
from portal.profiles import current_profile
from portal.services import jobseekers, query_log
from portal.services.xroad_access import allowed_clients, from_security_server
from portal.settings import settings
from portal.web.xroad_provider import xroad_provider

CLIENT_ID = re.compile(r"^[^/\s]+/[^/\s]+/[^/\s]+(/[^/\s]+)?$")
USER_ID = re.compile(r"^[A-Z]{2}[0-9A-Za-z]{1,62}$")
ISSUE = re.compile(r"^[!-~]([ -~]*[!-~])?$")
PERSONAL_CODE = re.compile(r"^[0-9]{10,11}$")
CERTIFICATE_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9-]{4,38}[A-Z0-9]$")
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

ERROR_OUTCOMES = {400: "bad_request", 403: "forbidden", 404: "not_found", 429: "too_many_requests"}


class ProviderError(Exception):
    def __init__(
        self, status: int, type_: str, message: str, *, detail: str | None = None, xroad: bool = False
    ):
        super().__init__(message)
        self.status, self.type, self.message, self.detail, self.xroad = status, type_, message, detail, xroad
        self.headers: dict[str, str] = {}


def _service() -> str:
    return current_profile().xroad_provided_service


@xroad_provider.before_request
def _check_caller() -> None:
    g.xroad_started = time.monotonic()
    g.xroad_occurred_at = dt.datetime.now(dt.UTC)
    if not from_security_server(request.remote_addr, settings().xroad_provider_networks):
        raise ProviderError(403, "Forbidden", "This service answers only the PES's security server.")
    given_id = request.headers.get("X-Road-Id", "")
    g.xroad_id = given_id if UUID.fullmatch(given_id) else str(uuid.uuid4())
    client = request.headers.get("X-Road-Client", "")
    if not CLIENT_ID.fullmatch(client) or len(client) > 255:
        raise ProviderError(
            400, "Client.BadRequest", "The X-Road-Client header is missing or malformed.", xroad=True
        )
    g.xroad_client = client
    service_code = _service().rsplit("/", 1)[1]
    if client not in allowed_clients(settings().xroad_allowed_clients, service_code):
        raise ProviderError(403, "Forbidden", "This client may not use this service.")
    _rate_limit(client)
    for header, pattern in (("X-Road-UserId", USER_ID), ("X-Road-Issue", ISSUE)):
        value = request.headers.get(header)
        if value is not None and (not pattern.fullmatch(value) or len(value) > 255):
            raise ProviderError(400, "BadRequest", f"The {header} header is malformed.", detail=header)


def _rate_limit(client: str) -> None:
    limit = parse_limit(settings().xroad_rate_limit)
    if not limiter.limiter.hit(limit, "xroad-provider", client):
        reset_at = limiter.limiter.get_window_stats(limit, "xroad-provider", client).reset_time
        error = ProviderError(429, "TooManyRequests", "Too many requests from this client; try again later.")
        error.headers["Retry-After"] = str(max(1, min(86400, int(reset_at - time.time()) + 1)))
        raise error


@xroad_provider.get("/v1/jobseekers/<xroad_param:personal_code>")
def get_jobseeker(personal_code: str) -> Response:
    g.xroad_operation = "getJobseeker"
    code = _valid(personal_code, PERSONAL_CODE, "personalCode")
    # The contract's pattern admits any 10 or 11 digits; only a code valid in this country (its
    # length and check digit) can name a person, so anything else is refused, not NOT_REGISTERED.
    if not current_profile().is_valid_national_id(code):
        raise ProviderError(
            400, "BadRequest", "The parameter personalCode is not valid.", detail="personalCode"
        )
    g.xroad_subject = code
    return jsonify(jobseekers.jobseeker_status(code))


@xroad_provider.get("/v1/certificates/<xroad_param:number>")
def get_certificate(number: str) -> Response:
    g.xroad_operation = "getCertificate"
    found = jobseekers.certificate(_valid(number, CERTIFICATE_NUMBER, "number"))
    if found is None:
        raise ProviderError(404, "NotFound", "No certificate with this number was issued.")
    g.xroad_subject = str(found["personalCode"])
    return jsonify(found)


@xroad_provider.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown_operation(rest: str) -> Response:
    endpoint, _args = current_app.url_map.bind("").match(request.path, method="GET")
    if request.method != "GET" and endpoint != request.endpoint:
        raise ProviderError(405, "UnknownOperation", "This operation does not accept this method.")
    raise ProviderError(404, "UnknownOperation", "No such operation in this service.")


def _valid(value: str, pattern: re.Pattern[str], field: str) -> str:
    # fullmatch: with `match`, `$` also matches before a trailing newline ("38001085718\n").
    if not pattern.fullmatch(value):
        raise ProviderError(400, "BadRequest", f"The parameter {field} is not valid.", detail=field)
    return value


@xroad_provider.errorhandler(ProviderError)
def _provider_error(error: ProviderError) -> tuple[Response, int]:
    body: dict[str, str] = {"type": error.type, "message": error.message}
    if error.detail:
        body["detail"] = error.detail
    response = jsonify(body)
    response.headers.update(error.headers)
    if error.xroad:
        response.headers["X-Road-Error"] = error.type
    return response, error.status


@xroad_provider.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> tuple[Response, int]:
    status = error.code or 500
    type_ = {400: "BadRequest", 404: "NotFound", 405: "UnknownOperation"}.get(status, "InternalError")
    return _provider_error(ProviderError(status, type_, error.name))


@xroad_provider.errorhandler(Exception)
def _unexpected(error: Exception) -> tuple[Response, int]:
    current_app.logger.exception("X-Road provider request failed")
    db.session.rollback()
    return _provider_error(ProviderError(500, "InternalError", "The service failed; try again later."))


@xroad_provider.after_request
def _stamp_and_log(response: Response) -> Response:
    response.headers["X-Road-Id"] = g.get("xroad_id") or str(uuid.uuid4())
    response.headers["X-Road-Request-Id"] = str(uuid.uuid4())
    response.headers["X-Road-Service"] = _service()
    if g.get("xroad_client"):
        response.headers["X-Road-Client"] = g.xroad_client
        # Only well-formed callers are logged; a request X-Road itself would refuse names nobody.
        query_log.record_incoming(
            db.engine,
            xroad_id=response.headers["X-Road-Id"],
            client=g.xroad_client,
            service=_service(),
            operation=g.get("xroad_operation") or "unknown",
            subject_code=g.get("xroad_subject"),
            on_behalf_of=request.headers.get("X-Road-UserId") if response.status_code < 400 else None,
            issue=request.headers.get("X-Road-Issue") if response.status_code < 400 else None,
            outcome="ok" if response.status_code < 400 else ERROR_OUTCOMES.get(response.status_code, "error"),
            http_status=response.status_code,
            duration_ms=round((time.monotonic() - g.get("xroad_started", time.monotonic())) * 1000),
            occurred_at=g.get("xroad_occurred_at") or dt.datetime.now(dt.UTC),
        )
    return response
