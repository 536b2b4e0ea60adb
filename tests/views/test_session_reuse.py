"""A request's ORM session is closed at the end of its app context and kept for the same thread's
next one (portal/database.py): reset as though new, never shared between threads or engines."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Person


def test_the_next_scope_gets_the_closed_session_reset(app):
    with app.app_context():
        first = db.session()
        first.info["mark"] = True
        db.session.add(Person(country="EE", national_code="39001010000", given_name="A", family_name="B"))
        db.session.scalar(select(Person.id).limit(1))  # flushes, in a transaction
        assert first.in_transaction()
    with app.app_context():
        again = db.session()
        assert again is first
        assert not again.in_transaction()
        assert not again.info
        assert len(again.identity_map) == 0 and not again.new
        # the person was never committed: the transaction was rolled back at close
        assert db.session.scalar(select(Person.id).where(Person.national_code == "39001010000")) is None


def test_an_error_rolls_the_scope_back_before_the_session_is_kept(app):
    with pytest.raises(RuntimeError), app.app_context():
        session = db.session()
        session.add(Person(country="EE", national_code="39001010001", given_name="A", family_name="B"))
        session.flush()
        raise RuntimeError("the view failed")
    with app.app_context():
        assert db.session() is session and not session.in_transaction()
        assert db.session.scalar(select(Person.id).where(Person.national_code == "39001010001")) is None


def test_no_session_is_shared_between_threads_or_apps(app, make_app):
    with app.app_context():
        mine = db.session()
    seen = []

    def other_thread():
        with app.app_context():
            seen.append(db.session())

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert seen[0] is not mine
    other = make_app()
    with other.app_context():
        theirs = db.session()
        assert theirs is not mine
        assert theirs.bind is other.extensions["database_engine"]
    with app.app_context():
        assert db.session().bind is app.extensions["database_engine"]


def test_remove_still_discards_the_session(app):
    with app.app_context():
        first = db.session()
        db.session.remove()
        assert db.session() is not first
