"""Drives the real eID flow through the development provider with a Flask test client."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask.testing import FlaskClient

DISCOVERY = "http://localhost/dev-eid/.well-known/openid-configuration"
EID_SETTINGS = {
    "DEV_EID": True,
    "EID_DISCOVERY_URL": DISCOVERY,
    "DEV_EID_REDIRECT_URIS": "http://localhost/auth/callback",
}
JAAN = "38001085718"  # a typical unemployed person (valid isikukood)
MARI = "49403136526"


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def start_login(client: FlaskClient, next_page: str | None = None) -> str:
    """GET /login; return the provider's authorization URL (path + query)."""
    response = client.get("/login" + (f"?next={next_page}" if next_page else ""))
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    location = response.headers["Location"]
    assert location.startswith("http://localhost/dev-eid/authorize?")
    return _path(location)


def authenticate(
    client: FlaskClient,
    authorize_path: str,
    code: str = JAAN,
    acr: str = "high",
    method: str | None = None,
    cancel: bool = False,
) -> str:
    """Answer the provider's page; return the callback URL it redirects to (path + query).
    `method` defaults to the first the page offers (each country's eID has its own)."""
    page = client.get(authorize_path)
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    transaction = re.search(r'name="transaction" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    if method is None:
        method = re.search(r'name="method" type="radio" value="([^"]+)"', page.get_data(as_text=True)).group(
            1
        )
    form = {
        "transaction": transaction,
        "person": "other",
        "personal_code": code,
        "acr": acr,
        "method": method,
    }
    if cancel:
        form["cancel"] = "1"
    response = client.post("/dev-eid/authorize", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return _path(response.headers["Location"])


def login(client: FlaskClient, code: str = JAAN, acr: str = "high", next_page: str | None = None):
    """A whole login; returns the callback's response."""
    callback = authenticate(client, start_login(client, next_page), code=code, acr=acr)
    return client.get(callback)


def persona(key: str, profile: str = "EE"):
    """A named test persona of the register simulators (docs/personas.md)."""
    from portal.simulators.registers import personas

    return next(p for p in personas(profile) if p.key == key)


def signed_in(make_app, code: str, **settings):
    """A portal with the development eID provider, and a client signed in as `code`."""
    app = make_app(**EID_SETTINGS, **settings)
    client = app.test_client()
    assert login(client, code=code).status_code == 303
    return app, client
