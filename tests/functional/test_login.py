"""The whole eID login through the development provider, and every way it must fail safely."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import AuditEvent, AuditTag, EidAuthLog, EidLogKind, LoginSession, Person
from tests.eid import EID_SETTINGS, JAAN, authenticate, login, start_login


def events(app, tag: AuditTag) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.tag == tag)))


def test_full_login_lands_on_the_jobseeker_home_with_the_name(eid_app, eid_client):
    response = login(eid_client)
    assert response.status_code == 303
    assert response.headers["Location"] == "/jobseeker/"
    home = eid_client.get("/jobseeker/", headers={"Accept-Language": "en"})
    body = home.get_data(as_text=True)
    assert home.status_code == 200
    assert "Jaak-Kristjan Jõeorg" in body
    assert home.headers["Cache-Control"] == "no-store"
    with eid_app.app_context():
        person = db.session.scalar(select(Person).where(Person.national_code == JAAN))
        assert person.full_name == "Jaak-Kristjan Jõeorg" and person.date_of_birth == dt.date(1980, 1, 8)
        kinds = {row.kind for row in db.session.scalars(select(EidAuthLog))}
        assert kinds == {EidLogKind.AUTHENTICATION_REQUEST, EidLogKind.CALLBACK, EidLogKind.ID_TOKEN}
    [event] = events(eid_app, AuditTag.AUTH_LOGIN)
    assert event.details["acr"] == "high" and event.details["amr"] == ["mID"]


def test_authentication_request_carries_state_nonce_pkce_and_acr(eid_client):
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(urlsplit(start_login(eid_client)).query)
    assert len(query["state"][0]) >= 16 and len(query["nonce"][0]) >= 16
    assert query["code_challenge_method"] == ["S256"]
    assert query["acr_values"] == ["substantial"]
    assert query["scope"] == ["openid"]


def test_the_session_cookie_changes_at_login(eid_client):
    eid_client.get("/language/en?next=/")
    before = eid_client.get_cookie("portal").value
    login(eid_client)
    after = eid_client.get_cookie("portal").value
    assert before != after
    assert '<html lang="en"' in eid_client.get("/jobseeker/").get_data(as_text=True)  # choice kept


def assert_refused(app, response, text: str, reason: str, status: int = 400):
    body = response.get_data(as_text=True)
    assert response.status_code == status, body[:400]
    assert text in body
    assert 'href="/login' in body  # a way to try again
    failures = events(app, AuditTag.AUTH_LOGIN_FAILED)
    assert failures and failures[-1].details["reason"] == reason
    assert events(app, AuditTag.AUTH_LOGIN) == []


def test_tampered_state_is_refused(eid_app, eid_client):
    callback = authenticate(eid_client, start_login(eid_client))
    tampered = callback.replace("state=", "state=x")
    assert_refused(
        eid_app,
        eid_client.get(tampered, headers={"Accept-Language": "en"}),
        "Signing in did not work",
        "invalid_callback",
    )


def test_replayed_code_is_refused(eid_app, eid_client):
    callback = authenticate(eid_client, start_login(eid_client))
    assert eid_client.get(callback).status_code == 303
    # An attacker replays the used code inside a fresh login of their own.
    eid_client.post("/logout", data={})
    fresh = start_login(eid_client)
    from urllib.parse import parse_qs, urlsplit

    state = parse_qs(urlsplit(fresh).query)["state"][0]
    code = parse_qs(urlsplit(callback).query)["code"][0]
    response = eid_client.get(f"/auth/callback?code={code}&state={state}", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert events(eid_app, AuditTag.AUTH_LOGIN_FAILED)[-1].details["reason"] == "invalid_callback"


@pytest.mark.parametrize(
    ("fault", "detail"),
    [
        ("wrong_nonce", "wrong nonce"),
        ("unknown_key", "signature"),
        ("wrong_aud", "wrong audience"),
        ("wrong_iss", "wrong issuer"),
        ("expired", "expired"),
        ("bad_at_hash", "at_hash"),
    ],
)
def test_bad_id_tokens_are_refused(make_app, fault, detail):
    app = make_app(**EID_SETTINGS, DEV_EID_FAULTS=fault)
    client = app.test_client()
    response = client.get(authenticate(client, start_login(client)), headers={"Accept-Language": "en"})
    assert_refused(app, response, "Signing in did not work", "invalid_token")
    assert detail in events(app, AuditTag.AUTH_LOGIN_FAILED)[-1].details["detail"]


def test_missing_acr_counts_as_too_low(make_app):
    app = make_app(**EID_SETTINGS, DEV_EID_FAULTS="no_acr")
    client = app.test_client()
    response = client.get(authenticate(client, start_login(client)), headers={"Accept-Language": "en"})
    assert_refused(app, response, "A stronger sign-in is needed", "insufficient_assurance")


def test_acr_below_the_configured_level_is_refused(eid_app, eid_client):
    callback = authenticate(eid_client, start_login(eid_client), acr="low")
    assert_refused(
        eid_app,
        eid_client.get(callback, headers={"Accept-Language": "et"}),
        "Vaja on tugevamat sisselogimist",
        "insufficient_assurance",
    )


def test_user_cancel_lands_on_a_friendly_page(eid_app, eid_client):
    callback = authenticate(eid_client, start_login(eid_client), cancel=True)
    assert "error=user_cancel" in callback
    assert_refused(
        eid_app,
        eid_client.get(callback, headers={"Accept-Language": "en"}),
        "You cancelled signing in",
        "user_cancel",
    )


def test_unreachable_provider_gives_a_friendly_503(make_app):
    app = make_app(
        EID_DISCOVERY_URL="http://127.0.0.1:9/.well-known/openid-configuration",
        EID_CLIENT_ID="pes",
        EID_CLIENT_SECRET="secret",
    )
    response = app.test_client().get("/login", headers={"Accept-Language": "sq"})
    assert_refused(app, response, "Shërbimi eID nuk është i disponueshëm", "provider_unavailable", 503)


def test_open_redirect_through_next_is_refused(eid_client):
    response = login(eid_client, next_page="//evil.example/steal")
    assert response.headers["Location"] == "/jobseeker/"
    response = login(eid_client, next_page="/jobseeker/?tab=1")
    assert response.headers["Location"] == "/jobseeker/?tab=1"


def test_callback_without_a_login_in_progress_is_refused(eid_app, eid_client):
    response = eid_client.get("/auth/callback?code=abc&state=abcdefgh", headers={"Accept-Language": "en"})
    assert_refused(eid_app, response, "Signing in did not work", "invalid_callback")


def test_idle_session_ends_with_a_friendly_page_and_an_audit_event(eid_app, eid_client):
    login(eid_client)
    assert eid_client.get("/jobseeker/").status_code == 200
    with eid_app.app_context():
        db.session.execute(
            update(LoginSession).values(last_seen_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31))
        )
        db.session.commit()
    response = eid_client.get("/jobseeker/", headers={"Accept-Language": "en"})
    assert response.status_code == 401
    assert "We signed you out because you were inactive" in response.get_data(as_text=True)
    assert len(events(eid_app, AuditTag.AUTH_TIMEOUT)) == 1
    # The session is over for real: the same cookie no longer opens anything.
    assert eid_client.get("/jobseeker/").status_code == 303


def test_absolute_lifetime_ends_the_session(eid_app, eid_client):
    login(eid_client)
    with eid_app.app_context():
        db.session.execute(
            update(LoginSession).values(started_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=8, minutes=1))
        )
        db.session.commit()
    response = eid_client.get("/jobseeker/", headers={"Accept-Language": "en"})
    assert response.status_code == 401
    assert "longest time we allow" in response.get_data(as_text=True)


def test_logout_ends_the_session_everywhere(eid_app, eid_client):
    login(eid_client)
    cookie = eid_client.get_cookie("portal").value
    page = eid_client.get("/jobseeker/").get_data(as_text=True)
    import re

    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = eid_client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/signed-out"
    assert len(events(eid_app, AuditTag.AUTH_LOGOUT)) == 1
    # Replaying the old cookie does not bring the session back.
    other = eid_app.test_client()
    other.set_cookie("portal", cookie)
    assert other.get("/jobseeker/").status_code == 303


def test_logout_needs_the_csrf_token(eid_client):
    login(eid_client)
    assert eid_client.post("/logout").status_code == 400


def test_key_rotation_is_followed(eid_app, eid_client):
    assert login(eid_client).status_code == 303  # the client has cached the provider's keys
    eid_app.extensions["dev_eid"].extensions["dev_eid"].rotate_keys()
    eid_app.extensions["dev_eid"].extensions["dev_eid"].rotate_keys()  # the cached kids are all gone
    assert login(eid_client).status_code == 303


def test_login_attempts_are_rate_limited(make_app):
    app = make_app(**EID_SETTINGS, RATELIMIT_LOGIN="3 per minute")
    client = app.test_client()
    statuses = [client.get("/login").status_code for _ in range(4)]
    assert statuses == [303, 303, 303, 429]
    assert "Too many requests" in client.get("/login", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )


def test_kosovo_profile_logs_in_with_a_ten_digit_number(make_app):
    app = make_app(**EID_SETTINGS, PROFILE="XK")
    client = app.test_client()
    assert login(client, code="1234567890").status_code == 303
    body = client.get("/jobseeker/").get_data(as_text=True)
    assert "Arbër Krasniqi" in body and '<html lang="sq"' in body


def test_identity_from_another_country_is_refused(eid_app):
    from portal.integrations.eid import Identity
    from portal.services.auth import LoginRefused, complete_login

    identity = Identity("XK", "1234567890", "A", "B", None, "high", ("mID",))
    with eid_app.app_context(), pytest.raises(LoginRefused):
        complete_login(identity, eid_app.extensions["profile"], None)
    bad_code = Identity("EE", "38001085719", "A", "B", None, "high", ("mID",))
    with eid_app.app_context(), pytest.raises(LoginRefused):
        complete_login(bad_code, eid_app.extensions["profile"], None)
