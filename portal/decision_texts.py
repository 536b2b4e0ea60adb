"""Reasons of automated decisions in the reader's language.

A person decides in words the person writes; a rule decides in words we wrote once. The record
keeps the English text as issued; pages and documents show the rule's text translated.
"""

from __future__ import annotations

from flask_babel import gettext

from portal.models import Decision, DecisionKind, RegistrationKind
from portal.services.registration.submit import AUTOMATED_RULE


def reasoning_paragraphs(decision: Decision) -> list[str]:
    if decision.automated_rule == AUTOMATED_RULE and decision.kind is DecisionKind.REGISTRATION:
        if decision.registration.kind is RegistrationKind.UNEMPLOYED:
            first = gettext(
                "You are registered as unemployed. The population register shows that you live here and are "
                "of working age, and the tax and employment register shows no current employment."
            )
        else:
            first = gettext(
                "You are registered as a jobseeker. The population register shows that you live here and are "
                "of working age. The tax and employment register shows that you are employed or under "
                "notice, so you can be registered as a jobseeker, not as unemployed."
            )
        return [
            first,
            gettext(
                "Every condition was met by data from the registers, so the decision was made automatically. "
                "You can ask a counsellor to review it."
            ),
        ]
    return [line.strip() for line in decision.reasoning.splitlines() if line.strip()]
