"""What other features add to the case view without editing it.

- `add_panel`: a section of the case page (e.g. recommended vacancies). `load(case)` returns a
  dict (or None to hide the panel): the panel's finished markup as its "html" (then `template` is
  None), or else `template` is included with `case` and that dict as `panel_context`.
- `add_action`: a link among the case's actions (e.g. "Propose an offer"). `values(case)` gives the
  endpoint's URL values; shown only when the endpoint exists and the role may use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import current_app, request, url_for
from markupsafe import Markup, escape

from portal.catalog import current_translations
from portal.catalog import lazy_gettext as _l
from portal.i18n import current_language
from portal.models import JobseekerCase
from portal.security import request_user
from portal.web.backoffice.case_view_parts import address, template_text


@dataclass(frozen=True)
class Panel:
    key: str
    template: str | None  # None: `load` gives the panel's markup as "html"
    load: Callable[[JobseekerCase], dict[str, Any] | None]
    order: int = 100
    ahead: Callable[[JobseekerCase], None] | None = None  # announces `load`'s reads (`read_ahead`)


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
    key: str,
    template: str | None,
    load: Callable[[JobseekerCase], dict[str, Any] | None],
    *,
    order: int = 100,
    ahead: Callable[[JobseekerCase], None] | None = None,
) -> None:
    PANELS[key] = Panel(key, template, load, order, ahead)


def read_ahead(case: JobseekerCase) -> None:
    """Each panel's `ahead(case)`: the reads its `load` will make, announced with
    `core_rows.read_ahead`, so that on PostgreSQL they go with the page's next read."""
    for panel in PANELS.values():
        if panel.ahead is not None:
            panel.ahead(case)


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
    _tabs_version += 1  # the headers made before are made again


# Every case page's header (`templates/backoffice/case/_header.html` as it was: the person's code,
# office and name, and the links to the case's pages) written here: an `{% include %}` copied the
# whole template context and the tab loop ran a dozen `{{ }}` per tab, ~0.25 M instructions per case
# page. Its constant parts (the translated texts and the tabs' labels and addresses, escaped) are
# made once per app, language, page and script root; a tab's rule takes `case_id` once, so the
# links' markup is the pieces around the address made for `_ANY_CASE`, joined with the case's id.
# The nav's label as `_()` wrote it (a lazy text's `__html__`: the catalog's text); `_l` for the
# message extraction, which found it in the template before.
PAGES_OF_THIS_CASE = _l("Pages of this case")
_HEADERS_MADE = "case_headers"
_HEADERS_KEPT = 64  # languages x case pages; started again when full
_ANY_CASE = 918273645
_tabs_version = 0


@dataclass(frozen=True)
class _HeaderParts:
    office: Markup  # "%(office)s office", translated
    name_not_known: Markup
    nav: tuple[str, ...]  # the `<nav>`'s markup around each place of the case's id


def header(case: Any, person: Any) -> Markup:
    """The heading and sub-navigation of a case page, byte for byte as `_header.html` wrote them
    (included where its line began, so without a newline after it)."""
    made: dict[tuple[str, str | None, str, int], _HeaderParts] = current_app.extensions.setdefault(
        _HEADERS_MADE, {}
    )
    key = (current_language().code, request.endpoint, request.script_root, _tabs_version)
    parts = made.get(key)
    if parts is None:
        parts = _header_parts(request.endpoint)
        if len(made) >= _HEADERS_KEPT:
            made.clear()
        made[key] = parts
    name = person.full_name
    return Markup(  # noqa: S704 - every value escaped here, the constant parts when made
        f'<span class="govuk-caption-l">{escape(person.national_code)} · '
        f"{parts.office % {'office': case.office}}</span>\n"
        f'<h1 class="govuk-heading-l">{escape(name) if name else parts.name_not_known}</h1>\n'
        f"{str(int(case.id)).join(parts.nav)}"
    )


_TAB = (
    '    <li class="govuk-!-display-inline-block govuk-!-margin-right-4"><a class="govuk-link" href="',
    '"',
    ' aria-current="page"',
    ">",
    "</a></li>\n",
)


def _header_parts(endpoint: str | None) -> _HeaderParts:
    translations = current_translations()
    nav = [
        f'<nav aria-label="{escape(PAGES_OF_THIS_CASE)}" class="govuk-!-margin-bottom-6">\n'
        '  <ul class="govuk-list">\n'
    ]
    for tab in sorted(TABS.values(), key=lambda t: (t.order, t.key)):
        if tab.endpoint not in current_app.view_functions:
            continue
        before, _any, after = url_for(tab.endpoint, case_id=_ANY_CASE).partition(str(_ANY_CASE))
        current = _TAB[2] if endpoint == tab.endpoint else ""
        nav[-1] += f"{_TAB[0]}{escape(before)}"  # an f-string: `str + Markup` would escape the str
        nav.append(f"{escape(after)}{_TAB[1]}{current}{_TAB[3]}{escape(str(tab.text))}{_TAB[4]}")
    nav[-1] += "  </ul>\n</nav>"
    return _HeaderParts(
        office=Markup(translations.ugettext("%(office)s office")),  # noqa: S704 - the catalog's
        name_not_known=template_text("Name not known"),
        nav=tuple(nav),
    )


add_tab("summary", _l("Summary and timeline"), "backoffice.case", order=0)
add_tab("notes", _l("Confidential notes"), "backoffice.case_notes", order=80)
add_tab("registers", _l("Register data"), "backoffice.case_register_data", order=90)
