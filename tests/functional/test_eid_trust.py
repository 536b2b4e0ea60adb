"""What the relying party trusts: the pinned issuer, the authorized party, the methods asked for.

Each case runs the whole login against the development provider told to misbehave one way.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, AuditTag
from tests.eid import EID_SETTINGS, authenticate, start_login


def last_failure(app) -> AuditEvent:
    with app.app_context():
        return db.session.scalars(
            select(AuditEvent).where(AuditEvent.tag == AuditTag.AUTH_LOGIN_FAILED).order_by(AuditEvent.id)
        ).all()[-1]


def logins(app) -> int:  # the `app` fixture empties the tables after each test
    with app.app_context():
        return len(db.session.scalars(select(AuditEvent).where(AuditEvent.tag == AuditTag.AUTH_LOGIN)).all())


def test_a_single_audience_with_another_authorized_party_is_refused(make_app, app):
    app = make_app(**EID_SETTINGS, DEV_EID_FAULTS="wrong_azp")
    before = logins(app)
    client = app.test_client()
    response = client.get(authenticate(client, start_login(client)), headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "Signing in did not work" in response.get_data(as_text=True)
    assert "wrong authorized party" in last_failure(app).details["detail"]
    assert logins(app) == before


def test_a_provider_naming_another_issuer_is_not_trusted(make_app, app):
    # Discovery and tokens agree with each other, but not with the issuer this portal expects.
    app = make_app(**EID_SETTINGS, DEV_EID_FAULTS="foreign_issuer")
    response = app.test_client().get("/login", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    failure = last_failure(app)
    assert failure.details["reason"] == "provider_unavailable"
    assert "pinned" in failure.details["detail"]


def test_the_issuer_can_be_pinned_explicitly(make_app, app):
    # TARA's issuer (https://tara.ria.ee) is not its discovery URL's prefix: it is configured.
    pinned = make_app(**EID_SETTINGS, EID_ISSUER="http://localhost/dev-eid")
    client = pinned.test_client()
    assert client.get(authenticate(client, start_login(client))).status_code == 303
    other = make_app(**EID_SETTINGS, EID_ISSUER="https://tara.ria.ee")
    assert other.test_client().get("/login").status_code == 503


def test_the_provider_offers_only_the_methods_asked_for(make_app, app):
    app = make_app(**EID_SETTINGS, EID_SCOPES="idcard smartid")
    client = app.test_client()
    authorize = start_login(client)
    assert "scope=openid+idcard+smartid" in authorize
    page = client.get(authorize).get_data(as_text=True)
    transaction = re.search(r'name="transaction" value="([^"]+)"', page).group(1)
    refused = client.post(
        "/dev-eid/authorize",
        data={
            "transaction": transaction,
            "person": "other",
            "personal_code": "38001085718",
            "acr": "high",
            "method": "mID",
        },
    )
    assert refused.status_code == 400
    assert client.get(authenticate(client, start_login(client), method="idcard")).status_code == 303


@pytest.mark.parametrize("method", ["mID", "eIDAS"])
def test_a_method_not_asked_for_by_scope_is_refused(make_app, app, method):
    app = make_app(**EID_SETTINGS, EID_SCOPES="idcard", DEV_EID_FAULTS="any_method")
    client, before = app.test_client(), logins(app)
    callback = authenticate(client, start_login(client), method=method)
    response = client.get(callback, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "not one asked for by scope" in last_failure(app).details["detail"]
    assert logins(app) == before


def test_without_method_scopes_every_method_is_accepted(make_app, app):
    app = make_app(**EID_SETTINGS, EID_SCOPES="email")
    client = app.test_client()
    assert client.get(authenticate(client, start_login(client), method="smartid")).status_code == 303
