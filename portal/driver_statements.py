"""Hot statements compiled once and run on the DB-API driver's cursor of a SQLAlchemy connection.

For the few statements run on nearly every request (the session lookup of a signed-in request, a
search's page): the engine's per-statement work (the statement's cache key, an execution context,
the result's metadata and Row objects) cost about as much CPU as running them on SQLite. A caller
compiles its statement once (`compile_statement`, per dialect and per shape, kept where it keeps
its statements) and runs it with each request's values (`rows`): the same SQL and parameters the
engine would send, the parameters' processors and the columns' result processors applied (SQLite's
dates are text, its booleans integers; an enum column gives the enum), rows as lists.

Used by `services/auth.py` (the login, on the request's connection), `services/search/engine.py`
(a search's page and count) and `services/core_rows.py` (`read_kept`: statements kept by identity
on the session's connection, several in one round trip on PostgreSQL, built on `arguments`,
`execute` and `processed`); docs/performance.md, "The session lookup on the driver's cursor" and
"The results fragment, tenth pass".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Dialect, Executable


@dataclass(frozen=True)
class Compiled:
    """A statement compiled for one dialect, to run on the driver's cursor."""

    sql: str
    compiled: Any  # SQLAlchemy's compiled form: the parameters' defaults and names
    positional: tuple[str, ...] | None  # the parameters' order for a positional paramstyle
    binds: tuple[tuple[str, Callable[[Any], Any]], ...]  # the parameters' processors (SQLite's dates)
    results: tuple[tuple[int, Callable[[Any], Any]], ...]  # the columns' processors, by position
    keys: tuple[str, ...]  # the columns' names, in order, as the engine's result names them
    expanding: bool = False  # an expanding IN: the SQL rendered for each run's values
    # An expanding IN's parameters (`_expansions`), when each can be expanded from a kept form.
    expanding_names: tuple[str, ...] | None = None
    # The expanding INs rendered, by the number of values of each (`_expansion`).
    expansions: dict[tuple[int, ...], _Expansion] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class _Expansion:
    """A statement's expanding INs rendered for a number of values of each: its SQL, the names
    each parameter's values take, the order of a positional paramstyle's parameters and the
    values' processors."""

    sql: str
    names: tuple[tuple[str, tuple[str, ...]], ...]
    positional: tuple[str, ...] | None
    processors: tuple[tuple[str, Callable[[Any], Any]], ...]


_EXPANSIONS_KEPT = 64  # counts per statement: full, it starts again


def compile_statement(statement: Executable, dialect: Dialect) -> Compiled:
    compiled: Any = statement.compile(dialect=dialect)
    if compiled.literal_execute_params:  # pragma: no cover - no statement renders literals
        raise AssertionError("a statement on the driver's cursor renders a literal at execution")
    processors = compiled._bind_processors
    columns = compiled._result_columns
    results = (
        (position, column.type._cached_result_processor(dialect, None))
        for position, column in enumerate(columns)
    )
    return Compiled(
        sql=compiled.string,
        compiled=compiled,
        positional=tuple(compiled.positiontup) if compiled.positional else None,
        # A parameter used twice (a search page's and its count's filters) is one name, processed once.
        binds=tuple(
            (name, processors[name])
            for name in dict.fromkeys(compiled.bind_names.values())
            if name in processors
        ),
        results=tuple((position, process) for position, process in results if process is not None),
        keys=tuple(column.keyname for column in columns),
        expanding=bool(compiled.post_compile_params),
        expanding_names=_expansions(compiled),
    )


def _expansions(compiled: Any) -> tuple[str, ...] | None:
    """The names of the expanding parameters when their rendering can be kept by their numbers of
    values: plain values (not tuples), names not escaped. None otherwise (rendered each run)."""
    if not compiled.post_compile_params or compiled.escaped_bind_names:
        return None
    # By the names the parameters take (`bind_names`): `binds` holds an anonymous parameter (an IN
    # of constants, `state.in_(OPEN_STATES)`) under its unrendered name too, which no run's
    # parameters have, so such a statement was rendered on every run.
    names = tuple(
        dict.fromkeys(
            name for bind, name in compiled.bind_names.items() if bind in compiled.post_compile_params
        )
    )
    # An untyped parameter is rendered as a tuple IN when its values are sequences (the engine
    # looks at the values each run), which stand-ins cannot show: rendered each run too.
    if any(
        compiled.binds[name].type._is_tuple_type
        or compiled.binds[name].type._isnull
        or compiled.binds[name].literal_execute
        for name in names
    ):
        return None
    return names


def _expansion(shape: Compiled, counts: tuple[int, ...]) -> _Expansion:
    """How the engine renders `shape`'s expanding INs for `counts` values of each: rendered once
    with stand-in values (objects found again by identity among the parameters it gives), so
    the names each value takes are the engine's own, whatever names it had to avoid."""
    kept = shape.expansions.get(counts)
    if kept is None:
        compiled = shape.compiled
        stand_ins = {
            name: [object() for _ in range(count)]
            for name, count in zip(shape.expanding_names or (), counts, strict=True)
        }
        expanded = compiled._process_parameters_for_postcompile(
            compiled.construct_params(stand_ins, _check=False)
        )
        named = {id(value): name for name, value in expanded.parameters.items()}
        kept = _Expansion(
            sql=expanded.statement,
            names=tuple(
                (name, tuple(named[id(value)] for value in values)) for name, values in stand_ins.items()
            ),
            positional=tuple(expanded.positiontup) if expanded.positiontup is not None else None,
            processors=tuple(expanded.processors.items()),
        )
        if len(shape.expansions) >= _EXPANSIONS_KEPT:
            shape.expansions.clear()
        shape.expansions[counts] = kept
    return kept


def arguments(shape: Compiled, values: Mapping[str, Any]) -> tuple[str, Any]:
    """The SQL and the driver's arguments of `shape` run with `values`: the parameters' processors
    applied, an expanding IN rendered for its values as the engine renders it."""
    compiled = shape.compiled
    parameters = compiled.construct_params(values, _check=False)
    if shape.expanding_names is not None and all(
        isinstance(parameters.get(name), (list, tuple)) for name in shape.expanding_names
    ):
        expansion = _expansion(shape, tuple(len(parameters[name]) for name in shape.expanding_names))
        for name, names in expansion.names:
            parameters.update(zip(names, parameters.pop(name), strict=True))
        for name, process in (*shape.binds, *expansion.processors):
            if name in parameters and parameters[name] is not None:
                parameters[name] = process(parameters[name])
        if expansion.positional is not None:
            return expansion.sql, tuple(parameters[name] for name in expansion.positional)
        return expansion.sql, parameters
    if shape.expanding:
        expanded = compiled._process_parameters_for_postcompile(parameters)
        parameters = expanded.parameters
        for name, process in (*shape.binds, *expanded.processors.items()):
            if name in parameters and parameters[name] is not None:
                parameters[name] = process(parameters[name])
        if shape.positional is not None:
            return expanded.statement, tuple(parameters[name] for name in expanded.positiontup)
        return expanded.statement, parameters
    for name, process in shape.binds:
        value = parameters[name]
        if value is not None:
            parameters[name] = process(value)
    if shape.positional is not None:
        return shape.sql, tuple(parameters[name] for name in shape.positional)
    return shape.sql, parameters


def rows(
    connection: Connection,
    shape: Compiled,
    values: Mapping[str, Any],
    *,
    counted: bool = True,
    prepare: bool | None = None,
) -> list[Any]:
    """The rows of `shape` run with `values` on the driver's cursor of `connection`.

    `counted`: run as the engine runs it, its cursor events fired (statement counts, PostgreSQL's
    lazy BEGIN) and a driver's error raised as the engine's (wrapped; a lost connection
    invalidated). Not `counted` (the session lookup, which no statement count has ever shown): the
    driver's statement alone, its errors its own.

    `prepare` is psycopg's (PostgreSQL only): None lets it prepare a statement run five times on a
    connection; False plans every run for its values."""
    statement = arguments(shape, values)
    if counted:
        return processed(shape, execute(connection, [statement], prepare)[0])
    cursor = _cursors(connection.connection, 1)[0]
    _execute(cursor, connection.dialect, *statement, prepare)
    return processed(shape, cursor.fetchall())


def execute(
    connection: Connection, statements: list[tuple[str, Any]], prepare: bool | None = None
) -> list[list[Any]]:
    """Each statement's rows (SQL and arguments, `arguments`'), unprocessed, from the driver's
    cursors, run as the engine runs them (counted: `rows`'). More than one in one round trip
    (psycopg's pipeline: PostgreSQL only)."""
    events = connection._has_events or connection.engine._has_events
    dialect = connection.dialect
    cursors = _cursors(connection.connection, len(statements))
    sql, parameters = statements[0]
    try:
        if len(statements) == 1:
            if events:
                connection.dispatch.before_cursor_execute(
                    connection, cursors[0], sql, parameters, None, False
                )
            _execute(cursors[0], dialect, sql, parameters, prepare)
        else:
            with connection.connection.driver_connection.pipeline():  # type: ignore[union-attr]
                for cursor, (sql, parameters) in zip(cursors, statements, strict=True):
                    if events:
                        connection.dispatch.before_cursor_execute(
                            connection, cursor, sql, parameters, None, False
                        )
                    _execute(cursor, dialect, sql, parameters, prepare)
        results = []
        for cursor, (sql, parameters) in zip(cursors, statements, strict=True):
            if events:
                connection.dispatch.after_cursor_execute(connection, cursor, sql, parameters, None, False)
            results.append(cursor.fetchall())
    except Exception as error:
        connection._handle_dbapi_exception(error, sql, parameters, cursors[0], None)  # raises
    return results


# The driver cursors kept with a pooled connection, in its `info` (which follows its driver connection
# and is emptied when that is replaced), the most one round trip uses, reused in turn.
_CURSORS = "driver_statements.cursors"
_CURSORS_KEPT = 8


def _cursors(pooled: Any, count: int) -> list[Any]:
    """`count` driver cursors of the pooled connection, the first `count` of those it keeps.

    psycopg makes a cursor per statement (its adapters' map copied, a Transformer with empty
    caches of dumpers and loaders) and SQLAlchemy's pool wraps the call: ~30,000 instructions a
    statement with the close, about a fifth of a short read's client work on the driver. A kept
    cursor is made once per connection; psycopg also keeps its Transformer, with the loaders it
    found, while the cursor runs the same SQL (the same `str`: a kept statement's) as last time.
    One thread at a time uses a pooled connection, hence its cursors; an execute starts a cursor
    afresh, so nothing read carries over, and the last rows a cursor fetched stay referenced until
    its next statement (one page's rows at most, per pooled connection). More statements in one
    round trip than are kept: cursors of their own (none of the portal's sends more than four)."""
    if count > _CURSORS_KEPT:
        return [pooled.cursor() for _ in range(count)]
    info = pooled.info
    kept = info.get(_CURSORS)
    # A connection replaced behind the record (the pool empties `info` then) or detached from it.
    if kept is None or kept[0].connection is not pooled.driver_connection:
        kept = info[_CURSORS] = [pooled.cursor()]
    while len(kept) < count:
        kept.append(pooled.cursor())
    return kept if count == len(kept) else kept[:count]


def _execute(cursor: Any, dialect: Dialect, sql: str, arguments: Any, prepare: bool | None) -> None:
    if prepare is not None and dialect.name == "postgresql":
        cursor.execute(sql, arguments, prepare=prepare)
    else:
        cursor.execute(sql, arguments)


def processed(shape: Compiled, found: list[Any]) -> list[Any]:
    """`found`'s rows with the columns' types' processors applied (lists; as they came if none)."""
    if not shape.results:
        return found
    processed = []
    for row in found:
        row = list(row)
        for position, process in shape.results:
            value = row[position]
            if value is not None:
                row[position] = process(value)
        processed.append(row)
    return processed
