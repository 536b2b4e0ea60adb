from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from sqlalchemy import DateTime, Dialect, MetaData, String, func
from sqlalchemy.orm import DeclarativeBase, mapped_column
from sqlalchemy.types import TypeDecorator

# Stable constraint names so Alembic batch migrations work on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC timestamps on every backend (SQLite forgets the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value

    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], Any] | None:
        """On SQLite, the stored text read straight into an aware datetime by the C parser: SQLAlchemy's
        way (its regular expression, a naive datetime, then `replace(tzinfo=...)` here) cost about
        2 µs a value, 0.25 µs this way, and a page of 25 uses reads 50 of them. Anything not in the
        stored shape (an offset already, a date alone, a number) goes SQLAlchemy's way."""
        general = super().result_processor(dialect, coltype)
        if dialect.name != "sqlite" or general is None:
            return general

        def process(value: Any) -> Any:
            if type(value) is str and len(value) > 10 and value[-6] not in "+-" and value[-1] != "Z":
                try:
                    return _from_iso(value + "+00:00")  # UTC: `dt.UTC` itself, as `replace` gives
                except ValueError:
                    pass
            return general(value)

        return process


_from_iso = dt.datetime.fromisoformat


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


intpk = Annotated[int, mapped_column(primary_key=True)]
created_at = Annotated[dt.datetime, mapped_column(UTCDateTime(), default=utcnow, server_default=func.now())]
updated_at = Annotated[
    dt.datetime,
    mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow, server_default=func.now()),
]
str100 = Annotated[str, mapped_column(String(100))]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime()}
