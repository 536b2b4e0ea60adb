"""Who used my data formats each moment as Babel's `format_datetime(..., "medium")` would, in
every language of the portal, though it looks the locale's patterns up once per process and
formats the clock's fields itself (the am/pm marker at midnight and noon included)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from babel.dates import format_datetime

from portal.i18n import LANGUAGES, babel_locale
from portal.web.jobseeker.views.data_use import when_in

# Both profiles' zones; moments on either side of the spring and autumn clock changes, at midnight
# and at noon, and one day formatted twice (the date is kept per day).
ZONES = ("Europe/Tallinn", "Europe/Belgrade")
MOMENTS = [
    dt.datetime(2026, 3, 29, 0, 59, 59, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 29, 1, 0, 1, tzinfo=dt.UTC),
    dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC),
    dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC),
    dt.datetime(2026, 12, 4, 10, 30, 5, tzinfo=dt.UTC),  # half past noon in Tallinn, before it in Belgrade
    dt.datetime(2026, 12, 4, 11, 30, 5, tzinfo=dt.UTC),  # half past noon in Belgrade
    dt.datetime(2026, 12, 4, 12, 0, 7, 123456, tzinfo=dt.UTC),
    dt.datetime(2026, 12, 4, 21, 59, 0, tzinfo=dt.UTC),
    dt.datetime(2026, 12, 4, 22, 0, 0, tzinfo=dt.UTC),
]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_a_moment_reads_as_babels_medium_date_and_time(zone: str, language: str) -> None:
    tz, locale = ZoneInfo(zone), Locale.parse(babel_locale(language))
    when = when_in(tz, locale)
    for moment in MOMENTS + MOMENTS:
        assert when(moment) == format_datetime(moment.astimezone(tz), "medium", tzinfo=tz, locale=locale)


@pytest.mark.parametrize("name", ["en_US", "ko", "fi", "zh_Hant"])
def test_other_locales_clock_patterns_read_as_babels_too(name: str) -> None:
    """An am/pm marker before the hour, dots between the fields, a day-period field Babel keeps."""
    tz, locale = ZoneInfo("Europe/Tallinn"), Locale.parse(name)
    when = when_in(tz, locale)
    for moment in MOMENTS:
        assert when(moment) == format_datetime(moment.astimezone(tz), "medium", tzinfo=tz, locale=locale)
