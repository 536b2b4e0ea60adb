"""Typed URL converters: a route never takes an untyped string."""

from __future__ import annotations

from werkzeug.routing import BaseConverter, IntegerConverter

from portal.i18n import LANGUAGES

# Record ids are PostgreSQL `integer` (32-bit signed) columns: a larger number can name no record,
# and passed on it would make the database (or SQLite's 64-bit binding) fail with a 500.
MAX_RECORD_ID = 2**31 - 1


class RecordIdConverter(IntegerConverter):
    """`int`, bounded to what an id column holds: larger numbers are a clean 404."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_RECORD_ID)
        super().__init__(map, *args, **kwargs)


class LanguageConverter(BaseConverter):
    """Matches only the portal's language codes, so unknown codes are a clean 404."""

    regex = "(?:" + "|".join(sorted(LANGUAGES)) + ")"


class XRoadParameterConverter(BaseConverter):
    """One bounded path segment of an X-Road provider path. The view checks it against the
    contract's pattern, because the contract answers a malformed value with 400, not 404."""

    regex = "[^/]{1,200}"


class SectionConverter(BaseConverter):
    """A section of the registration prefill (one register each)."""

    regex = "(?:population|education|employment|social_assistance|health_insurance)"


class ItemConverter(BaseConverter):
    regex = "[a-z_]{1,40}"


class RegistrationReferenceConverter(BaseConverter):
    regex = "REG-[0-9]{4}-[0-9A-Z]{8}"


class FigureKeyConverter(BaseConverter):
    """A report figure's key (kebab-case); the view answers 404 for a key no figure has."""

    regex = "[a-z][a-z0-9-]{0,59}"


class SignedTokenConverter(BaseConverter):
    """An itsdangerous URL-safe token (payload and signature in base64url, dot-separated)."""

    regex = "[A-Za-z0-9_.-]{1,200}"


CONVERTERS = {
    "int": RecordIdConverter,
    "lang": LanguageConverter,
    "xroad_param": XRoadParameterConverter,
    "section_name": SectionConverter,
    "item_name": ItemConverter,
    "registration_reference": RegistrationReferenceConverter,
    "figure_key": FigureKeyConverter,
    "signed_token": SignedTokenConverter,
}
