"""Running a statement of columns (no ORM entities) on the session's connection.

`db.session.execute` sends every statement through the ORM's execution (its compile state, the
execution options, the result's ORM wrapping) even when it selects plain columns; on the
connection the same rows cost about a third less client CPU per statement (issue 18). Only the
ORM's autoflush is kept, so changes not yet flushed are read as before.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult, Executable

from portal.extensions import db


def read(statement: Executable, values: dict[str, Any] | None = None) -> CursorResult[Any]:
    """`statement`'s rows (Core rows: by position or by column name, as the ORM's were)."""
    session = db.session()
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement, values or {})
