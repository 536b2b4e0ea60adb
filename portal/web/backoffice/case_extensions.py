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
from flask_login import current_user

from portal.catalog import lazy_gettext as _l
from portal.models import JobseekerCase


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
    role = current_user.active_role
    return [
        {"text": str(action.text), "href": url_for(action.endpoint, **action.values(case))}
        for action in sorted(ACTIONS.values(), key=lambda a: (a.order, a.key))
        if action.endpoint in current_app.view_functions and (action.roles is None or role in action.roles)
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
    TABS[key] = Tab(key, text, endpoint, order)


def tabs(case_id: int) -> list[dict[str, Any]]:
    endpoint = request.endpoint
    return [
        {
            "text": str(tab.text),
            "href": url_for(tab.endpoint, case_id=case_id),
            "current": endpoint == tab.endpoint,
        }
        for tab in sorted(TABS.values(), key=lambda t: (t.order, t.key))
        if tab.endpoint in current_app.view_functions
    ]


add_tab("summary", _l("Summary and timeline"), "backoffice.case", order=0)
add_tab("notes", _l("Confidential notes"), "backoffice.case_notes", order=80)
add_tab("registers", _l("Register data"), "backoffice.case_register_data", order=90)
