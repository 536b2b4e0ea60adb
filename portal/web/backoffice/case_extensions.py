"""What other features add to the case view without editing it.

- `add_panel`: a section of the case page (e.g. recommended vacancies). `load(case)` returns a
  dict (or None to hide the panel); `template` is included with `case` and that dict as
  `panel_context`.
- `add_action`: a link among the case's actions (e.g. "Propose an offer"). `values(case)` gives the
  endpoint's URL values; shown only when the endpoint exists and the role may use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import current_app, request, url_for

from portal.catalog import lazy_gettext as _l
from portal.i18n import current_language
from portal.models import JobseekerCase
from portal.security import request_user
from portal.web.backoffice.case_view_parts import address


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    load: Callable[[JobseekerCase], dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class Action:
    key: str
    text: Any
    endpoint: str
    values: Callable[[JobseekerCase], dict[str, Any]]
    order: int = 100
    roles: frozenset[str] | None = None


PANELS: dict[str, Panel] = {}
ACTIONS: dict[str, Action] = {}


def add_panel(
    key: str, template: str, load: Callable[[JobseekerCase], dict[str, Any] | None], *, order: int = 100
) -> None:
    PANELS[key] = Panel(key, template, load, order)


def add_action(
    key: str,
    text: Any,
    endpoint: str,
    values: Callable[[JobseekerCase], dict[str, Any]],
    *,
    order: int = 100,
    roles: Iterable[str] | None = None,
) -> None:
    ACTIONS[key] = Action(key, text, endpoint, values, order, frozenset(roles) if roles else None)


def panels(case: JobseekerCase) -> list[tuple[Panel, dict[str, Any]]]:
    shown = []
    for panel in sorted(PANELS.values(), key=lambda p: (p.order, p.key)):
        context = panel.load(case)
        if context is not None:
            shown.append((panel, context))
    return shown


def actions(case: JobseekerCase) -> list[dict[str, str]]:
    role = request_user().active_role
    views = current_app.view_functions
    # Each address as `url_for` makes it, from its parts kept per endpoint (`case_view_parts`).
    return [
        {"text": str(action.text), "href": address((action.endpoint, action.values(case)))}
        for action in sorted(ACTIONS.values(), key=lambda a: (a.order, a.key))
        if action.endpoint in views and (action.roles is None or role in action.roles)
    ]


# --- the case's sub-navigation --------------------------------------------------------------------


@dataclass(frozen=True)
class Tab:
    key: str
    text: Any
    endpoint: str  # takes `case_id`
    order: int = 100


TABS: dict[str, Tab] = {}


def add_tab(key: str, text: Any, endpoint: str, *, order: int = 100) -> None:
    """A page of the case (risk profile, plan, meetings, offers): linked from every case page."""
    global _tabs_version
    TABS[key] = Tab(key, text, endpoint, order)
    _tabs_version += 1  # the tabs made before are made again


# Every case page's header links the case's pages: their labels translated and their addresses built
# once per app, language, page and script root, as (text, address up to the case id, after it,
# current), not seven `url_for` and translations per view. A tab's rule takes `case_id` once, so a
# case's address is its id between the two parts of the address made for `_ANY_CASE`.
_TABS_MADE = "case_tabs"
_TABS_KEPT = 64  # languages x case pages; started again when full
_ANY_CASE = 918273645
_tabs_version = 0


def tabs(case_id: int) -> list[dict[str, Any]]:
    made: dict[tuple[str, str | None, str, int], list[tuple[str, str, str, bool]]] = (
        current_app.extensions.setdefault(_TABS_MADE, {})
    )
    key = (current_language().code, request.endpoint, request.script_root, _tabs_version)
    parts = made.get(key)
    if parts is None:
        parts = _tab_parts(request.endpoint)
        if len(made) >= _TABS_KEPT:
            made.clear()
        made[key] = parts
    return [
        {"text": text, "href": f"{before}{int(case_id)}{after}", "current": current}
        for text, before, after, current in parts
    ]


def _tab_parts(endpoint: str | None) -> list[tuple[str, str, str, bool]]:
    parts = []
    for tab in sorted(TABS.values(), key=lambda t: (t.order, t.key)):
        if tab.endpoint not in current_app.view_functions:
            continue
        before, _any, after = url_for(tab.endpoint, case_id=_ANY_CASE).partition(str(_ANY_CASE))
        parts.append((str(tab.text), before, after, endpoint == tab.endpoint))
    return parts


add_tab("summary", _l("Summary and timeline"), "backoffice.case", order=0)
add_tab("notes", _l("Confidential notes"), "backoffice.case_notes", order=80)
add_tab("registers", _l("Register data"), "backoffice.case_register_data", order=90)
