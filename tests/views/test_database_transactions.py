"""On PostgreSQL reads run without a transaction (no BEGIN and ROLLBACK round trips per request),
while every write still runs in one, and a pooled connection is pinged only after it sat idle."""

from __future__ import annotations

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import delete, select, text

from portal.database_engine import PING_AFTER_IDLE_SECONDS, build_engine
from portal.extensions import db
from portal.models import Person


@pytest.fixture
def app(make_app, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("psycopg's transactions; runs in the PostgreSQL pass of the suite")
    return make_app()


def status() -> TransactionStatus:
    return db.session.connection().connection.driver_connection.info.transaction_status


def person(code: str) -> Person:
    return Person(country="EE", national_code=code, given_name="Test", family_name="Transaction")


def test_a_read_opens_no_transaction(app):
    with app.app_context():
        db.session.scalar(select(Person.id).limit(1))
        db.session.scalar(select(Person.id).where(Person.given_name == "nobody"))
        assert status() is TransactionStatus.IDLE


def test_writes_outside_db_write_still_run_in_one_transaction(app):
    with app.app_context():
        db.session.scalar(select(Person.id).limit(1))
        db.session.add(person("39001010001"))
        db.session.flush()  # the INSERT begins the transaction first
        assert status() is TransactionStatus.INTRANS
        db.session.add(person("39001010002"))
        db.session.flush()
        db.session.rollback()
        found = db.session.scalars(
            select(Person.national_code).where(Person.national_code.in_(["39001010001", "39001010002"]))
        ).all()
        assert found == []


def test_a_locking_read_and_set_local_run_in_a_transaction(app):
    with app.app_context():
        db.session.scalar(select(Person.id).limit(1).with_for_update())
        assert status() is TransactionStatus.INTRANS
        db.session.rollback()
        db.session.execute(text("SET LOCAL statement_timeout = 1234"))
        assert db.session.scalar(text("SHOW statement_timeout")) == "1234ms"
        db.session.rollback()
        assert db.session.scalar(text("SHOW statement_timeout")) != "1234ms"


def test_db_write_begins_at_once_and_commits(app):
    with app.app_context():
        with db.write() as session:
            assert status() is TransactionStatus.INTRANS
            session.add(person("39001010003"))
        assert status() is TransactionStatus.IDLE
        found = db.session.scalar(select(Person.id).where(Person.national_code == "39001010003"))
        assert found is not None
        with db.write() as session:
            session.execute(delete(Person).where(Person.id == found))


def test_a_connection_idle_too_long_is_pinged_and_replaced_when_the_server_dropped_it(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("runs in the PostgreSQL pass of the suite")
    engine = build_engine(database_url)
    killer = build_engine(database_url, null_pool=True)
    try:
        with engine.connect() as connection:
            first = connection.scalar(text("SELECT pg_backend_pid()"))
        with killer.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        # Used a moment ago: trusted without a ping (the request would fail, the pool recover).
        (record,) = list(engine.pool._pool.queue)  # type: ignore[attr-defined]
        record.info["returned_at"] -= PING_AFTER_IDLE_SECONDS + 1  # as if idle past the limit
        with engine.connect() as connection:
            second = connection.scalar(text("SELECT pg_backend_pid()"))
        assert second != first
    finally:
        engine.dispose()
        killer.dispose()


def test_an_autocommit_connection_runs_vacuum_outside_a_transaction(app):
    with (
        app.app_context(),
        db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection,
    ):
        connection.execute(text("VACUUM ANALYZE person"))  # refused inside a transaction block
        assert connection.connection.driver_connection.info.transaction_status is TransactionStatus.IDLE
