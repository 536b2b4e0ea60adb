"""The portal's X-Road wiring: one client per app, pointed at the security server or the simulators.

Production names its security server in `PORTAL_XROAD_URL`. Without it (development and tests) the
client reaches the register simulators in-process through `httpx.WSGITransport`: the same client,
URLs, headers and error handling, only without a socket.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
from flask import Flask, current_app

from portal import audit_chain
from portal.config import ConfigurationError
from portal.extensions import db
from portal.integrations.xroad.breaker import BreakerBoard, BreakerPolicy
from portal.integrations.xroad.client import RetryPolicy, ServiceId, XRoadClient
from portal.services.query_log import DatabaseQueryLog

EMBEDDED_BASE_URL = "http://registers.embedded"


def service_ids(settings: Mapping[str, Any], profile_services: Mapping[str, str]) -> dict[str, ServiceId]:
    """The profile's register service ids with `PORTAL_XROAD_SERVICES` overrides applied."""
    services = dict(profile_services)
    for entry in filter(None, (part.strip() for part in settings["XROAD_SERVICES"].split(";"))):
        name, sep, value = entry.partition("=")
        if not sep or name.strip() not in services:
            raise ConfigurationError(
                f"PORTAL_XROAD_SERVICES: {entry!r} is not <register>=<service id> with a register of "
                f"{', '.join(sorted(services))}"
            )
        services[name.strip()] = value.strip()
    try:
        return {name: ServiceId.parse(value) for name, value in services.items()}
    except ValueError as exc:
        raise ConfigurationError(f"PORTAL_XROAD_SERVICES: {exc}") from None


def simulator(app: Flask) -> Any:
    """The app's register simulator (one per app, so in-process calls and /dev-xroad share state)."""
    if "register_simulator" not in app.extensions:
        from portal.simulators.registers import create_simulator

        settings = app.config["PORTAL"]
        app.extensions["register_simulator"] = create_simulator(
            settings["PROFILE"], seed=settings["XROAD_SIMULATOR_SEED"], faults=settings["XROAD_FAULTS"]
        )
    return app.extensions["register_simulator"]


def build_client(app: Flask) -> XRoadClient:
    settings = app.config["PORTAL"]
    base_url = settings["XROAD_URL"]
    transport: httpx.BaseTransport | None = None
    if not base_url:
        if settings["ENV"] == "production":  # config.validate refuses this; never fall back silently
            raise ConfigurationError("PORTAL_XROAD_URL is required in production")
        base_url = EMBEDDED_BASE_URL
        transport = httpx.WSGITransport(app=simulator(app))
    return XRoadClient(
        base_url,
        settings["XROAD_CLIENT"],
        transport=transport,
        connect_timeout=settings["XROAD_CONNECT_TIMEOUT"],
        read_timeout=settings["XROAD_READ_TIMEOUT"],
        retry=RetryPolicy(attempts=1 + max(0, settings["XROAD_RETRIES"])),
        query_log=DatabaseQueryLog(
            db.engine, settings["XROAD_CLIENT"], audit_chain.pseudonym_key(settings["SECRET_KEY"])
        ),
        breakers=BreakerBoard(
            BreakerPolicy(
                failures=settings["XROAD_BREAKER_FAILURES"],
                window=settings["XROAD_BREAKER_WINDOW"],
                cooldown=settings["XROAD_BREAKER_COOLDOWN"],
            )
        ),
    )


def prefill_deadline() -> float | None:
    """Seconds for all registers of one prefill together (None or 0 in the settings: no deadline)."""
    return current_app.config["PORTAL"]["XROAD_PREFILL_DEADLINE"] or None


def client() -> XRoadClient:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if "xroad_client" not in app.extensions:
        app.extensions["xroad_client"] = build_client(app)
    return app.extensions["xroad_client"]


def registers() -> Any:
    """The six registers, typed, over this app's client."""
    from portal.integrations.xroad.registers import Registers

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if "registers" not in app.extensions:
        services = service_ids(app.config["PORTAL"], app.extensions["profile"].xroad_services)
        app.extensions["registers"] = Registers.build(client(), services)
    return app.extensions["registers"]
