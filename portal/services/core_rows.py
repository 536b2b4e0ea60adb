"""Running a statement of columns (no ORM entities) on the session's connection.

`db.session.execute` sends every statement through the ORM's execution (its compile state, the
execution options, the result's ORM wrapping) even when it selects plain columns; on the
connection the same rows cost about a third less client CPU per statement (issue 18). Only the
ORM's autoflush is kept, so changes not yet flushed are read as before.
"""

from __future__ import annotations

from collections import namedtuple
from typing import Any

from sqlalchemy import CursorResult, Executable

from portal.extensions import db


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
