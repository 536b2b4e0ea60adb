"""An expanding IN on the driver's cursor (`driver_statements.arguments`): rendered once per number
of values and kept, it gives the SQL and arguments the engine's own rendering gives, on both
dialects, for any counts (none included), two INs in one statement, a parameter whose name an
element's would take, and values with processors (SQLite's dates)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Column, Date, Integer, MetaData, String, Table, bindparam, select, text, tuple_
from sqlalchemy.dialects import postgresql, sqlite

from portal import driver_statements

metadata = MetaData()
thing = Table(
    "thing",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String),
    Column("day", Date),
    Column("x_1", Integer),
)

STATEMENTS = {
    "one IN": select(thing.c.id).where(thing.c.id.in_(bindparam("ids", expanding=True))),
    "two INs and a scalar": select(thing.c.id).where(
        thing.c.id.in_(bindparam("ids", expanding=True)),
        thing.c.name.in_(bindparam("names", expanding=True)),
        thing.c.x_1 == bindparam("x"),
    ),
    # `ids_1` is the name the engine would give the first element of `ids`: it takes another.
    "a colliding name": select(thing.c.id).where(
        thing.c.id.in_(bindparam("ids", expanding=True)), thing.c.x_1 == bindparam("ids_1")
    ),
    "dates": select(thing.c.id).where(thing.c.day.in_(bindparam("days", expanding=True))),
    # An IN of constants is an anonymous expanding parameter, its values bound in the statement.
    "constants and a named IN": select(thing.c.id).where(
        thing.c.name.in_(("a", "b")), thing.c.id.in_(bindparam("ids", expanding=True))
    ),
}
VALUES = {
    "one IN": [{"ids": []}, {"ids": [1]}, {"ids": [3, 1, 2]}, {"ids": [5, 6, 7]}, {"ids": (8, 9)}],
    "two INs and a scalar": [
        {"ids": [1, 2], "names": ["a"], "x": 4},
        {"ids": [], "names": ["a", "b'c"], "x": None},
        {"ids": [7, 8], "names": ["d"], "x": 5},
    ],
    "a colliding name": [{"ids": [10, 11], "ids_1": 99}, {"ids": [], "ids_1": 1}],
    "dates": [{"days": [dt.date(2026, 12, 5), dt.date(2026, 1, 31)]}, {"days": [dt.date(2025, 2, 1)]}],
    "constants and a named IN": [{"ids": [1, 2]}, {"ids": []}, {"ids": [3, 4]}],
}


def engine_arguments(shape: driver_statements.Compiled, values: dict) -> tuple[str, object]:
    """What `arguments` gave before kept expansions: the engine's rendering on every run."""
    compiled = shape.compiled
    expanded = compiled._process_parameters_for_postcompile(compiled.construct_params(values, _check=False))
    parameters = expanded.parameters
    for name, process in (*shape.binds, *expanded.processors.items()):
        if name in parameters and parameters[name] is not None:
            parameters[name] = process(parameters[name])
    if shape.positional is not None:
        return expanded.statement, tuple(parameters[name] for name in expanded.positiontup)
    return expanded.statement, parameters


@pytest.mark.parametrize(
    "dialect", [sqlite.dialect(), postgresql.psycopg.dialect()], ids=["sqlite", "postgresql"]
)
@pytest.mark.parametrize("name", list(STATEMENTS))
def test_kept_expansions_give_what_the_engine_renders(dialect, name):
    shape = driver_statements.compile_statement(STATEMENTS[name], dialect)
    assert shape.expanding_names is not None
    for _round in range(2):  # rendered, then kept
        for values in VALUES[name]:
            assert driver_statements.arguments(shape, values) == engine_arguments(shape, values)
    assert shape.expansions  # kept by the numbers of values


def test_tuple_ins_are_rendered_each_run():
    statement = select(thing.c.id).where(
        tuple_(thing.c.id, thing.c.name).in_(bindparam("pairs", expanding=True))
    )
    shape = driver_statements.compile_statement(statement, sqlite.dialect())
    assert shape.expanding_names is None
    values = {"pairs": [(1, "a"), (2, "b")]}
    assert driver_statements.arguments(shape, values) == engine_arguments(shape, values)


def test_untyped_ins_are_rendered_each_run():
    """An untyped expanding parameter (`text`) is a tuple IN or a plain one by its values: each run's
    SQL the engine's."""
    statement = (
        text("SELECT id FROM thing WHERE (id, name) IN :pairs OR id IN :ids")
        .bindparams(bindparam("pairs", expanding=True), bindparam("ids", expanding=True))
        .columns(thing.c.id)
    )
    for dialect in (sqlite.dialect(), postgresql.psycopg.dialect()):
        shape = driver_statements.compile_statement(statement, dialect)
        for values in ({"pairs": [(1, "a"), (2, "b")], "ids": [3]}, {"pairs": [4, 5], "ids": [6, 7]}):
            assert driver_statements.arguments(shape, values) == engine_arguments(shape, values)
