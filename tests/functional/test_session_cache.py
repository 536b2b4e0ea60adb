"""The login sessions a worker process keeps on PostgreSQL (services/session_cache.py, migration 0050).

A change made elsewhere (another instance: here another engine, outside this process's ORM
sessions) reaches this process by a notification; the tests wait for it to arrive, as a request on
another worker would, and then check the next request. SQLite keeps reading the session from the
database on every request.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, delete, event, text, update

from portal.database import build_engine
from portal.extensions import db
from portal.models import LoginSession, Person, StaffMember
from portal.services import auth, session_cache
from tests.eid import JAAN, login

SEARCH = "/jobseeker/registration/occupations/search?q=cook"
PAGE = "http://localhost/jobseeker/registration/occupations"
EN = {"Accept-Language": "en"}


def htmx(client):
    return client.get(SEARCH, headers={"HX-Request": "true", "HX-Current-URL": PAGE})


def engine_of(app) -> Engine:
    with app.app_context():
        return db.engine


def cache_of(app) -> session_cache.SessionCache:
    """This process's cache, listening (an earlier test may have left it waiting to listen again)."""
    cache = session_cache.for_engine(engine_of(app))
    if cache is None:
        pytest.skip("sessions are kept only where the database notifies changes (PostgreSQL)")
    if not cache.listening:
        cache._retry_at = 0.0
        cache.poll()
    assert cache.listening
    return cache


@pytest.fixture
def elsewhere(database_url: str) -> Iterator[Engine]:
    """Another instance's connection to the same database."""
    engine = build_engine(database_url, null_pool=True)
    yield engine
    engine.dispose()


def heard(cache: session_cache.SessionCache, before: int | None) -> None:
    """Wait until the cache has taken in a notification sent after `before` was read."""
    deadline = time.monotonic() + 5
    while cache.poll() == before:
        assert time.monotonic() < deadline, "no notification arrived"
        time.sleep(0.002)


@contextmanager
def counted(app, monkeypatch) -> Iterator[dict[str, int]]:
    """Statements through the engine, pool checkouts and raw session lookups."""
    counts = {"statements": 0, "checkouts": 0, "lookups": 0}
    engine = engine_of(app)
    real = auth._lookup

    def lookup(token_hash: str):
        counts["lookups"] += 1
        return real(token_hash)

    def statement(*_args) -> None:
        counts["statements"] += 1

    def checkout(*_args) -> None:
        counts["checkouts"] += 1

    monkeypatch.setattr(auth, "_lookup", lookup)
    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "checkout", checkout)
    try:
        yield counts
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "checkout", checkout)
        monkeypatch.setattr(auth, "_lookup", real)


def test_a_second_request_on_a_kept_session_runs_no_statement(eid_app, eid_client, monkeypatch):
    login(eid_client)
    assert htmx(eid_client).status_code == 200
    with counted(eid_app, monkeypatch) as counts:
        response = htmx(eid_client)
    assert response.status_code == 200
    if session_cache.supported(engine_of(eid_app)):
        assert counts == {"statements": 0, "checkouts": 0, "lookups": 0}
    else:  # SQLite: a local read on every request
        assert counts["lookups"] == 1


def test_a_logout_on_another_instance_refuses_the_next_request_here(eid_app, eid_client, elsewhere):
    cache = cache_of(eid_app)
    login(eid_client)
    assert htmx(eid_client).status_code == 200
    before = cache.poll()
    with elsewhere.begin() as connection:
        connection.execute(update(LoginSession).values(ended_at=dt.datetime.now(dt.UTC), end_reason="logout"))
    heard(cache, before)
    assert htmx(eid_client).status_code == 401


def test_a_role_switch_and_a_staff_removal_elsewhere_reach_this_worker(eid_app, client_as, elsewhere):
    cache = cache_of(eid_app)
    client = client_as("counsellor")
    assert client.get("/back-office/", headers=EN).status_code == 200
    before = cache.poll()
    with elsewhere.begin() as connection:
        connection.execute(update(LoginSession).values(active_role="jobseeker"))
    heard(cache, before)
    assert client.get("/back-office/", headers=EN).status_code == 403

    before = cache.poll()
    with elsewhere.begin() as connection:
        connection.execute(update(LoginSession).values(active_role="counsellor"))
    heard(cache, before)  # the change reaches this worker when its notification does
    assert client.get("/back-office/", headers=EN).status_code == 200  # read again, and kept
    before = cache.poll()
    with elsewhere.begin() as connection:
        connection.execute(delete(StaffMember))
    heard(cache, before)
    assert client.get("/back-office/", headers=EN).status_code == 403
    assert client.get("/jobseeker/", headers=EN).status_code == 200  # still signed in, as a citizen


def test_a_new_name_elsewhere_reaches_this_worker(eid_app, eid_client, elsewhere):
    cache = cache_of(eid_app)
    login(eid_client)
    assert "Jõeorg" in eid_client.get("/jobseeker/", headers=EN).get_data(as_text=True)
    before = cache.poll()
    with elsewhere.begin() as connection:
        connection.execute(update(Person).where(Person.national_code == JAAN).values(family_name="Uustalu"))
    heard(cache, before)
    page = eid_client.get("/jobseeker/", headers=EN).get_data(as_text=True)
    assert "Uustalu" in page and "Jõeorg" not in page


def test_the_stamp_moving_forward_elsewhere_notifies_nobody(eid_app, eid_client, elsewhere, monkeypatch):
    cache = cache_of(eid_app)
    login(eid_client)
    assert htmx(eid_client).status_code == 200
    before = cache.poll()
    with elsewhere.begin() as connection:  # the once-a-minute touch of another worker
        connection.execute(update(LoginSession).values(last_seen_at=dt.datetime.now(dt.UTC)))
        connection.execute(text("SELECT pg_notify(:channel, 'marker')"), {"channel": session_cache.CHANNEL})
    heard(cache, before)
    assert cache.poll() == before + 1  # the marker only
    with counted(eid_app, monkeypatch) as counts:
        assert htmx(eid_client).status_code == 200
    assert counts["lookups"] == 0


def test_a_broken_listener_means_reading_the_database(eid_app, eid_client, elsewhere, monkeypatch):
    cache = cache_of(eid_app)
    login(eid_client)
    assert htmx(eid_client).status_code == 200
    failing = []

    def cannot_connect():
        failing.append(1)
        raise OSError("no route to the database (test)")

    monkeypatch.setattr(cache, "_connect", cannot_connect)
    with elsewhere.begin() as connection:
        pid = cache._listener.pgconn.backend_pid  # type: ignore[union-attr]
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    deadline = time.monotonic() + 5
    while cache.listening:  # the next look notices the closed connection
        cache.poll()
        assert time.monotonic() < deadline
        time.sleep(0.002)
    assert failing  # tried to listen again at once, and failed
    for _ in range(2):  # without a listener every request reads the database
        with counted(eid_app, monkeypatch) as counts:
            assert htmx(eid_client).status_code == 200
        assert counts["lookups"] == 1
    # A logout elsewhere is seen at once: nothing was kept meanwhile.
    with elsewhere.begin() as connection:
        connection.execute(update(LoginSession).values(ended_at=dt.datetime.now(dt.UTC), end_reason="logout"))
    assert htmx(eid_client).status_code == 401
    assert len(failing) == 1  # throttled: not once a request
    monkeypatch.undo()
    cache._retry_at = 0.0
    assert cache.poll() is not None and cache.listening


def test_the_listener_comes_back(eid_app, eid_client, elsewhere, monkeypatch):
    cache = cache_of(eid_app)
    login(eid_client)
    with elsewhere.begin() as connection:
        pid = cache._listener.pgconn.backend_pid  # type: ignore[union-attr]
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    deadline = time.monotonic() + 5
    while cache._listener is None or cache._listener.pgconn.backend_pid == pid:
        cache.poll()  # notices the loss and listens again on a new connection
        assert time.monotonic() < deadline
        time.sleep(0.002)
    assert htmx(eid_client).status_code == 200  # read, and kept under the new listener
    with counted(eid_app, monkeypatch) as counts:
        assert htmx(eid_client).status_code == 200
    assert counts["lookups"] == 0


def test_a_row_read_before_a_change_is_not_kept_after_it(eid_app, eid_client, elsewhere, monkeypatch):
    """The generation: a request that read the session just before another instance ended it, and
    took in the notification before storing, must not keep the row it read."""
    cache = cache_of(eid_app)
    login(eid_client)
    cache.forget({session_cache.FLUSH_ALL})
    real = auth._lookup

    def read_then_ended_elsewhere(token_hash: str):
        row = real(token_hash)
        before = cache.poll()
        with elsewhere.begin() as connection:
            connection.execute(
                update(LoginSession).values(ended_at=dt.datetime.now(dt.UTC), end_reason="logout")
            )
        heard(cache, before)
        return row

    monkeypatch.setattr(auth, "_lookup", read_then_ended_elsewhere)
    assert htmx(eid_client).status_code == 200  # answered from the row it read
    monkeypatch.setattr(auth, "_lookup", real)
    assert htmx(eid_client).status_code == 401  # not from a kept copy of that row


def test_a_change_this_process_commits_is_seen_by_its_next_request_at_once(eid_app, eid_client):
    """Without waiting for the notification: the ORM session's commit drops what it changed."""
    cache_of(eid_app)
    login(eid_client)
    assert htmx(eid_client).status_code == 200
    with eid_app.app_context():
        db.session.execute(update(LoginSession).values(ended_at=dt.datetime.now(dt.UTC), end_reason="test"))
        db.session.commit()
    assert htmx(eid_client).status_code == 401
