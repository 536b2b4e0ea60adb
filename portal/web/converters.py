"""Typed URL converters: a route never takes an untyped string."""

from __future__ import annotations

from werkzeug.routing import BaseConverter

from portal.i18n import LANGUAGES


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


CONVERTERS = {
    "lang": LanguageConverter,
    "xroad_param": XRoadParameterConverter,
    "section_name": SectionConverter,
    "item_name": ItemConverter,
    "registration_reference": RegistrationReferenceConverter,
}
