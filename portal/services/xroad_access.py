"""Which X-Road clients may call the PES's own services (`PORTAL_XROAD_ALLOWED_CLIENTS`)."""

from __future__ import annotations

import functools

from portal.config import ConfigurationError


@functools.cache
def parse_allow_list(text: str) -> dict[str, frozenset[str]]:
    """`"jobseekers: DEV/GOV/70000005/sas DEV/GOV/70000009/x; other: ..."` → service code → clients."""
    allow: dict[str, frozenset[str]] = {}
    for entry in filter(None, (part.strip() for part in text.split(";"))):
        service, sep, clients = entry.partition(":")
        if not sep or not service.strip():
            raise ConfigurationError(
                f"PORTAL_XROAD_ALLOWED_CLIENTS: {entry!r} is not '<service code>: <client id> ...'"
            )
        allow[service.strip()] = frozenset(clients.split())
    return allow


def allowed_clients(text: str, service_code: str) -> frozenset[str]:
    return parse_allow_list(text).get(service_code, frozenset())
