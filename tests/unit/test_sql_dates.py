"""The database turns a UTC timestamp into the country's calendar date, as Python does."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import literal, select

from portal.extensions import db
from portal.models.base import UTCDateTime
from portal.sql_dates import local_date

MOMENTS = [
    dt.datetime(2026, 12, 14, 21, 59, tzinfo=dt.UTC),  # 23:59 in Tallinn (UTC+2): still the 14th
    dt.datetime(2026, 12, 14, 22, 0, tzinfo=dt.UTC),  # midnight in Tallinn: the 15th
    dt.datetime(2026, 7, 14, 20, 59, tzinfo=dt.UTC),  # summer time (UTC+3): 23:59 on the 14th
    dt.datetime(2026, 7, 14, 21, 0, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 29, 0, 30, 15, 123456, tzinfo=dt.UTC),  # the night clocks change
]


@pytest.mark.parametrize("zone", ["Europe/Tallinn", "Europe/Belgrade", "UTC"])
def test_local_date_in_sql_matches_python(app, zone):
    with app.app_context():
        for moment in MOMENTS:
            in_sql = db.session.scalar(select(local_date(literal(moment, UTCDateTime()), zone)))
            assert in_sql == moment.astimezone(ZoneInfo(zone)).date(), (moment, zone)
