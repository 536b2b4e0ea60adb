"""Dates, languages and countries as the reader writes them: Serbian in Latin script, English dates
in the EU style, names instead of codes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import render_template_string
from flask_babel import format_date

from portal.i18n import in_language

DAY = dt.date(2026, 12, 3)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sr", "3. decembar 2026."),
        ("en", "3 December 2026"),
        ("et", "3. detsember 2026"),
        ("sq", "3 dhjetor 2026"),
        ("ru", "3 декабря 2026 г."),
    ],
)
def test_a_page_writes_dates_in_the_readers_language_and_script(app, language, expected):
    with app.test_request_context(headers={"Accept-Language": language}):
        written = render_template_string("{{ day | dateformat('long') }}", day=DAY)
        assert written.replace("\u202f", " ") == expected


def test_mail_and_documents_in_serbian_use_latin_months(app):
    with app.test_request_context(headers={"Accept-Language": "en"}), in_language("sr"):
        assert format_date(DAY, "long") == "3. decembar 2026."


def test_register_data_names_the_citizenship_and_writes_dates_the_readers_way(client_as):
    client = client_as("jobseeker")  # Jaak-Kristjan Jõeorg, born 8 January 1980, Estonian citizen
    value = r'<dd class="govuk-summary-list__value">{}</dd>'

    english = text(client.get("/jobseeker/register-data", headers={"Accept-Language": "en"}))
    assert re.search(r"Citizenship</dt> " + value.format("Estonia"), english)
    assert re.search(r"Date of birth</dt> " + value.format("8 January 1980"), english)

    client.get("/language/sr")
    serbian = text(client.get("/jobseeker/register-data")).split("<main", 1)[1]
    assert re.search(value.format("Estonija"), serbian)
    assert re.search(value.format(r"8\. januar 1980\."), serbian)
    assert not re.search(r"[\u0400-\u04ff]", serbian)  # Serbian pages are Latin throughout


@pytest.mark.parametrize(("profile", "expected"), [("EE", "4 Dec 2026, 00:30"), ("XK", "3 Dec 2026, 23:30")])
def test_times_are_shown_in_the_countrys_time_zone_not_utc(make_app, profile, expected):
    late_evening_utc = dt.datetime(2026, 12, 3, 22, 30, tzinfo=dt.UTC)
    app = make_app(PROFILE=profile)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        written = render_template_string("{{ moment | datetimeformat('medium') }}", moment=late_evening_utc)
    assert written.replace("\u202f", " ").startswith(expected)


def test_the_kept_date_and_time_texts_are_flask_babels(app):
    """The `dateformat`/`datetimeformat`/`isodate` filters keep each text once formatted: the same
    as Flask-Babel's for dates, naive and aware times near midnight (the reader's day), every
    format and language, and a language forced within the request."""
    from flask_babel import format_datetime

    from portal import templating

    assert app.jinja_env.filters["dateformat"] is templating.dateformat
    assert app.jinja_env.filters["datetimeformat"] is templating.datetimeformat
    moments = [
        dt.datetime(2026, 12, 3, 22, 30),  # naive: UTC, the next day in Tallinn
        dt.datetime(2026, 12, 3, 22, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 3, 21, 59, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        dt.datetime(2026, 6, 30, 23, 59, 59),
    ]
    days = [DAY, dt.date(1980, 1, 8), dt.date(2026, 2, 28)]
    template = (
        "{% for v in days + moments %}{% for f in formats %}"
        "{{ v | dateformat(f) }}|{% if v.hour is defined %}{{ v | datetimeformat(f) }}|"
        "{{ v | dateformat(f, rebase=false) }}|{{ v | datetimeformat(f, rebase=false) }}|{% endif %}"
        "{% endfor %}{{ v | dateformat }}|{% endfor %}{{ '2026-12-03' | isodate }}|{{ '2026-12-03T10:00' | isodate('long') }}"
    )
    formats = [None, "short", "medium", "long", "full", "d MMM"]

    def expected() -> str:
        parts = []
        for value in days + moments:
            for f in formats:
                parts.append(format_date(value, f))
                if isinstance(value, dt.datetime):
                    parts += [
                        format_datetime(value, f),
                        format_date(value, f, False),
                        format_datetime(value, f, False),
                    ]
            parts.append(format_date(value))
        parts += [format_date(DAY, "medium"), format_date(DAY, "long")]
        return "|".join(parts)

    for language in ("en", "et", "ru", "sr"):
        with app.test_request_context(headers={"Accept-Language": language}):
            for _ in range(2):  # formatted, then kept
                assert (
                    render_template_string(template, days=days, moments=moments, formats=formats)
                    == expected()
                )
            with in_language("sq"):
                assert (
                    render_template_string(template, days=days, moments=moments, formats=formats)
                    == expected()
                )
            assert render_template_string(template, days=days, moments=moments, formats=formats) == expected()
    assert app.extensions["formatted_dates"]  # kept
