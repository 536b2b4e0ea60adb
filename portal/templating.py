"""Jinja setup: globals every layout needs. Logic stays in services and model properties."""

from __future__ import annotations

import re
from collections import ChainMap
from collections.abc import Mapping
from types import BuiltinFunctionType, FunctionType, MethodType, SimpleNamespace
from typing import Any

from flask import Flask, url_for
from flask.globals import _cv_app, _cv_request
from flask_login import current_user
from jinja2 import Template
from jinja2.runtime import Context, Macro
from jinja2.utils import _PassArg, internalcode, missing
from markupsafe import Markup, escape

from portal import labels
from portal.brand import BRAND_COLOUR
from portal.date_formats import dateformat, datetimeformat, isodate
from portal.decision_texts import decided_by, reasoning_paragraphs
from portal.display_names import country_name, language_name
from portal.field_parts import field_describedby, field_error_message, field_hint
from portal.i18n import LANGUAGES, current_language
from portal.language_switcher import RETURN_TO as _RETURN_TO
from portal.language_switcher import language_links, language_switcher
from portal.models import (
    DecisionKind,
    DecisionState,
    EntryKind,
    ExportState,
    MeetingKind,
    MeetingState,
    OfferKind,
    OfferState,
    Outcome,
    PlanStatus,
    ProposalState,
    RegistrationKind,
    RegistrationState,
    ReviewState,
    RiskLevel,
    RunState,
    SasReportState,
    SignalState,
    TimelineKind,
    TrainingRequestState,
    TrainingState,
)
from portal.models.register_snapshot import Status as SectionStatus
from portal.profiles import current_profile
from portal.profiles.refusals import Consequence
from portal.security import csrf_token, request_user


class PortalTemplate(Template):
    """Jinja's template, with `{% from ... import ... %}` reusing the cached module cheaply.

    Jinja reuses an imported template's module unless the importing context has globals the
    imported template lacks; it checks by subtracting the template's global keys (a ChainMap of
    about 60 names) one `in` at a time, on every import of every render (a 6-import page: 350 calls).
    The same check on a plain set costs one C-level difference.
    """

    def _get_default_module(self, ctx: Context | None = None) -> Any:
        if ctx is not None:
            globals_ = self.globals
            # The names in none of the maps, each map's keys taken by C-level set operations
            # (`set(ChainMap)` goes through the ChainMap's Python `__iter__`).
            maps = globals_.maps if type(globals_) is ChainMap else (globals_,)
            if not ctx.globals_keys.difference(*maps):
                ctx = None  # no globals beyond the template's own: the cached module is the same
        return super()._get_default_module(ctx)

    def new_context(
        self,
        vars: dict[str, Any] | None = None,
        shared: bool = False,
        locals: Mapping[str, Any] | None = None,
    ) -> Context:
        """Jinja's `new_context`, the globals copied map by map.

        Every render (and every imported module made) starts from a copy of the globals, about 65
        names: Jinja copies its ChainMap with `dict(globals, **vars)`, which looks up each name
        through the ChainMap's Python `__getitem__`. Updating a dict from each map, the environment's
        first, gives the same names in the same order with the same values; a shared context (an
        include) copies nothing, as before."""
        globals_ = self.globals
        if shared or type(globals_) is not ChainMap:
            return super().new_context(vars, shared, locals)
        parent: dict[str, Any] = {}
        for mapping in reversed(globals_.maps):
            parent.update(mapping)
        if vars:
            parent.update(vars)
        if locals:
            for key, value in locals.items():
                if value is not missing:
                    parent[key] = value
        return self.environment.context_class(
            self.environment, parent, self.name, self.blocks, globals=globals_
        )


# Callables whose `__call__` never carries Jinja's pass-argument mark: for them only the object's
# own mark (`pass_context` and the like) matters, read in one `getattr`.
_PLAIN_CALLABLES = frozenset({FunctionType, MethodType, BuiltinFunctionType, Macro})


class PortalContext(Context):
    """Jinja's template context, calling plain functions and macros with less ceremony.

    A template calls Python through `Context.call` for every `f(...)` (a page: 35-200 calls). Jinja
    first asks whether the object's `__call__` is marked (`hasattr`, a bound method-wrapper made and
    asked), then whether the object is, then removes the loop and block variables it passes along.
    For a function, bound method, builtin or macro the first question's answer is always no, so
    only the second is asked; anything else (a class, a callable object, `pass_context`, which needs
    the loop and block variables) goes through Jinja's own `call`. Same arguments, same result,
    same `Undefined` for a callable raising StopIteration.
    """

    def __init__(
        self,
        environment: Any,
        parent: dict[str, Any],
        name: str | None,
        blocks: dict[str, Any],
        globals: Any = None,
    ) -> None:
        """Jinja's, the globals' names gathered map by map: `set(globals)` of a ChainMap (every
        render and every include) went through its Python `__iter__`; the union of its maps' keys
        is the same set."""
        if type(globals) is ChainMap:
            super().__init__(environment, parent, name, blocks, None)
            self.globals_keys = set().union(*globals.maps)
        else:
            super().__init__(environment, parent, name, blocks, globals)

    @internalcode
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if type(__obj) in _PLAIN_CALLABLES:
            pass_arg = getattr(__obj, "jinja_pass_arg", None)
            if pass_arg is None or pass_arg is _PassArg.eval_context:
                if kwargs:
                    kwargs.pop("_block_vars", None)
                    kwargs.pop("_loop_vars", None)
                if pass_arg is not None:
                    args = (__self.eval_ctx, *args)
                try:
                    return __obj(*args, **kwargs)
                except StopIteration:
                    return __self.environment.undefined(
                        "value was undefined because a callable raised a StopIteration exception"
                    )
        return super().call(__obj, *args, **kwargs)


# Stand for the person's name, the role's label, the CSRF token and the page to return to in the
# cached account bar and session warning (no character of them is escaped in HTML).
_NAME, _ROLE, _TOKEN = "\x1fname\x1f", "\x1frole\x1f", "\x1ftoken\x1f"
_ACCOUNT_MARKERS = re.compile("(" + "|".join(map(re.escape, (_NAME, _ROLE, _TOKEN, _RETURN_TO))) + ")")


def _account_parts(user: Any) -> Markup:
    """The account bar and the session warning of every signed-in page, rendered once and reused.

    Their output depends on the page's language, the role's texts and links, whether the person
    has other roles and the idle limit; what differs between people and pages (the name, the role's
    label with the company acted for, the CSRF token, the page to return to) goes in through
    markers, escaped as the macros would. Byte-identical to the macros
    (`tests/views/test_account_bar.py`).

    The kept markup is split at its markers once; a page joins the pieces with its values (one
    copy), where four `Markup.replace` escaped each marker and value and copied the markup twice
    each (about 0.04 M instructions of every signed-in page).
    """
    context = _cv_request.get()  # the request and app themselves: a proxy's read raises first
    incoming, app = context.request, context.app
    key = (
        current_language().code,
        incoming.script_root,
        user.has_other_roles,
        user.idle_seconds,
    )
    cached = app.extensions.setdefault("account_parts", {})
    template = cached.get(key)
    if template is None:
        env = app.jinja_env
        bar = env.get_template("components/account_bar.html").module.account_bar
        warning = env.get_template("components/session_warning.html").module.session_warning
        stand_in = SimpleNamespace(full_name=_NAME, subject=_NAME, has_other_roles=user.has_other_roles)
        html = (
            bar(stand_in, _ROLE, token=_TOKEN)
            + Markup("\n    ")
            + warning(user.idle_seconds, token=_TOKEN, next=_RETURN_TO)
        )
        template = cached[key] = tuple(_ACCOUNT_MARKERS.split(str(html)))
    # `escape` as Markup.replace escaped each value (a Markup's text as it is, any other escaped).
    values = {
        _NAME: escape(user.full_name or user.subject),
        _ROLE: escape(_role_label(user.active_role)),
        _TOKEN: escape(csrf_token()),
        _RETURN_TO: escape(incoming.full_path.rstrip("?")),
    }
    # The text between the markers, and each marker's value (a marker is at every odd position).
    return Markup("".join([values.get(part, part) for part in template]))  # noqa: S704 - the macros' markup


def _jobseeker_navigation(unread: int | None) -> Markup:
    """The jobseeker layout's navigation (the inbox link and its unread count), kept per language,
    count and whether the page is the inbox: the same few outputs on every jobseeker page."""
    context = _cv_request.get()  # the request and app themselves: a proxy's read raises first
    current = context.request.endpoint == "jobseeker.inbox"
    key = (current_language().code, context.request.script_root, unread, current)
    cached = context.app.extensions.setdefault("jobseeker_navigations", {})
    html = cached.get(key)
    if html is None:
        macro = context.app.jinja_env.get_template("components/jobseeker_navigation.html").module
        html = macro.jobseeker_navigation(unread, current)
        if unread is None or unread < 100:  # a bounded cache: larger counts are rare
            cached[key] = html
    return html


# Finished service navigations kept per app, up to this many (then forgotten and rendered anew).
_NAVIGATIONS_KEPT = 1024


def _service_navigation(label: Any, items: Any) -> Markup:
    """The `service_navigation` macro's markup (components/service_navigation.html), kept per label
    and items: a layout's navigation is one of a few lists (the back office's per role and page),
    and every page rendered the macro again (its import, its loop, an escape per value).

    The key holds each value's text and type (a lazy or Markup text is written unescaped, a plain
    one escaped) and whether an item is current, which is all the macro reads. Items that are not
    plain dicts in a list go to the macro each time."""
    app = _cv_app.get().app  # the app itself: a proxy's read costs more
    plain = type(items) is list and all(type(item) is dict for item in items)
    key = (type(label), str(label), tuple(map(_navigation_item_key, items))) if plain else None
    kept = app.extensions.setdefault("service_navigations", {})
    html = kept.get(key) if plain else None
    if html is None:
        html = app.jinja_env.get_template("components/service_navigation.html").module.service_navigation(
            label, items
        )
        if plain:
            if len(kept) >= _NAVIGATIONS_KEPT:
                kept.clear()
            kept[key] = html
    return html


def _navigation_item_key(item: dict[str, Any]) -> tuple[Any, ...]:
    text, href = item.get("text"), item.get("href")
    return (type(text), str(text), type(href), str(href), bool(item.get("current")))


def _url_for(endpoint: str, **values: Any) -> str:
    """Templates' `url_for`: a link to an endpoint without values built once, not on every page.

    Such a URL depends only on the endpoint and on where the app is served (script root, host),
    and the layouts and pages link about a hundred of them; building one cost about 10 µs. Links
    with values, relative endpoints and apps with URL defaults are built by the request's app
    (Flask's `url_for` without its read of `current_app`).
    """
    context = _cv_request.get(None)
    if context is None:
        return url_for(endpoint, **values)
    app = context.app
    if values or endpoint[:1] == "." or any(app.url_default_functions.values()):
        return app.url_for(endpoint, **values)
    adapter = context.url_adapter
    if adapter is None:  # pragma: no cover - Flask makes one for every request it routes
        return app.url_for(endpoint)
    key = (endpoint, adapter.script_name, adapter.server_name, adapter.subdomain, adapter.url_scheme)
    urls = app.extensions["plain_urls"]
    url = urls.get(key)
    if url is None:
        url = urls[key] = app.url_for(endpoint)
    return url


def _role_label(role: str) -> str:
    user = request_user() if _cv_request.get(None) is not None else current_user
    return labels.role_label(role, getattr(user, "acting_for_name", None))


def _fold_constant_processors(app: Flask) -> None:
    """Flask-WTF's and Flask-HTMX's context processors become the Jinja globals they give.

    Each gives the same objects on every render (Flask-WTF's `csrf_token` and `csrf_meta_tag`,
    which it also sets as globals; Flask-HTMX's extension object): as globals every template sees
    the same names and objects, without two of Flask's processor calls per render. Values passed
    to `render_template` still win, as they won over a processor's."""
    processors = app.template_context_processors[None]
    for func in list(processors):
        name = (getattr(func, "__module__", None), getattr(func, "__name__", None))
        if name in (("flask_wtf.csrf", "<lambda>"), ("flask_htmx.htmx", "htmx_context_processor")):
            app.jinja_env.globals.update(func())
            processors.remove(func)


def init_app(app: Flask) -> None:
    _fold_constant_processors(app)  # after csrf.init_app and htmx.init_app (portal/__init__.py)
    app.jinja_env.template_class = PortalTemplate
    app.jinja_env.context_class = PortalContext
    app.extensions["plain_urls"] = {}
    app.extensions["finished_language_switchers"] = {}
    app.jinja_env.filters["isodate"] = isodate
    # Flask-Babel's filters (registered by babel.init_app), with each text kept once formatted.
    app.jinja_env.filters["dateformat"] = dateformat
    app.jinja_env.filters["datetimeformat"] = datetimeformat
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["country_name"] = country_name
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(
        # Flask-WTF's `generate_csrf` read its settings and `g` through proxies on each call (~8 µs,
        # a page's forms call it several times): the portal's gives the request's token from `g`.
        csrf_token=csrf_token,
        url_for=_url_for,
        brand_colour=BRAND_COLOUR,
        current_language=current_language,
        language_links=language_links,
        language_switcher=language_switcher,
        languages=LANGUAGES,
        profile=current_profile,
        role_label=_role_label,
        account_parts=_account_parts,
        jobseeker_navigation=_jobseeker_navigation,
        service_navigation=_service_navigation,
        field_hint=field_hint,
        field_error_message=field_error_message,
        field_describedby=field_describedby,
        # Labels and the codes templates compare with: never a raw value in a template.
        labels=labels,
        register_titles=labels.REGISTER_TITLES,
        DecisionKind=DecisionKind,
        DecisionState=DecisionState,
        ExportState=ExportState,
        RegistrationKind=RegistrationKind,
        RegistrationState=RegistrationState,
        RiskLevel=RiskLevel,
        PlanStatus=PlanStatus,
        MeetingKind=MeetingKind,
        MeetingState=MeetingState,
        SectionStatus=SectionStatus,
        ProposalState=ProposalState,
        RunState=RunState,
        SignalState=SignalState,
        TrainingState=TrainingState,
        TrainingRequestState=TrainingRequestState,
        OfferState=OfferState,
        OfferKind=OfferKind,
        ReviewState=ReviewState,
        SasReportState=SasReportState,
        Outcome=Outcome,
        Consequence=Consequence,
        TimelineKind=TimelineKind,
        EntryKind=EntryKind,
        reasoning_paragraphs=reasoning_paragraphs,
        decided_by=decided_by,
    )
