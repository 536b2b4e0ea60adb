"""Running a statement of columns (no ORM entities) on the session's connection.

`db.session.execute` sends every statement through the ORM's execution (its compile state, the
execution options, the result's ORM wrapping) even when it selects plain columns; on the
connection the same rows cost about a third less client CPU per statement (issue 18). Only the
ORM's autoflush is kept, so changes not yet flushed are read as before.
"""

from __future__ import annotations

from collections import namedtuple
from typing import Any

from sqlalchemy import CursorResult, Dialect, Executable

from portal import driver_statements
from portal.extensions import db
from portal.services.request_memo import shelf


def read(statement: Executable, values: dict[str, Any] | None = None) -> CursorResult[Any]:
    """`statement`'s rows (Core rows: by position or by column name, as the ORM's were)."""
    session = db.session()
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement, values or {})


# One named-tuple class per statement's column names: the statements are built once, so a few
# dozen classes at most; full, it starts again.
_CLASSES: dict[tuple[str, ...], type] = {}
_CLASSES_KEPT = 256
_new_tuple = tuple.__new__


def read_named(statement: Executable, values: dict[str, Any] | None = None) -> list[Any]:
    """`read`'s rows as named tuples, for code that reads their columns by name many times.

    SQLAlchemy's row answers `row.title` only after `hasattr(type(row), "title")` failed, an
    AttributeError formatted and discarded inside its Cython `__getattribute__` (~0.8 µs, ~10
    times an index); a named tuple's field is a plain descriptor. The statement's column names
    must be distinct identifiers (namedtuple refuses others)."""
    result = read(statement, values)
    kind = named_tuple(tuple(result.keys()))
    return [_new_tuple(kind, row) for row in result]


def named_tuple(keys: tuple[str, ...]) -> type:
    """The named-tuple class `read_named` gives rows of these column names."""
    kind = _CLASSES.get(keys)
    if kind is None:
        if len(_CLASSES) >= _CLASSES_KEPT:
            _CLASSES.clear()
        kind = _CLASSES[keys] = namedtuple("NamedRow", keys)  # type: ignore[misc]
    return kind


# ------------------------------------------------------------- statements built once, on the driver

# Each statement compiled once per dialect (`driver_statements.compile_statement`), kept by its
# identity with the statement (so that a statement collected and another at its address is not
# taken for it); full, it starts again.
_SHAPES: dict[tuple[int, str], tuple[Executable, driver_statements.Compiled]] = {}
_SHAPES_KEPT = 128


def _shape(statement: Executable, dialect: Dialect) -> driver_statements.Compiled:
    key = (id(statement), dialect.name)
    kept = _SHAPES.get(key)
    if kept is None or kept[0] is not statement:
        if len(_SHAPES) >= _SHAPES_KEPT:
            _SHAPES.clear()
        kept = _SHAPES[key] = (statement, driver_statements.compile_statement(statement, dialect))
    return kept[1]


def read_kept(
    statement: Executable, values: dict[str, Any] | None = None
) -> tuple[tuple[str, ...], list[Any]]:
    """The column names and rows (tuples, each value as the engine gives it) of a SELECT built once
    (at import or cached: it is compiled once per dialect and kept by its identity), run on the
    driver's cursor of the session's connection.

    The engine's per-statement work (the statement's cache key, an execution context, the result's
    metadata from `cursor.description`: psycopg makes a column object per column of every
    statement, ~80 on the case view) costs more client CPU than a short statement's rows. Here the
    same SQL runs with the same parameters (an expanding IN rendered for its values as the engine
    renders it) and the same types' processors; the engine's cursor events still fire (statements
    are counted, PostgreSQL's lazy BEGIN sees them) and a driver's error is raised as the engine's.
    The ORM's autoflush is kept, as `read`'s.

    On PostgreSQL, the reads the request announced with `read_ahead` are sent with this one, in
    one round trip (psycopg's pipeline), and each is answered from its rows when it is read."""
    session = db.session()
    ahead = shelf(_AHEAD)
    if session.autoflush and not session._is_clean():
        session.flush()
        ahead.clear()  # rows read before the flush would not show it
    values = values or {}
    for index, (kept, kept_values, result) in enumerate(ahead.get("read", ())):
        if kept is statement and kept_values == values:
            del ahead["read"][index]
            return result
    connection = session.connection()
    dialect = connection.dialect
    shape = _shape(statement, dialect)
    pending = ahead.pop("pending", None)
    if pending:
        pending = [
            (kept, kept_values)
            for kept, kept_values in pending
            if kept is not statement or kept_values != values
        ]
    if not pending:
        found = driver_statements.execute(connection, [driver_statements.arguments(shape, values)])
        return shape.keys, driver_statements.processed(shape, found[0])
    reads = [(statement, values), *pending]
    shapes = [_shape(kept, dialect) for kept, _ in reads]
    results = driver_statements.execute(
        connection,
        [
            driver_statements.arguments(kept, kept_values)
            for kept, (_, kept_values) in zip(shapes, reads, strict=True)
        ],
    )
    ahead["read"] = [
        (kept, kept_values, (kept_shape.keys, driver_statements.processed(kept_shape, rows)))
        for (kept, kept_values), kept_shape, rows in zip(reads[1:], shapes[1:], results[1:], strict=True)
    ]
    return shape.keys, driver_statements.processed(shape, results[0])


_AHEAD = "core_rows.ahead"


def read_ahead(statement: Executable, values: dict[str, Any]) -> None:
    """Announce that the request will `read_kept` this statement with these values: on PostgreSQL
    it is then sent with the request's next `read_kept`, in the same round trip (a statement costs
    the server about as much for its round trip as for its work). Only for reads the request is
    allowed to make at once (after its authorisation checks), of rows no write before the read
    will change: a flush in between drops what was read ahead. Nothing on SQLite (no round trips)."""
    if not db.is_sqlite:
        shelf(_AHEAD).setdefault("pending", []).append((statement, values))


def read_kept_named(statement: Executable, values: dict[str, Any] | None = None) -> list[Any]:
    """`read_kept`'s rows as named tuples (`read_named`'s)."""
    keys, rows = read_kept(statement, values)
    kind = named_tuple(keys)
    return [_new_tuple(kind, row) for row in rows]
