"""Trainings and labour-market measures as country data: who may take part in a measure, and
whether the answer to a training request is a formal decision.

An `EligibilityRule` is a conjunction of criteria; a criterion left at None does not apply.
`social_assistance_priority` is not a condition: a beneficiary of social assistance who meets the
rule goes first (Kosovo's employment and social-assistance integration). The rules are evaluated
by `portal.services.eligibility`, which says for each criterion whether the person meets it and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

RISK_LEVELS = ("low", "medium", "high")  # profiling of the risk of long-term unemployment


@dataclass(frozen=True)
class EligibilityRule:
    min_age: int | None = None
    max_age: int | None = None
    risk_levels: tuple[str, ...] | None = None  # the person's risk level must be one of these
    min_unemployed_months: int | None = None  # registered this long without a break
    social_assistance_required: bool = False
    social_assistance_priority: bool = False

    def __post_init__(self) -> None:
        if self.risk_levels is not None and not set(self.risk_levels) <= set(RISK_LEVELS):
            raise ValueError(f"unknown risk level in {self.risk_levels!r}")
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValueError("min_age is above max_age")


@dataclass(frozen=True)
class TrainingRules:
    """`decision_required`: the law makes the answer to a training request an administrative
    decision (appealable, sealed); otherwise the person gets an inbox message."""

    decision_required: bool = True
    legal_basis: str = "Labour Market Services and Benefits Act"
    eligibility: Mapping[str, EligibilityRule] = field(default_factory=dict)


ESTONIA_TRAININGS = TrainingRules(
    decision_required=True,
    legal_basis="Tööturuteenuste ja -toetuste seadus (Labour Market Services and Benefits Act) § 17",
    eligibility={
        # Long-term unemployed: a wage subsidy to the employer who hires them.
        "ee-wage-subsidy": EligibilityRule(min_age=16, max_age=64, min_unemployed_months=12),
        # Work practice for young people without experience.
        "ee-work-practice": EligibilityRule(min_age=16, max_age=29),
        "ee-on-the-job-training": EligibilityRule(min_age=16, max_age=64, risk_levels=("medium", "high")),
        "ee-self-employment-grant": EligibilityRule(min_age=18, max_age=64, min_unemployed_months=3),
    },
)

KOSOVO_TRAININGS = TrainingRules(
    decision_required=False,
    legal_basis="Ligji Nr. 04/L-205 për Agjencinë e Punësimit (Law on the Employment Agency)",
    eligibility={
        "xk-wage-subsidy": EligibilityRule(
            min_age=18, max_age=64, min_unemployed_months=6, social_assistance_priority=True
        ),
        "xk-on-the-job-training": EligibilityRule(min_age=18, max_age=64, social_assistance_priority=True),
        "xk-work-practice": EligibilityRule(min_age=18, max_age=29),
        "xk-self-employment-grant": EligibilityRule(min_age=18, max_age=64, risk_levels=("medium", "high")),
        "xk-public-works": EligibilityRule(
            min_age=18, max_age=64, risk_levels=("high",), social_assistance_required=True
        ),
    },
)
