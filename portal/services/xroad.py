"""The portal's X-Road wiring: one client per app, pointed at the security server or the simulators.

Production names its security server in `PORTAL_XROAD_URL`. Without it (development and tests) the
client reaches the register simulators in-process through `httpx.WSGITransport`: the same client,
URLs, headers and error handling, only without a socket. `portal.composition` builds the client and
the registers when the app is created; this module reads them back.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app

from portal.config import ConfigurationError
from portal.integrations.xroad.client import ServiceId, XRoadClient
from portal.integrations.xroad.registers import Registers
from portal.settings import Settings, settings

EMBEDDED_BASE_URL = "http://registers.embedded"
_simulator_lock = threading.Lock()


def service_ids(overrides: str, profile_services: Mapping[str, str]) -> dict[str, ServiceId]:
    """The profile's register service ids with the `PORTAL_XROAD_SERVICES` overrides applied."""
    services = dict(profile_services)
    for entry in filter(None, (part.strip() for part in overrides.split(";"))):
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
    """The app's register simulator (one per app, so in-process calls and /dev-xroad share state),
    built when first needed: it takes seconds, and most apps (most tests) never call a register."""
    if "register_simulator" not in app.extensions:
        with _simulator_lock:  # a prefill's concurrent calls would otherwise each build one
            if "register_simulator" not in app.extensions:
                from portal.simulators.registers import create_simulator

                current: Settings = app.extensions["settings"]
                app.extensions["register_simulator"] = create_simulator(
                    current.profile, seed=current.xroad_simulator_seed, faults=current.xroad_faults
                )
    return app.extensions["register_simulator"]


def _embedded_ready() -> None:
    """Without a security server, build the simulator before the caller's calls (and a prefill's
    deadline) start, not inside the first of them."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.extensions["settings"].xroad_url:
        simulator(app)


def prefill_deadline() -> float | None:
    """Seconds for all registers of one prefill together (None or 0 in the settings: no deadline)."""
    return settings().xroad_prefill_deadline or None


def client() -> XRoadClient:
    """The app's X-Road client (built by `portal.composition`)."""
    _embedded_ready()
    return current_app.extensions["xroad_client"]


def registers() -> Registers:
    """The six registers, typed, over this app's client (built by `portal.composition`)."""
    _embedded_ready()
    return current_app.extensions["registers"]
