"""The portal's public address: where the eID provider sends people back, in every environment."""

from __future__ import annotations

import os
import re
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.serving import make_server

from portal import config
from portal.simulators.dev_eid import create_dev_eid_app
from portal.simulators.dev_eid.app import RegisteredClient
from tests.eid import JAAN, authenticate, start_login

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = "https://tootukassa.example"


@pytest.fixture
def provider() -> Iterator[str]:
    """An eID provider of its own on a loopback port, as production has one elsewhere."""
    app = create_dev_eid_app(
        clients=[RegisteredClient("pes", "secret", frozenset({f"{PUBLIC}/auth/callback"}))]
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.mark.skipif(
    not os.environ.get("PORTAL_DATABASE_URL", "").startswith("postgresql"),
    reason="production refuses SQLite; runs in the PostgreSQL pass of the suite",
)
def test_production_gives_the_provider_the_public_url_whatever_the_host_header(
    make_app, app, provider, database_url
):
    portal = make_app(
        ENV="production",
        SECRET_KEY="k" * 40,
        DATABASE_URL=database_url,
        EID_DISCOVERY_URL=f"{provider}/.well-known/openid-configuration",
        EID_CLIENT_ID="pes",
        EID_CLIENT_SECRET="secret",
        XROAD_URL="https://ss.example",
        SEAL_KEY_PATH="/run/secrets/seal-key.pem",
        SEAL_CERT_PATH="/etc/pes/seal-chain.pem",
        PUBLIC_URL=PUBLIC,
        SMTP_URL="smtp://mail.example:587",
        XROAD_PROVIDER_NETWORKS="10.20.0.5/32",
    )
    response = portal.test_client().get("/login", base_url="https://attacker.example")
    assert response.status_code == 303
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query["redirect_uri"] == [f"{PUBLIC}/auth/callback"]


def test_the_development_provider_follows_the_port_served(tmp_path):
    settings = config.load(
        environ={
            "PORTAL_ENV": "development",
            "PORTAL_DEV_EID": "1",
            "PORTAL_PUBLIC_URL": "http://127.0.0.1:5500",
        },
        instance_path=tmp_path,
    )
    assert settings["EID_DISCOVERY_URL"] == "http://127.0.0.1:5500/dev-eid/.well-known/openid-configuration"
    assert set(settings["DEV_EID_REDIRECT_URIS"].split()) == {
        "http://127.0.0.1:5500/auth/callback",
        "http://localhost:5500/auth/callback",
    }


def test_signing_in_works_on_another_port(make_app, app):
    portal = make_app(DEV_EID=True, PUBLIC_URL="http://127.0.0.1:5500")
    client = portal.test_client()
    base = "http://127.0.0.1:5500"
    response = client.get("/login", base_url=base)
    authorize = urlsplit(response.headers["Location"])
    assert authorize.netloc == "127.0.0.1:5500"
    assert parse_qs(authorize.query)["redirect_uri"] == [f"{base}/auth/callback"]
    page = client.get(f"{authorize.path}?{authorize.query}", base_url=base)
    assert page.status_code == 200
    transaction = re.search(r'name="transaction" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    answer = client.post(
        "/dev-eid/authorize",
        base_url=base,
        data={
            "transaction": transaction,
            "person": "other",
            "personal_code": JAAN,
            "acr": "high",
            "method": "mID",
        },
    )
    callback = urlsplit(answer.headers["Location"])
    assert callback.netloc == "127.0.0.1:5500"
    assert client.get(f"{callback.path}?{callback.query}", base_url=base).status_code == 303


def test_make_run_serves_its_public_url_on_the_port_asked_for():
    printed = subprocess.run(
        ["make", "-n", "run", "PORT=5500"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "PORTAL_PUBLIC_URL=${PORTAL_PUBLIC_URL:-http://127.0.0.1:5500}" in printed
    assert "--port 5500" in printed


def test_outside_production_the_request_host_is_used(make_app, app):
    # Tests and development reach the portal as http://localhost: the callback follows the request.
    from tests.eid import EID_SETTINGS

    portal = make_app(**EID_SETTINGS)
    client = portal.test_client()
    assert "redirect_uri=http%3A%2F%2Flocalhost%2Fauth%2Fcallback" in start_login(client)
    assert client.get(authenticate(client, start_login(client))).status_code == 303
