"""Forwarded headers (`X-Forwarded-For/-Proto/-Host`) are believed only from the reverse proxies
named in `PORTAL_TRUSTED_PROXIES`.

Anyone who reaches gunicorn directly could otherwise claim any address in `X-Forwarded-For` and
get past the `/xroad/pes` network check and the per-address rate limits.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable
from typing import Any

from werkzeug.middleware.proxy_fix import ProxyFix

from portal.config import ConfigurationError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PREFIX",
    "HTTP_FORWARDED",
)


@functools.cache
def parse_networks(text: str, setting: str = "PORTAL_TRUSTED_PROXIES") -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(part, strict=False) for part in text.replace(",", " ").split())
    except ValueError as exc:
        raise ConfigurationError(f"{setting}: {exc}") from None


def address_in(address: str | None, networks: Iterable[Network]) -> bool:
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(parsed in network for network in networks)


class TrustedProxyFix:
    """`ProxyFix` for requests whose peer is a trusted proxy; for everyone else the forwarded
    headers are removed, so nothing downstream can be misled by them."""

    def __init__(self, app: Any, hops: int, trusted: str) -> None:
        self.app = app
        self.networks = parse_networks(trusted)
        if not self.networks:
            raise ConfigurationError(
                "PORTAL_PROXY_HOPS is set: PORTAL_TRUSTED_PROXIES must name the proxies' networks (CIDR)"
            )
        self.proxy_fix = ProxyFix(app, x_for=hops, x_proto=hops, x_host=hops)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if address_in(environ.get("REMOTE_ADDR"), self.networks):
            return self.proxy_fix(environ, start_response)
        for header in FORWARDED_HEADERS:
            environ.pop(header, None)
        return self.app(environ, start_response)
