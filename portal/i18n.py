"""Languages: the user's remembered choice, else `Accept-Language`, else the profile default."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass

from flask import request, session
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

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


def select_locale() -> str:
    """Flask-Babel's locale for the request: the Babel locale of `select_language()`."""
    return babel_locale(select_language())


def select_language() -> str:
    chosen = session.get(LANGUAGE_SESSION_KEY)
    if chosen in LANGUAGES:
        return chosen
    try:
        best = request.accept_languages.best_match(list(LANGUAGES))
    except (ValueError, TypeError):  # werkzeug is lenient, but never let a header break a page
        best = None
    if best:
        return best
    return current_profile().default_language


def current_language() -> Language:
    from flask_babel import get_locale

    locale = get_locale()
    return LANGUAGES.get(str(locale.language) if locale else "", LANGUAGES["en"])


def remember_language(code: str) -> None:
    if code not in LANGUAGES:
        raise ValueError(f"unsupported language {code!r}")
    session[LANGUAGE_SESSION_KEY] = code
    session.permanent = True
