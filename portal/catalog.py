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

from typing import Any

from babel.support import NullTranslations
from flask.globals import _cv_app
from flask_babel import Domain, get_translations
from flask_babel.speaklater import LazyString


def _babel_state() -> object | None:
    """Flask-Babel's per-request namespace, None outside an app context or before its first use.

    Read from the app context directly: through `g`'s proxy it cost about as much as the rest of
    a translation, and a page translates dozens of strings."""
    context = _cv_app.get(None)
    return None if context is None else getattr(context.g, "_flask_babel", None)


class CachedDomain(Domain):
    """Flask-Babel's domain, remembering the catalog for the request's current locale."""

    def get_translations(self) -> NullTranslations:
        state = _babel_state()
        if state is not None:
            cached = getattr(state, "portal_catalog", None)
            if cached is not None and cached[0] is self and cached[1] is getattr(state, "babel_locale", None):
                return cached[2]
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
    return get_translations()


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
