"""Translated names and explanations the journey's pages share."""

from __future__ import annotations

from portal.catalog import lazy_gettext as _l
from portal.profiles import CountryProfile
from portal.services.registration.rules import Refusal

# The question asked when a register did not answer and a yes or no settles it.
MANUAL_QUESTIONS = {
    "employment": _l("Are you employed now?"),
    "social_assistance": _l("Do you receive social assistance now?"),
    "health_insurance": _l("Do you have health insurance now?"),
}

_REFUSALS = {
    Refusal.UNKNOWN_PERSON: (
        _l("We could not find you in the population register"),
        _l(
            "Registration online needs your details from the population register, and it has no record of "
            "your personal code. Contact the employment service: a counsellor can register you in person."
        ),
    ),
    Refusal.DECEASED: (
        _l("You cannot register online"),
        _l(
            "The population register's details for this personal code do not allow registration online. "
            "If you think they are wrong, contact the employment service and the population register."
        ),
    ),
    Refusal.TOO_YOUNG: (
        _l("You are too young to register as a jobseeker"),
        _l(
            "You can register from the age of %(age)s. Until then, the employment service's career "
            "counsellors can still help you: contact us."
        ),
    ),
    Refusal.PENSION_AGE: (
        _l("You cannot register as unemployed after pension age"),
        _l(
            "People who have reached pension age (%(age)s) cannot be registered as unemployed. You can "
            "still look for work in the job portal, and a counsellor can advise you: contact us."
        ),
    ),
}


def refusal_text(refusal: Refusal, profile: CountryProfile) -> tuple[str, str]:
    title, body = _REFUSALS[refusal]
    age = (
        profile.registration.minimum_age if refusal is Refusal.TOO_YOUNG else profile.registration.pension_age
    )
    return str(title), str(body) % {"age": age}
