"""Which X-Road clients may call the PES's own services (`PORTAL_XROAD_ALLOWED_CLIENTS`)."""

from __future__ import annotations

import functools
import ipaddress

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


@functools.cache
def parse_networks(text: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    try:
        return tuple(ipaddress.ip_network(part, strict=False) for part in text.replace(",", " ").split())
    except ValueError as exc:
        raise ConfigurationError(f"PORTAL_XROAD_PROVIDER_NETWORKS: {exc}") from None


def from_security_server(remote_address: str | None, networks_text: str) -> bool:
    """The PES's services are for its security server only; anyone else could simply claim to be
    an allowed X-Road client in a header."""
    try:
        address = ipaddress.ip_address(remote_address or "")
    except ValueError:
        return False
    return any(address in network for network in parse_networks(networks_text))
