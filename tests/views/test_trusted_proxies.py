"""Forwarded headers count only when they come from a trusted proxy (PORTAL_TRUSTED_PROXIES):
anyone reaching gunicorn directly cannot fake their address with X-Forwarded-For."""

from __future__ import annotations

import pytest

from tests.conftest import empty_tables

SAS = "DEV/GOV/70000005/sas"
PROXY = "10.1.2.3"
STRANGER = "203.0.113.9"


@pytest.fixture
def proxied_app(make_app):
    app = make_app(PROXY_HOPS=1, TRUSTED_PROXIES="10.0.0.0/8", RATELIMIT_LOGIN="2 per minute")
    yield app
    with app.app_context():
        empty_tables()  # the X-Road provider logs its calls


def _status_check(client, peer: str, forwarded_for: str):
    return client.get(
        "/xroad/pes/v1/jobseekers/38001085718",
        headers={"X-Road-Client": SAS, "X-Forwarded-For": forwarded_for},
        environ_base={"REMOTE_ADDR": peer},
    )


def test_a_direct_caller_cannot_claim_the_security_servers_address(proxied_app):
    client = proxied_app.test_client()
    faked = _status_check(client, STRANGER, "127.0.0.1")
    assert faked.status_code == 403 and faked.json["type"] == "Forbidden"
    # The same header from the trusted proxy is believed: the security server is behind it.
    assert _status_check(client, PROXY, "127.0.0.1").status_code == 200
    # And the proxy's own word about a stranger is believed too.
    assert _status_check(client, PROXY, STRANGER).status_code == 403


def test_a_direct_caller_cannot_escape_the_login_rate_limit(proxied_app):
    client = proxied_app.test_client()
    answers = [
        client.get(
            "/login", headers={"X-Forwarded-For": f"198.51.100.{n}"}, environ_base={"REMOTE_ADDR": STRANGER}
        )
        for n in range(3)
    ]
    assert [answer.status_code for answer in answers][-1] == 429


def test_users_behind_the_trusted_proxy_are_counted_apart(proxied_app):
    client = proxied_app.test_client()
    answers = [
        client.get(
            "/login", headers={"X-Forwarded-For": f"198.51.100.{n}"}, environ_base={"REMOTE_ADDR": PROXY}
        )
        for n in range(3)
    ]
    assert 429 not in [answer.status_code for answer in answers]


def test_proxy_hops_without_trusted_proxies_refuse_to_start(make_app):
    # Imported here: tests/views/test_factory.py re-imports the portal package.
    from portal.config import ConfigurationError

    with pytest.raises(ConfigurationError, match="PORTAL_TRUSTED_PROXIES"):
        make_app(PROXY_HOPS=1)
    with pytest.raises(ConfigurationError, match="PORTAL_TRUSTED_PROXIES"):
        make_app(PROXY_HOPS=1, TRUSTED_PROXIES="not-a-network")
