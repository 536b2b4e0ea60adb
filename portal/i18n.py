"""Languages: the user's remembered choice, else `Accept-Language`, else the profile default."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cache
from typing import Any

from babel import Locale
from flask import Flask, request, session
from flask.globals import _cv_request
from flask_babel import force_locale
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from portal.catalog import (
    CachedDomain,
    _babel_state,
    _request_babel_state,
    current_locale,
    current_translations,
)
from portal.catalog import lazy_gettext as _l
from portal.profiles import current_profile

LANGUAGE_SESSION_KEY = "lang"


@dataclass(frozen=True)
class Language:
    code: str
    html_lang: str
    native_name: str
    name: object  # lazily translated name, for screen-reader descriptions


# Native names are never translated: people look for their own language in its own words.
LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("et", "et", "Eesti", _l("Estonian")),
        Language("en", "en", "English", _l("English")),
        Language("ru", "ru", "Русский", _l("Russian")),
        Language("sq", "sq", "Shqip", _l("Albanian")),
        Language("sr", "sr-Latn", "Srpski", _l("Serbian")),
    )
}


# The Babel locale that formats dates, numbers and names in each language. Babel's plain "sr" is
# Cyrillic and the portal's Serbian is Latin; plain "en" writes US dates ("December 3, 2026") and
# an EU service writes "3 December 2026". Catalogs are still found by language ("sr_Latn" falls
# back to the "sr" folder, "en_GB" to "en").
BABEL_LOCALES = {"sr": "sr_Latn", "en": "en_GB"}


def babel_locale(code: str) -> str:
    return BABEL_LOCALES.get(code, code)


def in_language(code: str) -> AbstractContextManager[None]:
    """Texts, dates and names in `code` (one of LANGUAGES), e.g. for a mail or a document."""
    return force_locale(babel_locale(code))


def ordered_languages() -> list[Language]:
    """The profile's languages first, in the profile's order, then the rest."""
    profile_codes = current_profile().languages
    rest = [code for code in LANGUAGES if code not in profile_codes]
    return [LANGUAGES[code] for code in (*profile_codes, *rest)]


def select_locale() -> Locale:
    """Flask-Babel's locale for the request: the Babel locale of `select_language()`.

    A `Locale` made once per language: given a name, Flask-Babel parses it on every request, and
    Babel checks that the locale's data file exists on disk each time (a `stat`, about 18 µs).
    """
    return _babel_locale_object(select_language())


@cache
def _babel_locale_object(code: str) -> Locale:
    return Locale.parse(babel_locale(code))


def select_language() -> str:
    context = _cv_request.get(None)  # the session and request themselves, not through proxies
    chosen = (session if context is None else context.session).get(LANGUAGE_SESSION_KEY)
    if chosen in LANGUAGES:
        return chosen
    headers = (request if context is None else context.request).headers
    return _accepted_language(headers.get("Accept-Language", "")) or current_profile().default_language


# Browsers send the same few `Accept-Language` values; parsing one and matching it cost about 20 µs
# a request. The answer depends only on the header, so it is kept, up to this many values (beyond
# that the header is someone's experiment, and is parsed every time).
_ACCEPTED_LANGUAGES_KEPT = 512
_accepted_languages: dict[str, str | None] = {}


def _accepted_language(header: str) -> str | None:
    """The best of LANGUAGES for an `Accept-Language` header, or None."""
    try:
        return _accepted_languages[header]
    except KeyError:
        pass
    try:
        best = parse_accept_header(header, LanguageAccept).best_match(list(LANGUAGES))
    except (ValueError, TypeError):  # werkzeug is lenient, but never let a header break a page
        best = None
    if len(_accepted_languages) < _ACCEPTED_LANGUAGES_KEPT and len(header) <= 200:
        _accepted_languages[header] = best
    return best


def current_language() -> Language:
    # Flask-Babel's locale of the moment, as `get_locale()` returns it once it is chosen.
    locale = getattr(_babel_state(), "babel_locale", None)
    if locale is None:
        state = _request_babel_state()
        if state is None:  # outside an app context: Flask-Babel's answer (None)
            from flask_babel import get_locale

            locale = get_locale()
        else:
            locale = current_locale(state)
    return LANGUAGES.get(str(locale.language) if locale else "", LANGUAGES["en"])


def remember_language(code: str) -> None:
    if code not in LANGUAGES:
        raise ValueError(f"unsupported language {code!r}")
    session[LANGUAGE_SESSION_KEY] = code
    session.permanent = True


# The catalog is looked up once per request and locale: portal/catalog.py.


@pass_eval_context
def _template_gettext(eval_ctx: EvalContext, string: str, /, **variables: Any) -> str:
    """Jinja's new-style `_`/`gettext` in one call (Jinja's goes through three `Context.call`s)."""
    text = current_translations().ugettext(string)
    if eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - the catalog is ours, as in Jinja's own gettext
    # Always a format string, as in Jinja's new style; without a `%` formatting changes nothing.
    return text % variables if variables or "%" in text else text


@pass_eval_context
def _template_ngettext(
    eval_ctx: EvalContext, singular: str, plural: str, num: int, /, **variables: Any
) -> str:
    variables.setdefault("num", num)
    text = current_translations().ungettext(singular, plural, num)
    if eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - the catalog is ours, as in Jinja's own gettext
    return text % variables


def init_app(app: Flask) -> None:
    """After `babel.init_app`: the cached domain, and Jinja's `_`/`gettext`/`ngettext` on it."""
    babel = app.extensions["babel"].instance
    if not isinstance(babel.__dict__.get("domain_instance"), CachedDomain):
        babel.domain_instance = CachedDomain(domain=app.extensions["babel"].default_domain)
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: current_translations().ugettext(s),
        ngettext=lambda s, p, n: current_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: current_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: current_translations().unpgettext(c, s, p, n),
    )
    # The same behaviour as the callables Jinja just wrapped, called directly.
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext)
