"""Running a statement of columns (no ORM entities) on the session's connection.

`db.session.execute` sends every statement through the ORM's execution (its compile state, the
execution options, the result's ORM wrapping) even when it selects plain columns; on the
connection the same rows cost about a third less client CPU per statement (issue 18). Only the
ORM's autoflush is kept, so changes not yet flushed are read as before.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable
from typing import Any, NamedTuple

from sqlalchemy import CursorResult, Dialect, Executable

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


class _Shape(NamedTuple):
    """A statement compiled for one dialect, as `read_kept` runs it."""

    statement: Executable  # kept: the cache is keyed by its identity
    compiled: Any  # SQLAlchemy's compiled form: the parameters' defaults, names and processors
    keys: tuple[str, ...]  # the columns' names, as the engine's result names them
    results: tuple[tuple[int, Callable[[Any], Any]], ...]  # the columns' processors, by position


_SHAPES: dict[tuple[int, str], _Shape] = {}
_SHAPES_KEPT = 128


def _shape(statement: Executable, dialect: Dialect) -> _Shape:
    key = (id(statement), dialect.name)
    shape = _SHAPES.get(key)
    if shape is None or shape.statement is not statement:
        compiled: Any = statement.compile(dialect=dialect)
        if compiled.literal_execute_params:  # pragma: no cover - no statement renders literals
            raise AssertionError("read_kept: a statement with literal_execute parameters")
        columns = compiled._result_columns
        results = (
            (position, column.type._cached_result_processor(dialect, None))
            for position, column in enumerate(columns)
        )
        if len(_SHAPES) >= _SHAPES_KEPT:
            _SHAPES.clear()
        shape = _SHAPES[key] = _Shape(
            statement,
            compiled,
            tuple(column.keyname for column in columns),
            tuple((position, process) for position, process in results if process is not None),
        )
    return shape


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
    pending = ahead.pop("pending", None)
    if pending:
        pending = [
            (kept, kept_values)
            for kept, kept_values in pending
            if kept is not statement or kept_values != values
        ]
    if not pending:
        return _processed(connection, statement, _run(connection, [_sql(connection, statement, values)])[0])
    results = _run(
        connection,
        [_sql(connection, kept, kept_values) for kept, kept_values in [(statement, values), *pending]],
    )
    ahead["read"] = [
        (kept, kept_values, _processed(connection, kept, rows))
        for (kept, kept_values), rows in zip(pending, results[1:], strict=True)
    ]
    return _processed(connection, statement, results[0])


_AHEAD = "core_rows.ahead"


def read_ahead(statement: Executable, values: dict[str, Any]) -> None:
    """Announce that the request will `read_kept` this statement with these values: on PostgreSQL
    it is then sent with the request's next `read_kept`, in the same round trip (a statement costs
    the server about as much for its round trip as for its work). Only for reads the request is
    allowed to make at once (after its authorisation checks), of rows no write before the read
    will change: a flush in between drops what was read ahead. Nothing on SQLite (no round trips)."""
    if not db.is_sqlite:
        shelf(_AHEAD).setdefault("pending", []).append((statement, values))


def _sql(connection: Any, statement: Executable, values: dict[str, Any]) -> tuple[str, Any]:
    """The SQL text and the driver's arguments of `statement` with `values`."""
    compiled = _shape(statement, connection.dialect).compiled
    parameters = compiled.construct_params(values, _check=False)
    sql, positions, processors = compiled.string, compiled.positiontup, compiled._bind_processors
    if compiled.post_compile_params:  # an expanding IN: rendered for these values
        expanded = compiled._process_parameters_for_postcompile(parameters)
        sql, positions, parameters = expanded.statement, expanded.positiontup, expanded.parameters
        processors = {**processors, **expanded.processors}
    for name, process in processors.items():
        if name in parameters:
            parameters[name] = process(parameters[name])
    return sql, (tuple(parameters[name] for name in positions) if compiled.positional else parameters)


def _run(connection: Any, statements: list[tuple[str, Any]]) -> list[list[Any]]:
    """Each statement's rows, from the driver's cursors: more than one in one round trip
    (psycopg's pipeline; only PostgreSQL is given more than one)."""
    events = connection._has_events or connection.engine._has_events
    cursors = [connection.connection.cursor() for _ in statements]
    sql, arguments = statements[0]
    try:
        if len(statements) == 1:
            if events:
                connection.dispatch.before_cursor_execute(connection, cursors[0], sql, arguments, None, False)
            cursors[0].execute(sql, arguments)
        else:
            with connection.connection.driver_connection.pipeline():
                for cursor, (sql, arguments) in zip(cursors, statements, strict=True):
                    if events:
                        connection.dispatch.before_cursor_execute(
                            connection, cursor, sql, arguments, None, False
                        )
                    cursor.execute(sql, arguments)
        results = []
        for cursor, (sql, arguments) in zip(cursors, statements, strict=True):
            if events:
                connection.dispatch.after_cursor_execute(connection, cursor, sql, arguments, None, False)
            results.append(cursor.fetchall())
    except Exception as error:
        connection._handle_dbapi_exception(error, sql, arguments, cursors[0], None)  # raises
    for cursor in cursors:
        cursor.close()
    return results


def _processed(connection: Any, statement: Executable, rows: list[Any]) -> tuple[tuple[str, ...], list[Any]]:
    """The column names and `rows` with the columns' types' processors applied."""
    shape = _shape(statement, connection.dialect)
    if shape.results:
        processed = []
        for row in rows:
            row = list(row)
            for position, process in shape.results:
                value = row[position]
                if value is not None:
                    row[position] = process(value)
            processed.append(row)
        rows = processed
    return shape.keys, rows


def read_kept_named(statement: Executable, values: dict[str, Any] | None = None) -> list[Any]:
    """`read_kept`'s rows as named tuples (`read_named`'s)."""
    keys, rows = read_kept(statement, values)
    kind = named_tuple(keys)
    return [_new_tuple(kind, row) for row in rows]
