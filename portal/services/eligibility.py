"""Which labour-market measures a person may take part in, and why: the profile's eligibility
rules (`portal/profiles/measures.py`) evaluated against what the portal knows of the person.

Each criterion of a rule gives a `Check`: met, not met, or not known (no birth date, no risk
profiling yet, no register answer). A rule is met only when every check is met; "not known" is
never read as "met", so a counsellor sees what to find out instead of a wrong yes.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, select
from sqlalchemy.orm import Session, aliased

from portal.models import (
    JobseekerCase,
    Measure,
    Person,
    Registration,
    RegistrationKind,
    RegistrationState,
)
from portal.models.register_snapshot import RegisterSnapshot
from portal.profiles.base import CountryProfile
from portal.profiles.measures import EligibilityRule


class Criterion(enum.StrEnum):
    AGE = "age"
    RISK_LEVEL = "risk_level"
    UNEMPLOYMENT = "unemployment"
    SOCIAL_ASSISTANCE = "social_assistance"


@dataclass(frozen=True)
class PersonFacts:
    """What the rules look at; None where the portal does not know."""

    age: int | None
    risk_level: str | None
    unemployed_months: int | None  # None: not registered as unemployed
    social_assistance: bool | None  # None: the register did not answer


@dataclass(frozen=True)
class Check:
    criterion: Criterion
    met: bool | None  # None: not known
    required: str  # what the rule asks, e.g. "18-29", "medium, high", "12"
    actual: str | None  # what the person has, or None when not known


@dataclass(frozen=True)
class Assessment:
    key: str
    checks: tuple[Check, ...]
    priority: bool  # meets the rule and the profile gives them priority (social assistance)

    @property
    def eligible(self) -> bool:
        return all(check.met is True for check in self.checks)

    @property
    def unknown(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if check.met is None)


@dataclass(frozen=True)
class MeasureAssessment:
    measure: Measure
    assessment: Assessment | None  # None: the profile has no rule with the measure's key


def age_on(born: dt.date | None, today: dt.date) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def months_between(start: dt.date, today: dt.date) -> int:
    """Whole months from `start` to `today` (0 when `today` is before the same day a month later)."""
    months = (today.year - start.year) * 12 + today.month - start.month
    return max(months - (today.day < start.day), 0)


# Built once (each training request case and eligibility check reads them): of the registration
# only what the facts need, its register snapshot's social-assistance section decoded alone.
_REGISTERED = (
    select(Registration.kind, Registration.registered_on, Registration.register_data)
    .where(
        Registration.person_id == bindparam("person_id"), Registration.state == RegistrationState.REGISTERED
    )
    .order_by(Registration.id.desc())
    .limit(1)
)
_RISK_LEVEL = select(JobseekerCase.risk_level).where(JobseekerCase.person_id == bindparam("person_id"))


def registered_of(person_id: Any) -> ColumnElement[bool]:
    """The join condition of the person's registration that `facts_of` reads (their latest
    registered one: the highest id, as `_REGISTERED` orders them), for a statement that reads
    the registration with something else (`person_id` a column of it)."""
    latest = aliased(Registration)  # not the outer statement's registration
    return Registration.id == (
        select(func.max(latest.id))
        .where(latest.person_id == person_id, latest.state == RegistrationState.REGISTERED)
        .scalar_subquery()
    )


def risk_level_of(person_id: Any) -> Any:
    """The case's risk level as `facts_of` reads it, as a column of another statement."""
    return select(JobseekerCase.risk_level).where(JobseekerCase.person_id == person_id).scalar_subquery()


def facts_of(session: Session, person_id: int, today: dt.date) -> PersonFacts:
    person = session.get(Person, person_id)
    registration = session.execute(_REGISTERED, {"person_id": person_id}).first()
    # The risk level (low / medium / high) is the case's: confirmed by a counsellor, or as profiled
    # until one looks; a person not yet profiled is "not known", never guessed.
    risk_level = session.scalar(_RISK_LEVEL, {"person_id": person_id})
    return facts_from(person, registration, risk_level, today)


def facts_from(person: Person | None, registration: Any, risk_level: Any, today: dt.date) -> PersonFacts:
    """The facts from the person, their registration's `kind`, `registered_on` and `register_data`
    (None: not registered) and their case's risk level, however they were read."""
    unemployed_months = None
    social_assistance = None
    if registration is not None:
        if registration.kind is RegistrationKind.UNEMPLOYED and registration.registered_on is not None:
            unemployed_months = months_between(registration.registered_on, today)
        section = RegisterSnapshot.section_from_json(registration.register_data, "social_assistance")
        if section is not None and section.ok and section.values is not None:
            social_assistance = section.values.receiving
    return PersonFacts(
        age=age_on(person.date_of_birth if person else None, today),
        risk_level=str(risk_level) if risk_level else None,
        unemployed_months=unemployed_months,
        social_assistance=social_assistance,
    )


def _age_check(rule: EligibilityRule, facts: PersonFacts) -> Check | None:
    if rule.min_age is None and rule.max_age is None:
        return None
    low, high = rule.min_age, rule.max_age
    required = f"{low if low is not None else ''}-{high if high is not None else ''}"
    if facts.age is None:
        return Check(Criterion.AGE, None, required, None)
    met = (low is None or facts.age >= low) and (high is None or facts.age <= high)
    return Check(Criterion.AGE, met, required, str(facts.age))


def _risk_check(rule: EligibilityRule, facts: PersonFacts) -> Check | None:
    if rule.risk_levels is None:
        return None
    required = ", ".join(rule.risk_levels)
    if facts.risk_level is None:
        return Check(Criterion.RISK_LEVEL, None, required, None)
    return Check(Criterion.RISK_LEVEL, facts.risk_level in rule.risk_levels, required, facts.risk_level)


def _unemployment_check(rule: EligibilityRule, facts: PersonFacts) -> Check | None:
    if rule.min_unemployed_months is None:
        return None
    required = str(rule.min_unemployed_months)
    if facts.unemployed_months is None:
        # Not registered as unemployed: the condition is not met (a fact, not an unknown).
        return Check(Criterion.UNEMPLOYMENT, False, required, None)
    met = facts.unemployed_months >= rule.min_unemployed_months
    return Check(Criterion.UNEMPLOYMENT, met, required, str(facts.unemployed_months))


def _assistance_check(rule: EligibilityRule, facts: PersonFacts) -> Check | None:
    if not rule.social_assistance_required:
        return None
    actual = None if facts.social_assistance is None else ("yes" if facts.social_assistance else "no")
    return Check(Criterion.SOCIAL_ASSISTANCE, facts.social_assistance, "yes", actual)


def assess(key: str, rule: EligibilityRule, facts: PersonFacts) -> Assessment:
    checks = tuple(
        check
        for check in (
            _age_check(rule, facts),
            _risk_check(rule, facts),
            _unemployment_check(rule, facts),
            _assistance_check(rule, facts),
        )
        if check is not None
    )
    assessment = Assessment(key=key, checks=checks, priority=False)
    priority = rule.social_assistance_priority and assessment.eligible and facts.social_assistance is True
    return Assessment(key=key, checks=checks, priority=priority)


def assess_measures(
    session: Session,
    profile: CountryProfile,
    person_id: int,
    measures: list[Measure],
    facts: PersonFacts | None = None,
) -> list[MeasureAssessment]:
    """Each measure with the person's assessment against its rule in `profile` (on `facts`, when
    the caller read them, else on the person's `facts_of`)."""
    facts = facts if facts is not None else facts_of(session, person_id, profile.today())
    rules = profile.trainings.eligibility
    return [
        MeasureAssessment(
            measure,
            assess(measure.eligibility_key, rules[measure.eligibility_key], facts)
            if measure.eligibility_key in rules
            else None,
        )
        for measure in measures
    ]
