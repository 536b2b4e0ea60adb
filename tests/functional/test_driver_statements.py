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


def cursors_seen(run) -> tuple[list[object], object]:
    cursors: list[object] = []

    def seen(_connection, cursor, *_rest) -> None:
        cursors.append(cursor)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        return cursors, run()
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)


def test_a_connection_keeps_its_cursor_and_each_run_reads_its_own_rows(connection):
    shape = driver_statements.compile_statement(STATEMENT, connection.dialect)
    other = driver_statements.compile_statement(select(literal("x").label("x")), connection.dialect)
    runs = [(shape, {"when": WHEN, "n": 1}), (other, {}), (shape, {"when": None, "n": 2})]
    cursors, found = cursors_seen(
        lambda: [driver_statements.rows(connection, kept, values) for kept, values in runs]
    )
    assert [[list(row) for row in rows] for rows in found] == [[[WHEN, 1, True]], [["x"]], [[None, 2, True]]]
    assert len(cursors) == 3 and len({id(cursor) for cursor in cursors}) == 1
    uncounted = driver_statements.rows(connection, shape, {"when": WHEN, "n": 4}, counted=False)
    assert uncounted == [[WHEN, 4, True]]


def test_a_cursor_of_another_driver_connection_is_not_used(app, connection):
    shape = driver_statements.compile_statement(STATEMENT, connection.dialect)
    stranger = db.engine.raw_connection()
    try:
        foreign = stranger.cursor()
        connection.connection.info[driver_statements._CURSORS] = [foreign]
        cursors, found = cursors_seen(
            lambda: driver_statements.rows(connection, shape, {"when": WHEN, "n": 5})
        )
        assert found == [[WHEN, 5, True]] and cursors[0] is not foreign
        assert cursors[0].connection is connection.connection.driver_connection
    finally:
        stranger.close()


def test_one_round_trip_of_more_statements_than_are_kept(connection):
    if connection.dialect.name != "postgresql":
        pytest.skip("several statements in one round trip: PostgreSQL's pipeline")
    shape = driver_statements.compile_statement(STATEMENT, connection.dialect)
    for count in (2, driver_statements._CURSORS_KEPT + 1, 3):
        statements = [driver_statements.arguments(shape, {"when": WHEN, "n": n}) for n in range(count)]
        cursors, found = cursors_seen(lambda: driver_statements.execute(connection, statements))  # noqa: B023
        assert [rows[0][1] for rows in found] == list(range(count))
        assert len({id(cursor) for cursor in cursors}) == count
    kept = connection.connection.info[driver_statements._CURSORS]
    assert len(kept) == 3 and cursors == kept  # the kept ones, not those made for the nine
