"""Templates' `_("…")` translated when the template is compiled, once per catalog.

A template's `{{ _("Sign in") }}` was a call on every render: Jinja's `Context.call`, the
request's catalog found, `ugettext`, `Markup`, the `%` check (about 20,000 instructions; a page
has 25-100 of them). Its answer depends only on the text and on the catalog of the moment, so
`PortalEnvironment` compiles each template once per catalog it is rendered with (a language; the
request's, or `force_locale`'s) and writes the translation of every `_("literal")` and
`gettext("literal")` into the compiled template: a constant, which Jinja then outputs as part of
the template's text. With values (`_("%(n)s results", n=count)`) the translated text becomes a
constant `%`-formatted with them, as the call did. Nothing else changes:

- the same text: the catalog's `ugettext`, `Markup` where the template autoescapes (so values are
  escaped when formatted), `%%` read as `%` when there are no values (Jinja's new-style gettext,
  `portal.i18n._template_gettext`); a text whose formatting fails is left as a call, to fail as
  before;
- a template loaded with no request and no forced locale (no catalog to trust), or through
  `from_string`, is compiled as before, `_()` called at render time;
- a template that names something else `_` or `gettext` (set, loop, macro argument, import) is
  compiled as before.

Plain links are compiled the same way (fifteenth pass): a template's `{{ url_for("endpoint") }}` or
`{{ static_url("file") }}` with one literal and nothing else was a call on every render (Jinja's
call, the URL kept per address, an escape: about 10,000 instructions; the base layout has six, a
page a few more). The URL depends only on where the app is served (its script name), so each
template is compiled per catalog and app address, the URL the call builds written in as a constant.
A relative endpoint (`.name`, the request's blueprint), values, URL defaults, host or subdomain
matching, more than `ADDRESSES_KEPT` addresses, a call that fails or a template that binds the name
itself: the call stays.

Each language's templates are kept under their own key in Jinja's cache, whose size is raised for
it (`CACHE_SIZE`). The catalog object is the key: Flask-Babel keeps one per locale and domain for the
life of the process, and a different one (another language) is another compiled template.
"""

from __future__ import annotations

import weakref
from collections.abc import MutableMapping
from contextvars import ContextVar
from typing import Any

from babel.support import NullTranslations
from flask.globals import _cv_request
from flask.templating import Environment
from jinja2 import Template, nodes
from jinja2.utils import LRUCache, internalcode
from jinja2.visitor import NodeTransformer

from portal.catalog import _babel_state, current_translations
from portal.template_cache import TemplateCache
from portal.template_output import PortalCodeGenerator

# Templates' callables that `portal.i18n` installs as `_template_gettext` (text, then values).
TRANSLATING = frozenset({"_", "gettext"})
# Templates' link globals (portal.templating's `_url_for`, portal.static_assets' `static_url`) whose
# call with one literal and nothing else is compiled to its URL, per app address.
LINKING = frozenset({"url_for", "static_url"})
# Jinja's default is 400 templates; the portal has about 160, compiled once per language served.
CACHE_SIZE = 1200
# App addresses (script names) templates are compiled with their links for, at most this many per
# environment; a request under another one gets templates whose links are built when rendered.
ADDRESSES_KEPT = 8

# What the template being compiled is compiled for: the catalog, and the app address its links
# are built for (None: built when rendered).
_compiling_for: ContextVar[tuple[NullTranslations, str | None] | None] = ContextVar(
    "portal_compiling_for", default=None
)


def template_catalog() -> NullTranslations | None:
    """The catalog `_()` would use now, when it is one Flask-Babel keeps (else None).

    Only inside a request, or with a locale already chosen (`force_locale` in an app context):
    elsewhere choosing one would need a request, which the template itself may not need."""
    state = _babel_state()
    if state is not None:
        # The request's kept catalog, for the domain and locale of the moment: what the steps
        # below find (`current_translations`' first answer), read from the namespace's dict.
        values = state.__dict__
        kept = values.get("portal_catalog")
        if (
            kept is not None
            and kept[1] is not None
            and kept[0] is values.get("babel_domain")
            and kept[1] is values.get("babel_locale")
        ):
            return kept[2]  # type: ignore[no-any-return]
    if getattr(state, "babel_locale", None) is None and _cv_request.get(None) is None:
        return None
    translations = current_translations()
    cached = getattr(_babel_state(), "portal_catalog", None)
    if cached is None or cached[2] is not translations:
        return None  # not the request's kept catalog: nothing stable to key a template by
    return translations


# What `getattr` finds on a plain dict: its methods and the object's attributes (no instance dict).
_DICT_ATTRIBUTES = frozenset(dir(dict))


class PortalEnvironment(Environment):
    """Flask's Jinja environment, compiling `_("literal")` into each language's templates (and
    each run of output into one `yield`: portal/template_output.py)."""

    code_generator_class = PortalCodeGenerator

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._link_addresses: set[str] = set()
        if type(self.cache) is LRUCache:  # (a size of 0 gives None, -1 a plain dict: kept as Jinja's)
            self.cache = TemplateCache(self.cache.capacity)  # O(1) look-ups (portal/template_cache.py)
        # Jinja's `join_path` gives the name as it is: a template's parent does not change the key.
        self._plain_join_path = type(self).join_path is Environment.join_path

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Jinja's `obj.attribute`, a plain dict's key looked up without an exception first.

        Jinja tries `getattr` and then the item: for a dict's key (a link, a row, a navigation
        item) the `getattr` raises an AttributeError (its message formatted) that is discarded,
        about 2 µs each, tens of times a page. A plain dict has only its class's attributes, so
        a name that is not one of them is its item or nothing, as in Jinja."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    @internalcode
    def get_template(
        self,
        name: str | Template,
        parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        """Jinja's `get_template`, a compiled template of the request's language found in one step.

        A page looks up its template, each layout it extends and each `{% from %}` import (4-10
        a page), each through `join_path`, `_load_template`, the catalog's steps and the cache:
        about 16,000 instructions a look-up. When nothing but the cache can answer (a name, no
        globals to add, no reloading, no bytecode cache, Jinja's `join_path`), the key
        `_load_template` stores under is looked up directly; a miss goes to Jinja as before."""
        cache = self.cache
        if (
            type(name) is str
            and not globals
            and cache is not None
            and not self.auto_reload
            and self.bytecode_cache is None
            and self._plain_join_path
            and self.loader is not None
        ):
            catalog = template_catalog()
            if catalog is not None:
                template = cache.get((weakref.ref(self.loader), name, catalog, self._link_address()))
                if template is not None:
                    return template  # type: ignore[no-any-return]
        return super().get_template(name, parent, globals)

    def _link_address(self) -> str | None:
        """The request's app address (its script name) when a plain link's URL depends on nothing
        else: a request with a URL adapter, no URL defaults, no host or subdomain matching. None
        otherwise, or beyond `ADDRESSES_KEPT` addresses (a header may set the script name)."""
        context = _cv_request.get(None)
        adapter = None if context is None else context.url_adapter
        if adapter is None:
            return None
        app = context.app  # type: ignore[union-attr]
        if app.url_map.host_matching or app.subdomain_matching or any(app.url_default_functions.values()):
            return None
        address: str = adapter.script_name
        addresses = self._link_addresses
        if address not in addresses:
            if len(addresses) >= ADDRESSES_KEPT:
                return None
            addresses.add(address)
        return address

    @internalcode
    def _load_template(self, name: str, globals: MutableMapping[str, Any] | None) -> Template:
        # A bytecode cache keys compiled code by source alone: it would mix the languages.
        catalog = template_catalog() if self.bytecode_cache is None else None
        if catalog is None or self.loader is None:
            return super()._load_template(name, globals)
        # Jinja's own, with the catalog and the app address in the cache key and the compiler told
        # which they are.
        address = self._link_address()
        cache_key = (weakref.ref(self.loader), name, catalog, address)
        if self.cache is not None:
            template = self.cache.get(cache_key)
            if template is not None and (not self.auto_reload or template.is_up_to_date):
                if globals:
                    template.globals.update(globals)
                return template
        token = _compiling_for.set((catalog, address))
        try:
            template = self.loader.load(self, name, self.make_globals(globals))
        finally:
            _compiling_for.reset(token)
        if self.cache is not None:
            self.cache[cache_key] = template
        return template

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        compiling_for = _compiling_for.get()
        if compiling_for is not None:
            catalog, address = compiling_for
            bound = _bound_names(tree)
            translate = not bound & TRANSLATING
            links = frozenset() if address is None else LINKING - bound
            if translate or links:
                tree = _Translate(catalog, translate, links, self).visit(tree)
        return tree


def _bound_names(tree: nodes.Template) -> set[str]:
    """The names the template binds itself (set, loop, macro argument, import): a call of one of
    them may not be the global's."""
    bound = set()
    for node in tree.find_all((nodes.Name, nodes.FromImport, nodes.Import)):
        if isinstance(node, nodes.Name):
            if node.ctx != "load":
                bound.add(node.name)
        elif isinstance(node, nodes.Import):
            bound.add(node.target)
        else:
            bound.update((alias if isinstance(alias, tuple) else (alias,))[-1] for alias in node.names)
    return bound


class _Translate(NodeTransformer):
    def __init__(
        self, catalog: NullTranslations, translate: bool, links: frozenset[str], environment: Environment
    ) -> None:
        self.catalog = catalog
        self.translate = translate
        self.links = links
        self.environment = environment

    def _link(self, node: nodes.Call) -> nodes.Node:
        """`url_for("endpoint")` or `static_url("name")` as the URL it builds in this request's
        app address: what the call returns for every request at that address (the templates'
        `_url_for` and `static_url` keep the same URL per address). A relative endpoint (the
        request's blueprint), a call that fails or a URL that is not a path stays a call."""
        argument = node.args[0].value  # type: ignore[attr-defined]
        if node.node.name == "url_for" and argument.startswith("."):  # type: ignore[attr-defined]
            return node
        try:
            url = self.environment.globals[node.node.name](argument)  # type: ignore[attr-defined]
        except Exception:  # it fails when rendered, as before
            return node
        if type(url) is not str or not url.startswith("/"):
            return node
        return nodes.Const(url, lineno=node.lineno)

    def visit_Call(self, node: nodes.Call) -> nodes.Node:
        node = self.generic_visit(node)
        callee = node.node
        if (
            isinstance(callee, nodes.Name)
            and callee.name in self.links
            and len(node.args) == 1
            and isinstance(node.args[0], nodes.Const)
            and type(node.args[0].value) is str
            and not node.kwargs
            and node.dyn_args is None
            and node.dyn_kwargs is None
        ):
            return self._link(node)
        if (
            not self.translate
            or not isinstance(callee, nodes.Name)
            or callee.name not in TRANSLATING
            or len(node.args) != 1
            or not isinstance(node.args[0], nodes.Const)
            or type(node.args[0].value) is not str
            or node.dyn_args is not None
            or node.dyn_kwargs is not None
            or len({keyword.key for keyword in node.kwargs}) != len(node.kwargs)
        ):
            return node
        text = self.catalog.ugettext(node.args[0].value)
        lineno = node.lineno
        if not node.kwargs:
            if "%" in text:
                try:
                    text = text % {}  # as the call formats it: `%%` is `%`
                except (KeyError, TypeError, ValueError):
                    return node  # fails when rendered, as before
            return nodes.MarkSafeIfAutoescape(nodes.Const(text, lineno=lineno), lineno=lineno)
        values = nodes.Dict(
            [
                nodes.Pair(nodes.Const(keyword.key, lineno=lineno), keyword.value, lineno=lineno)
                for keyword in node.kwargs
            ],
            lineno=lineno,
        )
        return nodes.Mod(
            nodes.MarkSafeIfAutoescape(nodes.Const(text, lineno=lineno), lineno=lineno),
            values,
            lineno=lineno,
        )
