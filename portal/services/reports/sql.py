"""Dialect-aware SQL expressions the figures share: the country's calendar day and week of a stored
UTC timestamp, and days between two timestamps. Everything is computed by the database.

PostgreSQL converts with the profile's time zone (`timezone(zone, ts)`, daylight saving included).
SQLite has no time zones: it shifts by the zone's offset now, so a row within an hour of midnight
around a daylight-saving change may fall on the neighbouring day (development only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, Float, cast, func, literal
from sqlalchemy.sql import ColumnElement

from portal.extensions import db
from portal.profiles import CountryProfile


def dialect() -> str:
    return db.session.get_bind().dialect.name


def _sqlite_shift(profile: CountryProfile) -> str:
    offset = dt.datetime.now(profile.tz).utcoffset() or dt.timedelta()
    return f"{int(offset.total_seconds() // 60):+d} minutes"


def local_day(column: Any, profile: CountryProfile) -> ColumnElement[Any]:
    if dialect() == "postgresql":
        return cast(func.timezone(profile.timezone, column), Date)
    return func.date(column, _sqlite_shift(profile))


def week_start(column: Any, profile: CountryProfile) -> ColumnElement[Any]:
    """The Monday of the country's calendar week of a timestamp."""
    if dialect() == "postgresql":
        return cast(func.date_trunc("week", func.timezone(profile.timezone, column)), Date)
    # 'weekday 0' moves forward to Sunday (or stays on one); six days back is that week's Monday.
    return func.date(column, _sqlite_shift(profile), "weekday 0", "-6 days")


def days_between(later: Any, earlier: Any) -> ColumnElement[Any]:
    if dialect() == "postgresql":
        return func.extract("epoch", later - earlier) / literal(86400.0)
    return cast(func.julianday(later) - func.julianday(earlier), Float)


def as_date(value: Any) -> dt.date | None:
    """SQLite answers dates as ISO text, PostgreSQL as dates."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
