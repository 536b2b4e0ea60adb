"""The PDF summary of a person's data export, in their language (a tagged PDF/A like the decisions).

Rendered from the export's JSON data alone, so the PDF and the JSON file say the same."""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.dates import format_date, format_datetime
from flask import current_app

from portal import labels
from portal.documents.pdf import html_to_pdf
from portal.i18n import LANGUAGES, babel_locale, in_language
from portal.profiles import current_profile

# What the PDF shows in its own tables; any other section is counted and left to the JSON file.
CORE_SECTIONS = frozenset(
    {"schema", "schema_version", "generated_at", "person", "record", "registrations", "decisions"}
    | {"certificates", "appeals", "inbox"}
)


def _formatters(language: str):
    locale = babel_locale(language)
    tz = current_profile().tz

    def date(value: str | None) -> str:
        return format_date(dt.date.fromisoformat(value[:10]), "long", locale=locale) if value else ""

    def moment(value: str | None) -> str:
        if not value:
            return ""
        return format_datetime(
            dt.datetime.fromisoformat(value).astimezone(tz), "medium", tzinfo=tz, locale=locale
        )

    return date, moment


def render_html(data: dict[str, Any], language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    date, moment = _formatters(language)
    with in_language(language):
        return current_app.jinja_env.get_template("documents/data_export.html").render(
            html_lang=LANGUAGES[language].html_lang,
            data=data,
            labels=labels,
            date=date,
            moment=moment,
            core_sections=CORE_SECTIONS,
        )


def render_summary(data: dict[str, Any], language: str) -> bytes:
    return html_to_pdf(render_html(data, language))
