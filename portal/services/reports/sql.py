"""Dialect-aware SQL expressions the figures share: the country's calendar day and week of a stored
UTC timestamp, and days between two timestamps. Everything is computed by the database.

The calendar day is `portal.sql_dates.local_date`: PostgreSQL converts with the profile's time zone
(`timezone(zone, ts)`), SQLite with the function the portal registers on each connection (Python's
zoneinfo). Both apply the offset of the row's own moment, daylight saving included, so a row just
after local midnight counts on the right day and in the right week whatever the season now."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, DateTime, Float, cast, func, literal
from sqlalchemy.sql import ColumnElement

from portal.extensions import db
from portal.profiles import CountryProfile
from portal.sql_dates import local_date


def dialect() -> str:
    return db.session.get_bind().dialect.name


def local_day(column: Any, profile: CountryProfile) -> ColumnElement[Any]:
    """The country's calendar day of a UTC timestamp."""
    return local_date(column, profile.timezone)


def week_start(column: Any, profile: CountryProfile) -> ColumnElement[Any]:
    """The Monday of the country's calendar week of a timestamp."""
    day = local_day(column, profile)
    if dialect() == "postgresql":
        return cast(func.date_trunc("week", cast(day, DateTime())), Date)
    # 'weekday 0' moves forward to Sunday (or stays on one); six days back is that week's Monday.
    return func.date(day, "weekday 0", "-6 days")


def days_between(later: Any, earlier: Any) -> ColumnElement[Any]:
    if dialect() == "postgresql":
        return func.extract("epoch", later - earlier) / literal(86400.0)
    return cast(func.julianday(later) - func.julianday(earlier), Float)


def as_date(value: Any) -> dt.date | None:
    """SQLite answers dates as ISO text, PostgreSQL as dates."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
