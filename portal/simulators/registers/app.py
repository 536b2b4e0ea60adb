"""The register simulators as one WSGI app serving a security server's URL space:
`/r1/{INSTANCE}/{CLASS}/{MEMBER}/{SUBSYSTEM}/{SERVICECODE}/{path}` for the six DEV services.

Order of checks per request, as a security server and provider would make them: the `X-Road-Client`
header (400 `Client.BadRequest`), the service id (404 `Server.ClientProxy.UnknownService`), injected
faults, the operation (404/405 `UnknownOperation`), then the operation's own checks.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import uuid
from collections.abc import Mapping

from flask import Flask, Response, request

from portal.simulators.registers.faults import PROVIDER_STATUSES, Fault, FaultPlan, coerce_faults
from portal.simulators.registers.misanswers import answer_about_another, huge_answer
from portal.simulators.registers.model import Population
from portal.simulators.registers.population import PROFILES, population, utc_today
from portal.simulators.registers.services import SERVICES
from portal.simulators.registers.xroad import (
    CLIENT_ID,
    ISSUE,
    USER_ID,
    UUID,
    Call,
    Service,
    SimulatorError,
    SimulatorState,
    bad_request,
    error_response,
    json_response,
    xroad_error,
)

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
REDIRECT_TARGET = "http://moved.security-server.invalid/r1/"
GARBAGE = b"<html><body><h1>502 Bad Gateway</h1><p>upstream sent an invalid response</p></body></html>\x00{"


def create_simulator(
    profile: str = "EE",
    *,
    seed: int = 20261126,
    faults: str | Mapping[str, Fault] | None = None,
    today: dt.date | None = None,
) -> Flask:
    """A fresh simulator app. The population is cached per (profile, seed, day) and shared; POST
    idempotency stores and what POSTs record belong to this app instance. `today` pins the
    reference date (tests); by default it is the current UTC date, per request."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; expected one of {', '.join(PROFILES)}")
    plan = FaultPlan(coerce_faults(faults), seed)
    state = SimulatorState()
    population(profile, seed, today or utc_today())  # generate now rather than in the first request

    app = Flask(__name__)
    app.extensions["register_simulator"] = state

    @app.route("/", defaults={"path": ""}, methods=METHODS, provide_automatic_options=False)
    @app.route("/<path:path>", methods=METHODS, provide_automatic_options=False)
    def dispatch(path: str) -> Response:
        given_id = request.headers.get("X-Road-Id", "")
        x_road_id = given_id if UUID.match(given_id) else str(uuid.uuid4())
        client = request.headers.get("X-Road-Client")
        service: Service | None = None
        try:
            service = _service(path)
            _check_headers(client)
            if service is None:
                raise xroad_error(404, "Server.ClientProxy.UnknownService", "Unknown service")
            misanswer = _inject_fault(plan, service)
            call_population = population(profile, seed, today or utc_today())
            if misanswer is None:
                response = _answer(service, path, call_population, state, x_road_id)
            elif misanswer.huge_mb:
                response = huge_answer(misanswer.huge_mb, state)
            else:
                response = answer_about_another(service, path, call_population, state, x_road_id) or _answer(
                    service, path, call_population, state, x_road_id
                )
                if misanswer.crossed:
                    x_road_id = str(uuid.uuid4())  # the id of the message this answer belonged to
        except SimulatorError as error:
            if error.type == "InternalError" and error.detail is None:
                error.detail = x_road_id
            response = error_response(error)
        except _Redirect:
            response = Response(status=302, headers={"Location": REDIRECT_TARGET})
        except _Garbage:
            response = Response(GARBAGE, status=200, content_type="application/json")
        except Exception:  # a simulator bug must still answer in the contract's error format
            app.logger.exception("register simulator failed")
            response = error_response(
                SimulatorError(
                    500, "InternalError", "The service could not answer; try again later", x_road_id
                )
            )
        response.headers["X-Road-Id"] = x_road_id
        response.headers["X-Road-Request-Id"] = str(uuid.uuid4())
        if client is not None and CLIENT_ID.match(client) and len(client) <= 255:
            response.headers["X-Road-Client"] = client
        if service is not None:
            response.headers["X-Road-Service"] = service.service_id
        return response

    return app


def _service(path: str) -> Service | None:
    segments = path.split("/")
    if len(segments) < 6 or segments[0] != "r1":
        return None
    return SERVICES.get("/".join(segments[1:6]))


def _check_headers(client: str | None) -> None:
    if client is None or not client.strip():
        raise xroad_error(400, "Client.BadRequest", "The X-Road-Client header is missing")
    if len(client) > 255 or not CLIENT_ID.match(client):
        raise xroad_error(400, "Client.BadRequest", "The X-Road-Client header is malformed")
    user = request.headers.get("X-Road-UserId")
    if user is not None and (len(user) > 64 or not USER_ID.match(user)):
        raise bad_request("X-Road-UserId", "Must match ^[A-Z]{2}[0-9A-Za-z]{1,62}$")
    issue = request.headers.get("X-Road-Issue")
    if issue is not None and (len(issue) > 255 or not ISSUE.match(issue)):
        raise bad_request("X-Road-Issue", "Must be printable ASCII, at most 255 characters")


class _Redirect(Exception):
    pass


class _Garbage(Exception):
    pass


def _inject_fault(plan: FaultPlan, service: Service) -> Fault | None:
    """Sleep and raise the configured failure; return the fault when it changes a 200 answer
    (another person's record, a crossed answer, a huge body) instead."""
    fault = plan.for_register(service.register)
    if fault is None:
        return None
    if fault.latency_ms:
        time.sleep(fault.latency_ms / 1000)
    if not plan.should_fail(service.register, fault):
        return None
    if fault.other_person or fault.crossed or fault.huge_mb:
        return fault
    if fault.redirect:
        raise _Redirect
    if fault.garbage:
        raise _Garbage
    if fault.xroad_error:
        status = 400 if fault.xroad_error.startswith("Client.") else 500
        message = (
            "Error accessing database (serverconf)"
            if fault.xroad_error.endswith("DatabaseError")
            else "Simulated X-Road failure"
        )
        raise xroad_error(status, fault.xroad_error, message)
    status = fault.status or 500
    kind = PROVIDER_STATUSES[status]
    messages = {
        "TooManyRequests": "Rate limit of 10 requests per second exceeded",
        "NotFound": "No record for the requested code",
        "InternalError": "The service could not answer; try again later",
        "Forbidden": "This client may not use this service",
        "BadRequest": "Simulated invalid request",
    }
    headers = {"Retry-After": "1"} if status == 429 else None
    raise SimulatorError(status, kind, messages[kind], headers=headers)


_DIGITS = re.compile(r"/[0-9]+(?=/|$)")


def _answer(service: Service, path: str, pop: Population, state: SimulatorState, x_road_id: str) -> Response:
    rest = "/" + "/".join(path.split("/")[6:])
    allowed: list[str] = []
    for operation in service.operations:
        match = operation.pattern.fullmatch(rest)
        if match is None:
            continue
        if operation.method != request.method:
            allowed.append(operation.method)
            continue
        call = Call(pop, state, match.groupdict(), request, x_road_id)
        status, payload = operation.handler(call)
        return json_response(status, payload)
    if allowed:
        template = next(o.template for o in service.operations if o.method in allowed)
        error = SimulatorError(405, "UnknownOperation", f"No operation {request.method} {template}")
        error.headers["Allow"] = ", ".join(allowed)
        raise error
    # Never echo personal codes: numbers in the unknown path are masked.
    shown = _DIGITS.sub("/{id}", rest)[:200]
    raise SimulatorError(404, "UnknownOperation", f"No operation {request.method} {shown}")
