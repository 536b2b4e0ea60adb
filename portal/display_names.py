"""Names for codes people should never have to decode: languages and countries, in the reader's
language, from Babel's locale data (CLDR). Codes Babel does not know are shown as they are."""

from __future__ import annotations

from flask_babel import get_locale

from portal.catalog import gettext

# Population registers write "XX" when citizenship is undetermined (ISO 3166 user-assigned code).
UNDETERMINED_COUNTRY = "XX"


def language_name(code: str) -> str:
    """ "en" → "English" (English reader), "inglise" (Estonian reader), "engleski" (Serbian reader)."""
    locale = get_locale()
    return (locale.languages.get(code.lower()) if locale else None) or code


def country_name(code: str) -> str:
    """ "EE" → "Estonia", "Eesti", "Estonija"...; the undetermined "XX" in words."""
    if code.upper() == UNDETERMINED_COUNTRY:
        return gettext("Undetermined")
    locale = get_locale()
    return (locale.territories.get(code.upper()) if locale else None) or code
