"""Statements on the driver's cursor (`portal.driver_statements`) on the database the suite runs on:
the engine's values and types, its cursor events and errors only when counted."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import Boolean, Integer, bindparam, event, literal, select
from sqlalchemy.exc import DBAPIError

from portal import driver_statements
from portal.extensions import db
from portal.models.base import UTCDateTime

WHEN = dt.datetime(2026, 12, 5, 8, 0, tzinfo=dt.UTC)
STATEMENT = select(
    bindparam("when", type_=UTCDateTime()).label("when"),
    bindparam("n", type_=Integer).label("n"),
    literal(True, Boolean).label("flag"),
)


@pytest.fixture
def connection(app):
    with app.app_context():
        yield db.session.connection()


def seen_by_engine(run) -> tuple[list[str], object]:
    statements: list[str] = []

    def seen(_connection, _cursor, statement, *_rest) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        return statements, run()
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)


def test_rows_come_with_the_columns_types_as_the_engine_gives_them(connection):
    shape = driver_statements.compile_statement(STATEMENT, connection.dialect)
    assert shape.keys == ("when", "n", "flag")
    found = driver_statements.rows(connection, shape, {"when": WHEN, "n": 3})
    assert found == [list(connection.execute(STATEMENT, {"when": WHEN, "n": 3}).one())]
    ((when, n, flag),) = found
    assert (when, n, flag) == (WHEN, 3, True) and when.tzinfo is not None and flag is True
    assert driver_statements.rows(connection, shape, {"when": None, "n": None}) == [[None, None, True]]


def test_a_counted_statement_is_seen_by_the_engine_and_its_errors_are_the_engines(connection):
    shape = driver_statements.compile_statement(STATEMENT, connection.dialect)
    statements, _ = seen_by_engine(lambda: driver_statements.rows(connection, shape, {"when": WHEN, "n": 1}))
    assert statements == [shape.sql]
    broken = dataclasses.replace(shape, sql="SELECT no_such_column FROM login_session")
    with pytest.raises(DBAPIError):
        driver_statements.rows(connection, broken, {"when": WHEN, "n": 1})


def test_an_uncounted_statement_is_the_drivers_alone(connection):
    shape = driver_statements.compile_statement(STATEMENT, connection.dialect)
    run = lambda: driver_statements.rows(connection, shape, {"when": WHEN, "n": 1}, counted=False)  # noqa: E731
    statements, found = seen_by_engine(run)
    assert statements == [] and found == [[WHEN, 1, True]]
    broken = dataclasses.replace(shape, sql="SELECT no_such_column FROM login_session")
    with pytest.raises(Exception) as raised:
        driver_statements.rows(connection, broken, {"when": WHEN, "n": 1}, counted=False)
    assert not isinstance(raised.value, DBAPIError)  # the driver's own error
    assert type(raised.value).__module__.split(".")[0] in {"sqlite3", "psycopg"}
