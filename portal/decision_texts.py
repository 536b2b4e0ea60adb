"""Reasons of automated decisions, and who decided, in the reader's language.

A person decides in words the person writes; a rule decides in words we wrote once. The record
keeps the English text as issued; pages and documents show the rule's text translated. Below the
web and the documents, above the models only: both read it, it reads no service.
"""

from __future__ import annotations

from flask_babel import gettext

from portal.models import AutomatedRule, Decision, DecisionKind, RegistrationKind, StaffRole


def reasoning_paragraphs(decision: Decision) -> list[str]:
    if (
        decision.automated_rule is AutomatedRule.REGISTRATION_FROM_REGISTER_DATA
        and decision.kind is DecisionKind.REGISTRATION
    ):
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


def rule_in_words(rule: AutomatedRule) -> str:
    """What an automated rule does, as a person would say it (never its identifier)."""
    if rule is AutomatedRule.REGISTRATION_FROM_REGISTER_DATA:
        return gettext(
            "Decided automatically: the data from the state's registers met every condition for registration"
        )
    raise ValueError(f"no words for rule {rule!r}")  # pragma: no cover - a new rule without its words


def decided_by(decision: Decision) -> str:
    """Who decided: a counsellor, a supervisor (their role when they decided), or a rule."""
    if decision.automated_rule is not None:
        return rule_in_words(decision.automated_rule)
    if decision.issuer_role in (StaffRole.SUPERVISOR, StaffRole.ADMINISTRATOR):
        return gettext("Decided by a supervisor")
    return gettext("Decided by a counsellor")
