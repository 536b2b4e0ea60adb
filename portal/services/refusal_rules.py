"""The consequence engine: what a refusal leads to under the profile's rules, from the person's own
history. Pure functions (no database, no clock): the preview a person reads before confirming a
refusal and the outcome a counsellor's confirmation applies come from the same rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from portal.profiles.refusals import Consequence, RefusalRules, RefusalStep, SasRecommendation


@dataclass(frozen=True)
class History:
    """What counts from the person's past: the dates of their confirmed breaches (refusals a
    counsellor found without valid reason), and whether they receive social assistance."""

    breach_dates: tuple[dt.date, ...] = ()
    beneficiary: bool = False


@dataclass(frozen=True)
class Outcome:
    valid: bool
    breach_number: int | None  # the n-th confirmed breach; None for a valid reason
    step: RefusalStep
    beneficiary: bool

    @property
    def consequence(self) -> Consequence:
        return self.step.consequence

    @property
    def sas_recommendation(self) -> SasRecommendation | None:
        """What the SAS is told, or None: only beneficiaries are reported, and only where the step
        reports. A person who never was one is found out by the SAS's 404 (nothing to report)."""
        return self.step.sas_recommendation if self.beneficiary else None

    @property
    def needs_decision(self) -> bool:
        return self.step.needs_decision


@dataclass(frozen=True)
class Preview:
    """What the person reads before confirming a refusal: the n-th refusal, and what follows if a
    counsellor finds no valid reason (and that a valid reason leads to nothing)."""

    refusal_number: int
    if_not_valid: Outcome
    if_valid: Outcome


def counted_breaches(rules: RefusalRules, breach_dates: Iterable[dt.date], today: dt.date) -> int:
    """Breaches within the profile's window (all of them when it has none)."""
    if rules.window_days is None:
        return sum(1 for _ in breach_dates)
    since = today - dt.timedelta(days=rules.window_days)
    return sum(1 for day in breach_dates if day > since)


def outcome(rules: RefusalRules, history: History, *, valid: bool, today: dt.date) -> Outcome:
    """The consequence of confirming a refusal as valid or not valid."""
    if valid:
        return Outcome(
            valid=True, breach_number=None, step=rules.valid_reason_step, beneficiary=history.beneficiary
        )
    number = counted_breaches(rules, history.breach_dates, today) + 1
    return Outcome(
        valid=False, breach_number=number, step=rules.step_for(number), beneficiary=history.beneficiary
    )


def preview(rules: RefusalRules, history: History, today: dt.date) -> Preview:
    not_valid = outcome(rules, history, valid=False, today=today)
    return Preview(
        refusal_number=not_valid.breach_number or 1,
        if_not_valid=not_valid,
        if_valid=outcome(rules, history, valid=True, today=today),
    )
