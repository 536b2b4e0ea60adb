"""`/jobs` and `/trainings`: a GET form (shareable URL, no JavaScript needed); with htmx the
results part is swapped as the filters change and the URL pushed, so Back works."""

from __future__ import annotations

import threading
from typing import Any

from flask import make_response, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from portal.extensions import htmx
from portal.i18n import current_language
from portal.models.base import utcnow
from portal.models.search import EntryKind
from portal.profiles import current_profile
from portal.services.search import SearchQuery, search
from portal.settings import settings
from portal.web import saved_vacancy_toggle
from portal.web.search import presenter, results_html, search_pages
from portal.web.search.form import filters_form
from portal.web.search.limit import limited
from portal.web.search.links import links, login_href


def _search_limit() -> str:
    return settings().ratelimit_search


def _signed_in() -> bool:
    """Signed-in people are limited by their session's other rules, not by address."""
    return bool(current_user.is_authenticated)


# Searches by (kind, profile, query string): a query is a function of the parameters and the
# profile's places, and the same searches come back (the next person, Back, a page link). Parsing
# one (thirteen parameters, the words folded) and the query string itself cost about a fortieth of
# a results fragment. Bounded: the oldest goes first; a long query string is parsed, not kept.
_QUERIES: dict[tuple[Any, ...], SearchQuery] = {}
_QUERIES_MAX = 2000
_QUERY_STRING_MAX = 400
_QUERIES_LOCK = threading.Lock()


def _query(kind: EntryKind, profile_code: str) -> SearchQuery:
    query_string = request.query_string
    if len(query_string) > _QUERY_STRING_MAX:
        return presenter.parse(kind, request.args, profile_code)
    key = (kind, profile_code, query_string)
    found = _QUERIES.get(key)
    if found is None:
        found = presenter.parse(kind, request.args, profile_code)
        with _QUERIES_LOCK:  # a worker's threads evict at once: the oldest key must exist when deleted
            while len(_QUERIES) >= _QUERIES_MAX:
                del _QUERIES[next(iter(_QUERIES))]
            _QUERIES[key] = found
    return found


# The search's own address by (kind, application root): `url_for` matched the endpoint anew each time.
_SEARCH_URLS: dict[tuple[EntryKind, str], str] = {}


def _search_url(kind: EntryKind) -> str:
    key = (kind, request.script_root)
    found = _SEARCH_URLS.get(key)
    if found is None:
        if len(_SEARCH_URLS) >= 64:  # roots are few; a proxy's odd prefixes must not grow it
            _SEARCH_URLS.clear()
        found = _SEARCH_URLS[key] = url_for(presenter.ENDPOINTS[kind])
    return found


def _render(kind: EntryKind):
    profile, language = current_profile(), current_language().code
    query = _query(kind, profile.code)
    signed_in = bool(current_user.is_authenticated)
    # A signed-in jobseeker saves vacancies from the results: which of the page's they saved is
    # read with the page where the search can (PostgreSQL), else in a statement of its own.
    can_save_vacancies = kind is EntryKind.VACANCY and saved_vacancy_toggle.can_save()
    saved_by = current_user.person_id if can_save_vacancies else None
    results = search(kind, query, today=profile.today(), now=utcnow(), saved_by=saved_by)
    search_url = _search_url(kind)
    made = links(kind, results, profile.code, language, search_url)
    count = results_html.count_text(kind, results)
    save_buttons: dict[int, Markup] = {}
    if can_save_vacancies:
        saved = results.saved
        if saved is None:
            saved = saved_vacancy_toggle.saved_map(hit.ref_id for hit in results.hits)
        save_buttons = saved_vacancy_toggle.buttons(
            ((hit.ref_id, hit.title) for hit in results.hits), saved, request.full_path
        )
    body = results_html.results_html(
        kind,
        query,
        presenter.cards(list(results.hits), profile.code, language),
        made.pagination,
        can_save=kind is EntryKind.VACANCY and signed_in and current_user.active_role == "jobseeker",
        signed_in=signed_in,
        login_href=login_href(request.script_root, request.full_path)
        if kind is EntryKind.VACANCY and not signed_in
        else None,
        can_save_vacancies=can_save_vacancies,
        save_buttons=save_buttons,
    )
    # A history restore after Back (htmx keeps no history cache) needs the whole page.
    fragment = htmx and not request.headers.get("HX-History-Restore-Request")
    if fragment:
        response = make_response(results_html.fragment_html(count, body))
    else:
        page = render_template(
            "search/page.html",
            kind=kind,
            query=query,
            count_text=count,
            results_html=body,
            search_url=search_url,
            filters_form=filters_form(kind, query, profile.code, language, search_url),
        )
        response = make_response(page)
    # As `response.vary.add`, without parsing the header the response does not have yet.
    response.headers["Vary"] = "HX-Request"
    if fragment:  # the address pushed names only what was chosen, not every empty field
        response.headers["HX-Push-Url"] = made.push_href
    return response


@search_pages.get("/jobs")
@limited(_search_limit, exempt_when=_signed_in)
def jobs():
    return _render(EntryKind.VACANCY)


@search_pages.get("/trainings")
@limited(_search_limit, exempt_when=_signed_in)
def trainings():
    return _render(EntryKind.TRAINING)
