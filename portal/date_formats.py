"""Dates and times in the reader's language, as templates show them: Flask-Babel's `dateformat` and
`datetimeformat` filters with each formatted text kept, and `isodate` for dates kept as ISO text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from flask.globals import _cv_app
from flask_babel import format_date, format_datetime, get_timezone

# Formatted dates and times kept per app, up to this many (then forgotten and formatted anew).
_FORMATTED_KEPT = 20_000


def _formatted() -> tuple[dict[tuple[Any, ...], str], Any] | None:
    """This app's kept texts and the request's Babel state (its locale chosen), or None."""
    context = _cv_app.get(None)
    state = None if context is None else context.g.__dict__.get("_flask_babel")
    if state is None or getattr(state, "babel_locale", None) is None:
        return None
    kept = context.app.extensions.get("formatted_dates")  # type: ignore[union-attr]
    if kept is None or len(kept) >= _FORMATTED_KEPT:
        kept = context.app.extensions["formatted_dates"] = {}  # type: ignore[union-attr]
    return kept, state


def dateformat(value: dt.date | None = None, format: str | None = None, rebase: bool = True) -> str:
    """Flask-Babel's `dateformat` filter (`format_date`), each day's text kept per locale and format.

    Babel formats a date in 20-45 µs, and pages show the same days again and again. A datetime is
    turned into the reader's day first (in the request's time zone, as Flask-Babel does); Babel
    formats only the date part of it. Anything else (no value, text) goes to Flask-Babel."""
    if type(value) is dt.datetime and rebase:
        found = _formatted()
        if found is None or getattr(found[1], "babel_tzinfo", None) is None:
            return format_date(value, format, rebase)
        kept, state = found
        zone = state.babel_tzinfo
        aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
        day = zone.normalize(aware.astimezone(zone)).date()
    elif type(value) is dt.date:
        found = _formatted()
        if found is None:
            return format_date(value, format, rebase)
        kept, state = found
        day = value
    else:
        return format_date(value, format, rebase)
    key = ("date", state.babel_locale, format, day)
    text = kept.get(key)
    if text is None:
        text = kept[key] = format_date(day, format, rebase)
    return text


def datetimeformat(value: dt.datetime | None = None, format: str | None = None, rebase: bool = True) -> str:
    """Flask-Babel's `datetimeformat` filter (`format_datetime`), each moment's text kept per
    locale, time zone and format (a page lists the same moments on every view; 40-70 µs each)."""
    found = _formatted() if type(value) is dt.datetime else None
    if found is None or (rebase and getattr(found[1], "babel_tzinfo", None) is None):
        return format_datetime(value, format, rebase)  # (Flask-Babel finds the time zone)
    kept, state = found
    key = ("datetime", state.babel_locale, getattr(state, "babel_tzinfo", None), format, rebase, value)
    text = kept.get(key)
    if text is None:
        text = kept[key] = format_datetime(value, format, rebase)
    return text


def datetime_texts(format: str | None = None) -> Callable[[dt.datetime], str]:
    """`datetimeformat(value, format)` for many moments of one request: the kept texts, the locale
    and the time zone found once (the request's time zone chosen now, as Flask-Babel chooses it),
    each moment then one look-up in the kept texts."""
    get_timezone()  # chosen now: until it is, every moment is formatted afresh
    found = _formatted()
    if found is None or getattr(found[1], "babel_tzinfo", None) is None:
        return lambda value: datetimeformat(value, format)
    kept, state = found
    head = ("datetime", state.babel_locale, state.babel_tzinfo, format, True)

    def text(value: dt.datetime) -> str:
        if type(value) is not dt.datetime:
            return datetimeformat(value, format)
        key = (*head, value)
        made = kept.get(key)
        if made is None:
            made = kept[key] = format_datetime(value, format, True)
        return made

    return text


def isodate(value: str | dt.date | None, format: str = "medium") -> str:
    """A date (or one kept as ISO text in JSON) shown in the reader's language."""
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return dateformat(value, format)
