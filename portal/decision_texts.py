"""Reasons of automated decisions, and who decided, in the reader's language.

A person decides in words the person writes; a rule decides in words we wrote once. The record
keeps the English text as issued; pages and documents show the rule's text translated. Below the
web and the documents, above the models only: both read it, it reads no service.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import format_date

from portal.catalog import gettext
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
    if decision.automated_rule in END_RULES:
        return _end_paragraphs(decision)
    return [line.strip() for line in decision.reasoning.splitlines() if line.strip()]


END_RULES = (
    AutomatedRule.END_ON_OWN_REPORT,
    AutomatedRule.END_FROM_TAX_REGISTER,
    AutomatedRule.END_FROM_POPULATION_REGISTER,
)


def _day(value: str | None) -> str:
    return format_date(dt.date.fromisoformat(value), "long") if value else ""


def _end_paragraphs(decision: Decision) -> list[str]:
    """An end of registration decided by a rule, in the reader's language, from its facts."""
    end = dict((decision.facts or {}).get("end") or {})
    reason, on, employer = end.get("reason"), _day(end.get("effective_on")), end.get("employer_name")
    rule = decision.automated_rule
    if rule is AutomatedRule.END_ON_OWN_REPORT:
        if reason == "found_work" and employer:
            first = gettext(
                "You told us you start work at %(employer)s on %(day)s.", employer=employer, day=on
            )
        elif reason == "found_work":
            first = gettext("You told us you start work on %(day)s.", day=on)
        elif reason == "emigrated":
            first = gettext("You told us you move abroad on %(day)s.", day=on)
        else:
            first = gettext("You asked us to end your registration on %(day)s.", day=on)
        return [first, gettext("Your registration ends on %(day)s, as you asked.", day=on)]
    if rule is AutomatedRule.END_FROM_TAX_REGISTER:
        since = _day(end.get("since")) or on
        first = gettext(
            "The tax and employment register shows that you work at %(employer)s since %(since)s.",
            employer=employer or gettext("an employer"),
            since=since,
        )
    else:
        first = {
            "deceased": gettext("The population register records the person's death."),
            "emigrated": gettext("The population register shows that you live abroad."),
            "pension_age": gettext("The population register shows that you have reached the pension age."),
        }.get(reason or "", gettext("Data from the state's registers show that the registration has to end."))
    return [
        first,
        gettext("Your registration as a jobseeker ends on %(day)s.", day=on),
        gettext("The decision was made automatically. You can ask a counsellor to review it."),
    ]


def rule_in_words(rule: AutomatedRule) -> str:
    """What an automated rule does, as a person would say it (never its identifier)."""
    if rule is AutomatedRule.REGISTRATION_FROM_REGISTER_DATA:
        return gettext(
            "Decided automatically: the data from the state's registers met every condition for registration"
        )
    if rule is AutomatedRule.END_ON_OWN_REPORT:
        return gettext("Decided automatically on your own report")
    if rule is AutomatedRule.END_FROM_TAX_REGISTER:
        return gettext("Decided automatically: the tax and employment register shows work")
    if rule is AutomatedRule.END_FROM_POPULATION_REGISTER:
        return gettext("Decided automatically from the population register")
    raise ValueError(f"no words for rule {rule!r}")  # pragma: no cover - a new rule without its words


def decided_by(decision: Decision) -> str:
    """Who decided: a counsellor, a supervisor (their role when they decided), or a rule."""
    if decision.automated_rule is not None:
        return rule_in_words(decision.automated_rule)
    if decision.issuer_role in (StaffRole.SUPERVISOR, StaffRole.ADMINISTRATOR):
        return gettext("Decided by a supervisor")
    return gettext("Decided by a counsellor")
