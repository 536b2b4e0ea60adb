"""The database never holds a request until gunicorn kills the worker: a locked table, a busy pool
and a lost race answer in time, with the portal's own translated 503 page or a second try."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import Engine, select, text

from portal.database import build_engine
from portal.extensions import db
from portal.models import Person

CODE = "ABCD2345EFGH"  # a well-formed verification code: the page reads the decision table


def postgresql_only(url: str) -> None:
    if not url.startswith("postgresql"):
        pytest.skip("lock_timeout and deadlocks are PostgreSQL's; runs in the PostgreSQL pass of the suite")


def ask_in_thread(client, path: str, headers: dict[str, str]) -> tuple[object, float]:
    """The request in a thread, so that a test of a hang fails instead of hanging itself."""
    outcome: dict[str, object] = {}

    def ask() -> None:
        outcome["response"] = client.get(path, headers=headers)

    started = time.monotonic()
    thread = threading.Thread(target=ask, daemon=True)
    thread.start()
    thread.join(15)
    assert not thread.is_alive(), "the request is still waiting on the database"
    return outcome["response"], time.monotonic() - started


def test_a_locked_table_answers_the_translated_503_page_within_the_lock_timeout(make_app, database_url):
    postgresql_only(database_url)
    app = make_app(DATABASE_LOCK_TIMEOUT=0.5)
    locker: Engine = build_engine(database_url, null_pool=True)
    with locker.connect() as connection:
        connection.execute(text("LOCK TABLE decision IN ACCESS EXCLUSIVE MODE"))
        response, elapsed = ask_in_thread(
            app.test_client(), f"/verify?code={CODE}", {"Accept-Language": "et"}
        )
        connection.rollback()
    locker.dispose()
    assert response.status_code == 503 and elapsed < 5
    page = response.get_data(as_text=True)
    assert 'lang="et"' in page and "<h1" in page
    assert "Internal Server Error" not in page


def test_a_statement_that_runs_too_long_is_stopped(make_app, database_url):
    postgresql_only(database_url)
    app = make_app(DATABASE_STATEMENT_TIMEOUT=0.3)
    with app.app_context():
        started = time.monotonic()
        with pytest.raises(Exception) as raised:
            db.session.execute(text("SELECT pg_sleep(5)"))
        assert time.monotonic() - started < 3
        assert getattr(raised.value.orig, "sqlstate", None) == "57014"  # query_canceled
        db.session.rollback()


def test_no_free_connection_in_the_pool_answers_503_in_time(make_app):
    app = make_app(DATABASE_POOL_SIZE=1, DATABASE_POOL_OVERFLOW=0, DATABASE_POOL_TIMEOUT=0.3)
    engine = app.extensions["database_engine"]
    held = engine.connect()  # the only pooled connection, busy elsewhere
    held.execute(text("SELECT 1"))
    try:
        started = time.monotonic()
        response = app.test_client().get(f"/verify?code={CODE}", headers={"Accept-Language": "en"})
        elapsed = time.monotonic() - started
    finally:
        held.close()
    assert response.status_code == 503 and elapsed < 5
    assert "Sorry, the service is unavailable" in response.get_data(as_text=True)


def test_a_transaction_that_loses_a_deadlock_runs_once_more(app, database_url):
    postgresql_only(database_url)
    with app.app_context():
        with db.write() as session:
            first = Person(country="EE", national_code="38001085718", given_name="A", family_name="One")
            second = Person(country="EE", national_code="49004230347", given_name="B", family_name="Two")
            session.add_all([first, second])
        ids = (first.id, second.id)
    both_locked_one = threading.Barrier(2, timeout=10)
    runs: dict[str, int] = {"forward": 0, "backward": 0}
    errors: list[BaseException] = []

    def rename(order: tuple[int, int], name: str) -> None:
        def work(session) -> None:
            runs[name] += 1
            if runs[name] > 1:
                # The loser's second run gives the woken winner a moment to take the row the loser
                # freed: otherwise, on a loaded machine, the second run could take it back first
                # and deadlock once more, and a test of "runs once more" would fail by chance.
                time.sleep(0.5)
            session.execute(select(Person).where(Person.id == order[0]).with_for_update()).scalar_one()
            if runs[name] == 1:
                both_locked_one.wait()  # each holds one row and wants the other: a deadlock
            person = session.execute(
                select(Person).where(Person.id == order[1]).with_for_update()
            ).scalar_one()
            person.family_name = f"{name}"

        try:
            with app.app_context():
                db.transaction(work)
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=rename, args=(ids, "forward")),
        threading.Thread(target=rename, args=(ids[::-1], "backward")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    # PostgreSQL broke the deadlock and the loser ran again (both, if the second runs still met):
    # every transaction ran at most twice and both committed.
    assert 2 in runs.values() and max(runs.values()) == 2
    with app.app_context():
        first, second = (db.session().get(Person, person_id) for person_id in ids)
        assert (first.family_name, second.family_name) == ("backward", "forward")  # both committed
