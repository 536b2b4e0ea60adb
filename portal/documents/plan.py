"""The agreed individual employment plan as a sealed PDF, in the person's language."""

from __future__ import annotations

import datetime as dt

from flask import current_app

from portal import labels
from portal.documents import seal as sealing
from portal.documents.pdf import html_to_pdf
from portal.i18n import LANGUAGES, in_language
from portal.models import Person, PlanVersion


def render_html(
    version: PlanVersion, person: Person, agreed_at: dt.datetime, language: str, office: str
) -> str:
    with in_language(language):
        return current_app.jinja_env.get_template("documents/plan.html").render(
            html_lang=LANGUAGES[language].html_lang,
            version=version,
            person=person,
            agreed_at=agreed_at,
            office=office,
            labels=labels,
            due=lambda value: dt.date.fromisoformat(value),
        )


def sealed_pdf(
    version: PlanVersion, person: Person, agreed_at: dt.datetime, language: str, office: str
) -> bytes:
    return sealing.seal(html_to_pdf(render_html(version, person, agreed_at, language, office)))
