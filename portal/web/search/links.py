"""A results page's links: the pagination (rendered) and the address htmx pushes, kept per search.

Both are functions of the search's parameters, the pages known to exist, the search's address and
the language (the pagination's labels): five URLs encoded and a macro rendered per request before,
about a twentieth of the results fragment's CPU. A search asked again (the next person, Back, the
same filters) finds them made.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from flask import current_app, url_for
from markupsafe import Markup

from portal.models.search import EntryKind
from portal.services.search import Results
from portal.web.search import presenter


@dataclass(frozen=True, slots=True)
class Links:
    pagination: Markup  # components/pagination.html's macro for `presenter.pagination`
    push_href: str  # `presenter.href(kind, query)`: the address of the page shown


# Links by (kind, profile, language, search address, query, pages known): bounded, the oldest goes first.
_LINKS: dict[tuple[Any, ...], Links] = {}
_LINKS_MAX = 2000
_LINKS_LOCK = threading.Lock()


def links(kind: EntryKind, results: Results, profile_code: str, language: str, base: str) -> Links:
    """`base` is `url_for` of the search (its route under the application's root)."""
    query = results.query
    # Every field of the query (its words, filters, sort, page and page size: a SearchQuery compares
    # and hashes them all), and the last page, are all the links read.
    key = (kind, profile_code, language, base, query, min(results.pages, 500))
    found = _LINKS.get(key)
    if found is not None:
        return found
    macro = current_app.jinja_env.get_template("components/pagination.html").module.pagination  # type: ignore[attr-defined]
    made = Links(
        pagination=macro(presenter.pagination(kind, results, base)),
        push_href=presenter.page_hrefs(kind, query, base)(query.page),
    )
    with _LINKS_LOCK:  # a worker's threads evict at once: the oldest key must exist when deleted
        while len(_LINKS) >= _LINKS_MAX:
            del _LINKS[next(iter(_LINKS))]
        _LINKS[key] = made
    return made


# The sign-in link under an anonymous person's results, by (application root, page address).
_LOGIN: dict[tuple[str, str], str] = {}


def login_href(script_root: str, full_path: str) -> str:
    """`url_for("auth.login", next=full_path)`: the same address for the same page, so kept."""
    key = (script_root, full_path)
    found = _LOGIN.get(key)
    if found is None:
        found = url_for("auth.login", next=full_path)
        with _LINKS_LOCK:
            while len(_LOGIN) >= _LINKS_MAX:
                del _LOGIN[next(iter(_LOGIN))]
            _LOGIN[key] = found
    return found
