"""Where a session meets the browser: htmx requests after it ended, logout, and the access log."""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from urllib.parse import parse_qs, urlsplit

import httpx
from sqlalchemy import event, update
from werkzeug.serving import make_server

from portal.extensions import db
from portal.models import LoginSession
from tests.eid import EID_SETTINGS, JAAN, login

SEARCH = "/jobseeker/registration/occupations/search?q=cook"
PAGE = "http://localhost/jobseeker/registration/occupations"


def htmx(client, url: str = SEARCH):
    return client.get(url, headers={"HX-Request": "true", "HX-Current-URL": PAGE})


def test_an_htmx_request_after_the_session_ended_sends_the_page_to_sign_in(eid_app, eid_client):
    login(eid_client)
    with eid_app.app_context():
        db.session.execute(
            update(LoginSession).values(last_seen_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31))
        )
        db.session.commit()
    response = htmx(eid_client)
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login?next=/jobseeker/registration/occupations"
    assert response.get_data() == b""  # nothing for htmx to swap into the fragment


def test_an_htmx_request_without_a_session_sends_the_page_to_sign_in(eid_client):
    response = htmx(eid_client)
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login?next=/jobseeker/registration/occupations")
    # A page on another site is never where sign-in returns to.
    other = eid_client.get(SEARCH, headers={"HX-Request": "true", "HX-Current-URL": "https://evil.example/x"})
    assert other.headers["HX-Redirect"] == "/login"


def csrf(client) -> str:
    page = client.get("/jobseeker/").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_logout_clears_the_site_data_and_keeps_the_chosen_language(eid_client):
    eid_client.get("/language/et?next=/")
    login(eid_client)
    response = eid_client.post("/logout", data={"csrf_token": csrf(eid_client)})
    assert response.status_code == 303
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    # The browser drops every cookie: the language is chosen again on the way to the signed-out page.
    eid_client.delete_cookie("portal")
    followed = eid_client.get(response.headers["Location"])
    assert followed.status_code == 303 and followed.headers["Location"] == "/signed-out"
    assert '<html lang="et"' in eid_client.get("/signed-out").get_data(as_text=True)


def test_the_eid_code_and_state_never_reach_the_access_log(make_app, app, caplog):
    holder = {}
    server = make_server("127.0.0.1", 0, lambda environ, start: holder["app"](environ, start), threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    holder["app"] = make_app(
        **{
            **EID_SETTINGS,
            "EID_DISCOVERY_URL": f"{base}/dev-eid/.well-known/openid-configuration",
            "DEV_EID_REDIRECT_URIS": f"{base}/auth/callback",
        }
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"), httpx.Client(base_url=base) as browser:
            authorize = browser.get("/login").headers["Location"]
            page = browser.get(authorize).text
            transaction = re.search(r'name="transaction" value="([^"]+)"', page).group(1)
            answer = browser.post(
                "/dev-eid/authorize",
                data={
                    "transaction": transaction,
                    "person": "other",
                    "personal_code": JAAN,
                    "acr": "high",
                    "method": "mID",
                },
            )
            callback = answer.headers["Location"]
            assert browser.get(callback).status_code == 303
    finally:
        server.shutdown()
        thread.join()
    query = parse_qs(urlsplit(callback).query)
    logged = "\n".join(record.getMessage() for record in caplog.records if record.name == "werkzeug")
    assert "/auth/callback?code=[redacted]&state=[redacted]" in logged
    assert query["code"][0] not in logged and query["state"][0] not in logged


def test_the_last_seen_stamp_falling_due_is_written_once_not_by_every_request_in_flight(eid_app, eid_client):
    """Requests that read the same stale stamp (in flight when it fell due) write it once between
    them: the others would each take the writer lock to write nearly the same time."""
    login(eid_client)
    stale = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2)
    writes: list[str] = []

    def count(conn, cursor, statement, *_):
        if statement.lstrip().upper().startswith("UPDATE LOGIN_SESSION"):
            writes.append(statement)

    def make_stale() -> None:
        with eid_app.app_context():
            db.session.execute(update(LoginSession).values(last_seen_at=stale))
            db.session.commit()

    with eid_app.app_context():
        engine = db.engine
    make_stale()
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert eid_client.get("/jobseeker/").status_code == 200
        assert len(writes) == 1
        # A second request that read the old stamp before the first one's commit was visible.
        event.remove(engine, "before_cursor_execute", count)
        make_stale()
        event.listen(engine, "before_cursor_execute", count)
        assert eid_client.get("/jobseeker/").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(writes) == 1, writes


def test_a_signed_in_page_reads_its_session_and_its_data_on_one_pooled_connection(eid_app, eid_client):
    """The session lookup runs on the request's own connection (the ORM session's), so a signed-in
    page that reads the database checks out one connection, not one for the lookup and another."""
    login(eid_client)
    assert eid_client.get("/jobseeker/inbox").status_code == 200  # the "last seen" write, if due
    with eid_app.app_context():
        engine = db.engine
    checkouts, statements = [], []

    def checkout(*_args) -> None:
        checkouts.append(1)

    def statement(*_args) -> None:
        statements.append(1)

    event.listen(engine, "checkout", checkout)
    event.listen(engine, "before_cursor_execute", statement)
    try:
        response = eid_client.get("/jobseeker/inbox")
    finally:
        event.remove(engine, "checkout", checkout)
        event.remove(engine, "before_cursor_execute", statement)
    assert response.status_code == 200
    assert statements  # the page read its messages through the ORM session
    assert len(checkouts) == 1
