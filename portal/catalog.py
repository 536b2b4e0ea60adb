"""The request's translation catalog, and `gettext`/`ngettext`/`lazy_gettext` on it.

Flask-Babel finds the catalog for every string anew: `g` through its proxy three times, the
domain, the locale, `str(locale)` and a dictionary look-up (about 25 µs a string, and a page
translates dozens). The catalog depends only on the domain and the locale of the moment, so the
request's Flask-Babel state keeps the last one found with the two it was found for. A changed
locale (`force_locale`, `refresh()` after choosing a language) is a different object, so it is
looked up again; nothing else changes.

Code translates with this module's `gettext`, `ngettext` and `lazy_gettext` (imported `as _l`):
Flask-Babel's own find the domain through `g`'s proxy first (about 4 µs a string, 0.3 ms on a page
with a form's seventy labels), then the same catalog. The answers are Flask-Babel's: the same
catalog, the same `%`-formatting with values, untranslated text outside an app context. This
module imports nothing of the portal, so any module may use it.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from babel import Locale
from babel.support import NullTranslations
from flask.globals import _cv_app
from flask_babel import Domain, get_translations
from flask_babel.speaklater import LazyString
from markupsafe import Markup


def _babel_state() -> object | None:
    """Flask-Babel's per-request namespace, None outside an app context or before its first use.

    Read from the app context directly: through `g`'s proxy it cost about as much as the rest of
    a translation, and a page translates dozens of strings. From `g`'s own dictionary: `getattr`
    on `g` raises and discards two exceptions while the state is not made yet."""
    context = _cv_app.get(None)
    return None if context is None else context.g.__dict__.get("_flask_babel")


def _request_babel_state() -> Any:
    """Flask-Babel's per-request namespace, made as Flask-Babel makes it when it is missing;
    None outside an app context. (Flask-Babel asks `hasattr(g, ...)` and reads `g` through its
    proxy: three exceptions raised and discarded before the namespace exists, two after.)"""
    context = _cv_app.get(None)
    if context is None:
        return None
    values = context.g.__dict__
    state = values.get("_flask_babel")
    if state is None:
        state = values["_flask_babel"] = SimpleNamespace()
    return state


def current_locale(state: Any) -> Locale:
    """Flask-Babel's `get_locale()` for the request whose namespace is `state`: the locale chosen
    once by the app's selector (else the default) and kept in the namespace, as Flask-Babel keeps it.
    """
    locale = getattr(state, "babel_locale", None)
    if locale is None:
        babel = _cv_app.get().app.extensions["babel"]
        chosen = None if babel.locale_selector is None else babel.locale_selector()
        locale = babel.instance.default_locale if chosen is None else Locale.parse(chosen)
        state.babel_locale = locale
    return locale


class CachedDomain(Domain):
    """Flask-Babel's domain, remembering the catalog for the request's current locale."""

    def get_translations(self) -> NullTranslations:
        state = _babel_state()
        if state is not None:
            cached = getattr(state, "portal_catalog", None)
            if cached is not None and cached[0] is self and cached[1] is getattr(state, "babel_locale", None):
                return cached[2]
            # Flask-Babel's look-up in its cache of loaded catalogs, without its reads of `g` and
            # the app through their proxies; a catalog not loaded yet is loaded by Flask-Babel.
            locale = current_locale(state)
            translations = self.get_translations_cache(state).get((str(locale), self.domain[0]))
            if translations is not None:
                state.portal_catalog = (self, locale, translations)
                return translations
        translations = super().get_translations()
        state = _babel_state()
        if state is not None and getattr(state, "babel_locale", None) is not None:
            state.portal_catalog = (self, state.babel_locale, translations)  # type: ignore[attr-defined]
        return translations


def current_translations() -> NullTranslations:
    """The catalog of the current request and locale (Flask-Babel's `get_translations`, faster)."""
    state = _babel_state()
    if state is not None:
        cached = getattr(state, "portal_catalog", None)
        if (
            cached is not None
            and cached[0] is getattr(state, "babel_domain", None)
            and cached[1] is getattr(state, "babel_locale", None)
        ):
            return cached[2]
    state = _request_babel_state()
    if state is None:
        return get_translations()  # outside an app context: Flask-Babel's empty catalog
    # Flask-Babel's `get_domain()`: the app's domain, kept in the request's namespace.
    domain = getattr(state, "babel_domain", None)
    if domain is None:
        domain = state.babel_domain = _cv_app.get().app.extensions["babel"].instance.domain_instance
    return domain.get_translations()


def gettext(string: str, **variables: Any) -> str:
    """Flask-Babel's `gettext`: the text in the current locale, `%`-formatted with `variables`."""
    text = current_translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """Flask-Babel's `ngettext`: the plural form for `num`, formatted with `num` and `variables`."""
    variables.setdefault("num", num)
    return current_translations().ungettext(singular, plural, num) % variables


def lazy_gettext(string: str, **variables: Any) -> LazyString:
    """Flask-Babel's `lazy_gettext` (the same `LazyString`), translated through `gettext` above."""
    return LazyString(gettext, string, **variables)


def template_text(message: str, **variables: Any) -> Markup:
    """What a template's `_(message, **variables)` writes, for code that writes markup itself:
    the request's catalog's text as markup, the variables escaped into it (without variables,
    `%%` as `%`, as Flask-Babel's newstyle `_()` formats the text even then)."""
    text = Markup(current_translations().ugettext(message))  # noqa: S704 - the catalog is ours
    return text % variables if variables or "%" in text else text


def N_(message: str) -> str:
    """Marks a message for extraction (`make translations`, keyword `N_`) where it is translated
    later by a lookup Babel's extractor cannot see (a `TemplateTexts` key); returns it unchanged."""
    return message
