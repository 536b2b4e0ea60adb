"""A risk profile's factors in plain words, for the counsellor and for the person (second person)."""

from __future__ import annotations

from typing import Any

from portal import labels
from portal.catalog import gettext, ngettext
from portal.display_names import language_name


def _barriers(value: list[str]) -> str:
    return ", ".join(str(labels.BARRIERS.get(key, key)) for key in value)


def factor_value(key: str, value: Any) -> str:
    """What was read, for the counsellor's table."""
    if value is None or value == []:
        return (
            gettext("Not known")
            if key not in ("barriers", "languages", "social_assistance")
            else gettext("None")
        )
    if key == "barriers":
        return _barriers(value)
    if key == "languages":
        return ", ".join(language_name(code) for code in value)
    if key == "region":
        return str(labels.REGIONAL_UNEMPLOYMENT.get(value, value))
    if key == "social_assistance":
        return str(labels.SOCIAL_ASSISTANCE_CATEGORIES.get(value, value))
    return str(value)


def plain_words(key: str, value: Any) -> str:
    """The factor as the person reads it on their page."""
    if key == "age":
        return (
            gettext("Your age: %(years)s.", years=value)
            if value is not None
            else gettext("Your age is not known to us.")
        )
    if key == "education":
        if value is None:
            return gettext("We do not know your education level.")
        return gettext("Your highest education is ISCED level %(level)s.", level=value)
    if key == "months_since_job":
        if value is None:
            return gettext("The tax register shows no job of yours.")
        if value == 0:
            return gettext("You are still employed or your job ended this month.")
        return ngettext(
            "Your last job ended %(num)d month ago.", "Your last job ended %(num)d months ago.", value
        )
    if key == "months_employed_2y":
        return ngettext(
            "You worked %(num)d month in the last two years.",
            "You worked %(num)d months in the last two years.",
            value,
        )
    if key == "previous_spells":
        if not value:
            return gettext("You have not been registered as unemployed before.")
        return ngettext(
            "You were registered as unemployed %(num)d time before.",
            "You were registered as unemployed %(num)d times before.",
            value,
        )
    if key == "social_assistance":
        if not value:
            return gettext("Your household does not receive social assistance.")
        return gettext(
            "Your household receives social assistance (%(category)s).", category=factor_value(key, value)
        )
    if key == "barriers":
        if not value:
            return gettext("You told us of nothing that makes working harder for you.")
        return gettext("What makes working harder for you: %(barriers)s.", barriers=_barriers(value))
    if key == "languages":
        if not value:
            return gettext("You did not tell us that you speak an official language of the country.")
        return gettext("You speak %(languages)s.", languages=factor_value(key, value))
    if key == "region":
        return gettext(
            "Unemployment in your office's region: %(level)s.",
            level=str(labels.REGIONAL_UNEMPLOYMENT.get(value, value)).lower()
            if value
            else gettext("not known"),
        )
    return str(value)
