"""The results part of a search page and the count above it, written by functions.

What `search/_count.html` and `search/_results_body.html` wrote (the page included both, the htmx
fragment too): the same HTML byte for byte, in every language (tests/unit/test_search_results_html.py
keeps the templates and compares). Rendering them cost about an eighth of a results fragment's
instructions: two includes (each a template looked up and a context made), the notification
banner's module imported, a dozen translations and the loop over the cards, for a few lines of
markup around the cards, which `presenter.cards` has rendered already. The texts are the catalog's
own, unescaped as the templates' `_()` left them; every value from a request is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import current_app, get_flashed_messages, url_for
from markupsafe import Markup, escape

from portal.catalog import current_translations
from portal.models.search import EntryKind
from portal.security import csrf_token
from portal.services.search import Results, SearchQuery
from portal.web.search.presenter import Card


def count_text(kind: EntryKind, results: Results) -> str:
    """The status line: "25 vacancies", "More than 1000 vacancies", "No exact matches. …"."""
    catalog, total = current_translations(), results.total
    if results.similar and results.more:
        text = catalog.ungettext(
            "No exact matches. More than %(num)d similar title",
            "No exact matches. More than %(num)d similar titles",
            total,
        )
    elif results.similar:
        text = catalog.ungettext(
            "No exact matches. %(num)d similar title", "No exact matches. %(num)d similar titles", total
        )
    elif kind is EntryKind.VACANCY and results.more:
        text = catalog.ungettext("More than %(num)d vacancy", "More than %(num)d vacancies", total)
    elif kind is EntryKind.VACANCY:
        text = catalog.ungettext("%(num)d vacancy", "%(num)d vacancies", total)
    elif results.more:
        text = catalog.ungettext(
            "More than %(num)d training course", "More than %(num)d training courses", total
        )
    else:
        text = catalog.ungettext("%(num)d training course", "%(num)d training courses", total)
    return text % {"num": total}


# The save form's hidden inputs by query (a function of the query alone, whoever searches):
# `without_paging` and `to_params` copied and walked the query's fields on every signed-in search.
# Bounded: full, it starts again.
_HIDDEN: dict[SearchQuery, str] = {}
_HIDDEN_KEPT = 2000


def _hidden_inputs(query: SearchQuery) -> str:
    hidden = _HIDDEN.get(query)
    if hidden is None:
        hidden = "".join(
            f'  <input type="hidden" name="{escape(name)}" value="{escape(value)}">\n'
            for name, value in query.without_paging().to_params().items()
        )
        if len(_HIDDEN) >= _HIDDEN_KEPT:
            _HIDDEN.clear()
        _HIDDEN[query] = hidden
    return hidden


def _save_search_form(query: SearchQuery, catalog: Any) -> str:
    """The signed-in jobseeker's "Save this search" form: the search's parameters without paging."""
    hidden = _hidden_inputs(query)
    label = catalog.ugettext("Save this search and get e-mails of new vacancies")
    return (
        f'<form method="post" action="{escape(url_for("jobseeker.save_search"))}" novalidate>\n'
        f'  <input type="hidden" name="csrf_token" value="{escape(csrf_token())}">\n'
        f"{hidden}"
        f'  <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">{label}</button>\n'
        "</form>\n"
    )


def _saved_vacancy_banners() -> str:
    """The "saved" (or "removed") message after a jobseeker's save button, flashed by the redirect."""
    messages = get_flashed_messages(category_filter=["saved-vacancy"])
    if not messages:
        return ""
    banner = current_app.jinja_env.get_template(
        "components/notification_banner.html"
    ).module.notification_banner  # type: ignore[attr-defined]
    return "".join(str(banner(message, None, success=True)) for message in messages)


def results_html(
    kind: EntryKind,
    query: SearchQuery,
    rows: Sequence[Card],
    pagination_html: str,
    *,
    can_save: bool,
    signed_in: bool,
    login_href: str | None,
    can_save_vacancies: bool,
    save_buttons: Mapping[int, Markup],
) -> Markup:
    """The results column: the banner of a vacancy just saved, the save-this-search form (or the
    sign-in link), the cards with their save buttons and the pagination, or "Nothing matches"."""
    catalog = current_translations()
    parts = [_saved_vacancy_banners()] if can_save_vacancies else []
    if can_save:
        parts.append(_save_search_form(query, catalog))
    elif kind is EntryKind.VACANCY and not signed_in:
        label = catalog.ugettext("Sign in to save this search and get e-mails of new vacancies")
        parts.append(
            f'<p class="govuk-body"><a class="govuk-link" href="{escape(login_href)}">{label}</a></p>\n'
        )
    if rows:
        parts.append('<ul class="govuk-list">\n')
        for card in rows:
            parts.append(card.html)
            if can_save_vacancies:
                parts.append(f"\n    {save_buttons[card.ref_id]}\n  </li>\n")
            else:
                parts.append("\n  </li>\n")
        parts.append(f"</ul>\n{pagination_html}\n")
    else:
        label = catalog.ugettext("Nothing matches your search. Try other words or fewer filters.")
        parts.append(f'<p class="govuk-body">{label}</p>\n')
    return Markup("".join(parts))  # noqa: S704 - the catalog's texts, escaped values and rendered markup


def fragment_html(count: str, results: str) -> str:
    """The htmx answer: the count, swapped out of band into the status line, then the results."""
    return f'<span id="result-count" hx-swap-oob="innerHTML">{count}</span>\n{results}'
