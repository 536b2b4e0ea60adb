"""Logins in progress are kept server-side: single use, bound to the browser that started them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from portal.extensions import db
from portal.models import AuditEvent, AuditTag, EidPendingLogin, LoginSession
from tests.eid import EID_SETTINGS, authenticate, start_login


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def last_failure_reason(app) -> str:
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.tag == AuditTag.AUTH_LOGIN_FAILED).order_by(AuditEvent.id)
        ).all()
        return events[-1].details["reason"]


def provider(app):
    return app.extensions["dev_eid"].extensions["dev_eid"]


def test_a_callback_replayed_with_the_pre_login_cookie_never_reaches_the_provider(make_app, app):
    # A provider that lets codes be exchanged twice: only the portal can stop the replay.
    portal = make_app(**EID_SETTINGS, DEV_EID_FAULTS="reusable_codes")
    victim = portal.test_client()
    callback = authenticate(victim, start_login(victim))
    captured = victim.get_cookie("portal").value  # the cookie as it was before the login finished
    assert victim.get(callback).status_code == 303
    sessions, asked = count(portal, LoginSession), provider(portal).token_requests

    attacker = portal.test_client()
    attacker.set_cookie("portal", captured)
    response = attacker.get(callback, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "Signing in did not work" in response.get_data(as_text=True)
    assert last_failure_reason(portal) == "invalid_callback"
    assert provider(portal).token_requests == asked  # the token endpoint was not asked again
    assert count(portal, LoginSession) == sessions  # no second session
    assert attacker.get("/jobseeker/").status_code == 303


def test_a_callback_from_a_login_another_browser_started_is_refused(make_app, app):
    portal = make_app(**EID_SETTINGS)
    attacker, victim = portal.test_client(), portal.test_client()
    start_login(victim)  # the victim has a login of their own in progress
    attackers_callback = authenticate(attacker, start_login(attacker))
    asked = provider(portal).token_requests
    response = victim.get(attackers_callback, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert provider(portal).token_requests == asked
    assert victim.get("/jobseeker/").status_code == 303  # not signed in as the attacker
    assert attacker.get(attackers_callback).status_code == 303  # still the attacker's to finish


def test_a_login_started_in_an_earlier_tab_can_still_finish(eid_app, eid_client):
    first = authenticate(eid_client, start_login(eid_client))
    start_login(eid_client)  # another tab
    assert eid_client.get(first).status_code == 303
    # The other tab's login is abandoned (the cookie changed at login); it expires with the others.
    assert count(eid_app, EidPendingLogin) == 1


def test_a_login_in_progress_expires(eid_app, eid_client):
    callback = authenticate(eid_client, start_login(eid_client))
    with eid_app.app_context():
        db.session.execute(
            update(EidPendingLogin).values(created_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
        )
        db.session.commit()
    response = eid_client.get(callback, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert last_failure_reason(eid_app) == "invalid_callback"
    assert count(eid_app, EidPendingLogin) == 0


def test_the_cookie_carries_no_state_or_nonce(eid_client):
    from urllib.parse import parse_qs, urlsplit

    from flask.sessions import SecureCookieSessionInterface

    query = parse_qs(urlsplit(start_login(eid_client)).query)
    app = eid_client.application
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    stored = serializer.loads(eid_client.get_cookie("portal").value)
    flattened = repr(stored)
    assert query["state"][0] not in flattened and query["nonce"][0] not in flattened


def test_concurrent_callbacks_finish_a_login_once(eid_app):
    from concurrent.futures import ThreadPoolExecutor

    from portal.integrations.eid import InvalidCallback, PendingLogin
    from portal.services import pending_logins

    state = "s" * 32
    with eid_app.app_context():
        pending_logins.remember("browser", PendingLogin(state, "n" * 32, None, "http://x/cb"), "", "flow")

    def finish(_: int) -> bool:
        with eid_app.app_context():
            try:
                pending_logins.take("browser", state)
            except InvalidCallback:
                return False
            finally:
                db.session.remove()
            return True

    with ThreadPoolExecutor(4) as pool:
        assert sorted(pool.map(finish, range(4))) == [False, False, False, True]


def test_a_next_page_too_long_to_keep_is_dropped_not_a_500(eid_client):
    long_next = "/jobseeker/?q=" + "a" * 600
    response = eid_client.get(f"/login?next={long_next}")
    assert response.status_code == 303
    callback = authenticate(eid_client, response.headers["Location"].removeprefix("http://localhost"))
    assert eid_client.get(callback).headers["Location"] == "/jobseeker/"
