"""The back office's navigation: a registry every back-office feature adds its entry to.

    from portal.web.backoffice import navigation
    navigation.add("vacancies", _l("Vacancies to check"), "vacancies_admin.queue", order=40)

An entry shows only when its endpoint exists in the app and the user's role may use it, so a
feature that is not built (or not mounted) leaves no dead link. Every template extending
`layouts/backoffice.html` gets the list through the `backoffice_navigation()` Jinja global.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import current_app, request, url_for
from flask.globals import _cv_request
from flask_login import current_user
from markupsafe import Markup

from portal.catalog import lazy_gettext as _l
from portal.i18n import current_language
from portal.security import request_user


@dataclass(frozen=True)
class Entry:
    key: str
    text: Any  # a lazy string
    endpoint: str
    order: int = 100
    roles: frozenset[str] | None = None  # None: every staff role
    # Other endpoints under which this entry is the current one: exact names, or `name*` for a
    # prefix (`backoffice.case*` covers the case's notes and register pages).
    also_current: tuple[str, ...] = ()


ENTRIES: dict[str, Entry] = {}


def add(
    key: str,
    text: Any,
    endpoint: str,
    *,
    order: int = 100,
    roles: Iterable[str] | None = None,
    also_current: Iterable[str] = (),
) -> None:
    ENTRIES[key] = Entry(key, text, endpoint, order, frozenset(roles) if roles else None, tuple(also_current))


def _is_current(entry: Entry, endpoint: str | None) -> bool:
    if endpoint is None:
        return False
    if endpoint == entry.endpoint:
        return True
    return any(
        endpoint.startswith(other[:-1]) if other.endswith("*") else endpoint == other
        for other in entry.also_current
    )


def items() -> list[dict[str, Any]]:
    if not current_user.is_authenticated:
        return []
    role = current_user.active_role
    endpoint = request.endpoint if request else None
    return [
        {"text": text, "href": href, "current": _is_current(entry, endpoint)}
        for entry, text, href in _shown(role)
    ]


def _shown(role: str) -> list[tuple[Entry, str, str]]:
    """The entries this role sees, with their text and link: the same on every page for a role and
    a language, so built once per app for each (the sorting, a translation and a `url_for` per
    entry were about 5% of a back-office page's CPU); only `current` is the page's own."""
    key = (role, current_language().code, request.script_root, tuple(map(id, ENTRIES.values())))
    cached = current_app.extensions.setdefault("backoffice_navigation", {})
    shown = cached.get(key)
    if shown is None:
        shown = cached[key] = [
            (entry, str(entry.text), url_for(entry.endpoint))
            for entry in sorted(ENTRIES.values(), key=lambda e: (e.order, e.key))
            if entry.endpoint in current_app.view_functions and (entry.roles is None or role in entry.roles)
        ]
    return shown


# Finished navigations kept per app, up to this many (then forgotten all at once).
_FINISHED_KEPT = 1024


def finished(label: Any) -> Markup:
    """The back-office layout's navigation, `service_navigation(label, items())`, finished once
    per page kind and reused.

    What it shows depends only on the label, the role, the language, where the app is served,
    which entries exist and the page's endpoint (which entry is current): with those as the key a
    page takes the finished markup instead of building the items, their key and the markup's key
    again (about 5% of a cheap back-office page). Byte-identical to the macro
    (`tests/views/test_layout_parts.py`)."""
    from portal.templating import _service_navigation  # the layout's, which renders the macro

    context = _cv_request.get()  # the request and app themselves: a proxy's read raises first
    user = request_user()
    if not user.is_authenticated:
        return _service_navigation(label, [])
    incoming = context.request
    key = (
        type(label),
        str(label),
        user.active_role,
        current_language().code,
        incoming.script_root,
        incoming.endpoint,
        tuple(map(id, ENTRIES.values())),
    )
    kept = context.app.extensions.setdefault("finished_backoffice_navigation", {})
    html = kept.get(key)
    if html is None:
        html = _service_navigation(label, items())
        if len(kept) >= _FINISHED_KEPT:
            kept.clear()
        kept[key] = html
    return html


SUPERVISORS = ("supervisor", "administrator")

add("home", _l("Home"), "backoffice.home", order=0)
add(
    "caseload",
    _l("My caseload"),
    "backoffice.caseload",
    order=10,
    also_current=("backoffice.case*",),
)
add(
    "queues",
    _l("Office queues"),
    "backoffice.registrations",
    order=20,
    also_current=(
        "backoffice.registration_case",
        "backoffice.review_case",
        "backoffice.appeal*",
        "backoffice.training_request*",
        # The other queues listed on the home page under "Queues".
        "backoffice.refusal*",
        "backoffice.status_proposal*",
        "backoffice.reconciliation*",
        "backoffice.signal*",
        "backoffice.reconsiderations",
    ),
)
add("search", _l("Search"), "backoffice.search", order=90)
# Pages other features built; each shows only while its endpoint exists (they may re-add their own).
add(
    "trainings",
    _l("Trainings"),
    "backoffice.trainings",
    order=50,
    also_current=(
        "backoffice.training_new",
        "backoffice.training_edit",
        "backoffice.training_publish",
        "backoffice.training_close",
        "backoffice.measure*",
    ),
)
