"""`local_date(column, tz)`: a UTC timestamp's calendar date in a time zone, computed by the database.

Deadlines are dates in the country's time zone ("decided by 14 December"), timestamps are UTC. To
count "decided on time" or "registrations per week" in SQL, the database must turn a timestamp
into a local date: PostgreSQL with `timezone()`, SQLite with a function the portal registers on each
connection (`register_sqlite_functions`, called by `portal.database_engine`), since SQLite knows no zones.
Both give what `CountryProfile.local_date` gives in Python.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

SQLITE_FUNCTION = "portal_local_date"


class local_date(FunctionElement):
    type = Date()
    inherit_cache = True
    name = "local_date"

    def __init__(self, column: Any, tz: str) -> None:
        super().__init__(column, literal(tz))


@compiles(local_date, "postgresql")
def _postgresql(element: local_date, compiler: Any, **kw: Any) -> str:
    column, tz = list(element.clauses)
    return f"CAST(timezone({compiler.process(tz, **kw)}, {compiler.process(column, **kw)}) AS DATE)"


@compiles(local_date)
def _sqlite(element: local_date, compiler: Any, **kw: Any) -> str:
    column, tz = list(element.clauses)
    return f"{SQLITE_FUNCTION}({compiler.process(column, **kw)}, {compiler.process(tz, **kw)})"


@lru_cache(maxsize=16)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _local_date(stored: str | None, tz: str) -> str | None:
    """SQLite stores UTC timestamps as naive ISO text; dates come back as ISO text too."""
    if stored is None:
        return None
    moment = dt.datetime.fromisoformat(stored)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(_zone(tz)).date().isoformat()


def register_sqlite_functions(dbapi_connection: Any) -> None:
    dbapi_connection.create_function(SQLITE_FUNCTION, 2, _local_date, deterministic=True)
