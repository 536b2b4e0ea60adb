"""The search form's filters (`templates/search/_filters.html`), rendered once per set of values.

Everything in the form after the words box is a function of the kind searched, the profile
(municipality and county names), the language (labels, the catalog's texts), the search's address
and the values chosen in the filters: nothing a person types but the wage, nothing of a signed-in
person. Eight selects with their options, a checkbox and two buttons cost about a tenth of a
search page's CPU to render; the same few combinations of values come back again and again (most
searches choose none or one), so each is rendered once per process and then looked up.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import current_app
from markupsafe import Markup

from portal.models.search import EntryKind
from portal.services.search import SearchQuery
from portal.web.search import presenter

# Forms by (kind, profile, language, search address, the values chosen). Bounded: an entry is about
# 10 kB (the municipality select lists every municipality), and the oldest goes first once full.
_FORMS: dict[tuple[Any, ...], Markup] = {}
_FORMS_MAX = 256
_FORMS_LOCK = threading.Lock()


def chosen(query: SearchQuery) -> tuple[Any, ...]:
    """Every value of `query` the filters show (not the words, nor the page: the form has neither)."""
    return (
        query.group,
        query.county,
        query.municipality,
        query.remote,
        query.working_time,
        query.contract,
        query.wage,
        query.education,
        query.posted_within,
        query.sort,
    )


def filters_form(
    kind: EntryKind, query: SearchQuery, profile_code: str, language: str, search_url: str
) -> Markup:
    key = (kind, profile_code, language, search_url, *chosen(query))
    found = _FORMS.get(key)
    if found is not None:
        return found
    template = current_app.jinja_env.get_template("search/_filters.html")
    html = Markup(  # noqa: S704 - an autoescaped template's output
        template.render(
            vacancies=kind is EntryKind.VACANCY,
            filters=presenter.filters(kind, profile_code, language),
            query=query,
            search_url=search_url,
        )
    )
    with _FORMS_LOCK:  # a worker's threads evict at once: the oldest key must exist when deleted
        while len(_FORMS) >= _FORMS_MAX:
            del _FORMS[next(iter(_FORMS))]
        _FORMS[key] = html
    return html
