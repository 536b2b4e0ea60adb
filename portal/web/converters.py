"""Typed URL converters: a route never takes an untyped string."""

from __future__ import annotations

from werkzeug.routing import BaseConverter

from portal.i18n import LANGUAGES


class LanguageConverter(BaseConverter):
    """Matches only the portal's language codes, so unknown codes are a clean 404."""

    regex = "(?:" + "|".join(sorted(LANGUAGES)) + ")"


CONVERTERS = {"lang": LanguageConverter}
