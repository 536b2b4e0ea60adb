"""Country profiles: every rule that differs by country lives here.

A profile is chosen by `PORTAL_PROFILE` (`EE` by default). Later issues add refusal policy,
decision deadlines and X-Road service ids to `CountryProfile`.
"""

from __future__ import annotations

from flask import current_app
from flask.globals import _cv_app

from portal.profiles.base import CountryProfile, NationalIdError
from portal.profiles.ee import ESTONIA
from portal.profiles.xk import KOSOVO

PROFILES: dict[str, CountryProfile] = {profile.code: profile for profile in (ESTONIA, KOSOVO)}


def get_profile(code: str) -> CountryProfile:
    try:
        return PROFILES[code.upper()]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise ValueError(f"Unknown country profile {code!r}; known profiles: {known}") from None


def current_profile() -> CountryProfile:
    """The country profile of the app in context: the one way to reach it (set by `create_app`)."""
    context = _cv_app.get(None)  # the app itself: `current_app.extensions` raises inside first
    return (current_app if context is None else context.app).extensions["profile"]


__all__ = ["PROFILES", "CountryProfile", "NationalIdError", "current_profile", "get_profile"]
