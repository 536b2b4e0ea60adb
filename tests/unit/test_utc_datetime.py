"""A stored moment reads back as the same aware UTC datetime, whichever way the database gives it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import literal, select
from sqlalchemy.dialects import sqlite

from portal.extensions import db
from portal.models.base import UTCDateTime

MOMENTS = [
    dt.datetime(2026, 12, 14, 21, 59, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 29, 0, 30, 15, 123456, tzinfo=dt.UTC),
    dt.datetime(2026, 7, 14, 20, 59, 1, 5, tzinfo=dt.UTC),
    dt.datetime(2026, 7, 14, 23, 0, tzinfo=dt.timezone(dt.timedelta(hours=3))),  # stored as 20:00 UTC
]


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_moment_reads_back_as_aware_utc(app, moment):
    with app.app_context():
        read = db.session.scalar(select(literal(moment, UTCDateTime())))
    assert read == moment
    assert read.utcoffset() == dt.timedelta(0)  # SQLite's: `dt.UTC` itself; PostgreSQL's: the session's UTC


def _sqlite_read(text):
    return UTCDateTime()._cached_result_processor(sqlite.dialect(), None)(text)


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("2026-12-05 07:12:34.123456", dt.datetime(2026, 12, 5, 7, 12, 34, 123456, tzinfo=dt.UTC)),
        ("2026-12-05 07:12:34", dt.datetime(2026, 12, 5, 7, 12, 34, tzinfo=dt.UTC)),  # CURRENT_TIMESTAMP's
        ("2026-12-05 07:12:34.1", dt.datetime(2026, 12, 5, 7, 12, 34, 100000, tzinfo=dt.UTC)),
        ("2026-12-05 07:12:34.123456+00:00", dt.datetime(2026, 12, 5, 7, 12, 34, 123456, tzinfo=dt.UTC)),
        ("2026-12-05", dt.datetime(2026, 12, 5, tzinfo=dt.UTC)),
        (None, None),
    ],
)
def test_sqlite_text_reads_as_sqlalchemy_reads_it(stored, expected):
    """The SQLite shortcut (`UTCDateTime.result_processor`) gives what SQLAlchemy's own processor and
    `process_result_value` give, for the stored shape and for the others it hands over."""
    read = _sqlite_read(stored)
    assert read == expected
    if expected is not None:
        assert read.tzinfo is dt.UTC
        general = sqlite.DATETIME().result_processor(sqlite.dialect(), None)(stored)
        assert UTCDateTime().process_result_value(general, sqlite.dialect()) == read
