"""What a refused (or unanswered) offer leads to: the country's rules as data, not code.

Both countries' laws are a ladder over *breaches* — refusals a counsellor confirmed as having no
valid reason (an expired offer counts only once a counsellor confirms it). A refusal the counsellor
finds valid is recorded without consequence. Each step names its consequence, whether the law needs
a decision with appeal rights, what the social assistance scheme (SAS) is told, and the legal basis
shown to the person. Past the last step, the last step repeats.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace


class Consequence(enum.StrEnum):
    """What a confirmed breach does. Stored by value; add members, never rename them."""

    NONE = "none"  # recorded only (a valid reason)
    MOVE_TO_END = "move-to-end"  # Kosovo: to the end of the list of jobseekers proposed for vacancies
    SUSPENSION_PROPOSAL = "suspension-proposal"  # Kosovo: the SAS is asked to suspend; it decides
    WARNING = "warning"  # Estonia: a breach recorded with a warning
    END_REGISTRATION = "end-registration"  # Estonia: the registration as a jobseeker ends


class SasRecommendation(enum.StrEnum):
    """The `recommendation` of the SAS `job-refusals` contract (advice only; the SAS decides)."""

    NONE = "NONE"
    DEPRIORITISE = "DEPRIORITISE"
    SUSPEND = "SUSPEND"


@dataclass(frozen=True)
class RefusalStep:
    consequence: Consequence
    legal_basis: str
    # Reported to the SAS (beneficiaries only) with this recommendation; None: not reported.
    sas_recommendation: SasRecommendation | None = None
    # The law needs a decision with appeal rights (issued through the decisions service).
    needs_decision: bool = False


@dataclass(frozen=True)
class RefusalRules:
    """One country's rules for offers and refusals."""

    reply_working_days: int = 5  # default reply deadline of an offer, in working days
    ladder: tuple[RefusalStep, ...] = ()  # step n applies to the n-th confirmed breach
    valid_reason_step: RefusalStep = field(
        default_factory=lambda: RefusalStep(Consequence.NONE, legal_basis="")
    )
    window_days: int | None = None  # breaches older than this are not counted; None: all count
    # Kosovo's list order: jobseekers with social assistance of category II come first.
    list_priority_category: str | None = None

    def step_for(self, breach_number: int) -> RefusalStep:
        """The step the `breach_number`-th confirmed breach (1-based) leads to."""
        if not self.ladder:
            return self.valid_reason_step
        return self.ladder[min(max(breach_number, 1), len(self.ladder)) - 1]

    def with_ladder(self, spec: str) -> RefusalRules:
        """The rules with the ladder given by configuration (`PORTAL_REFUSAL_LADDER`): consequences
        separated by commas, e.g. `warning,warning,warning,end-registration`. Each step keeps the
        legal basis, SAS recommendation and decision need the profile gives that consequence."""
        names = [part.strip() for part in spec.split(",") if part.strip()]
        if not names:
            return self
        known = {step.consequence: step for step in self.ladder}
        steps = []
        for name in names:
            try:
                consequence = Consequence(name)
            except ValueError:
                raise ValueError(f"Unknown refusal consequence {name!r} in the refusal ladder") from None
            if consequence not in known:
                raise ValueError(f"The profile has no rule for the refusal consequence {name!r}")
            steps.append(known[consequence])
        return replace(self, ladder=tuple(steps))


KOSOVO_BASIS = (
    "Udhëzimi Administrativ për ndërmjetësimin në punësim, neni 12 "
    "(Administrative Instruction on employment mediation, article 12)"
)
KOSOVO_SAS_BASIS = (
    "Ligji Nr. 04/L-096 për Skemën e Ndihmës Sociale, neni 5 (Law on the Social Assistance Scheme, article 5)"
)

KOSOVO_REFUSALS = RefusalRules(
    reply_working_days=5,
    ladder=(
        RefusalStep(Consequence.MOVE_TO_END, KOSOVO_BASIS, SasRecommendation.DEPRIORITISE),
        RefusalStep(Consequence.SUSPENSION_PROPOSAL, KOSOVO_SAS_BASIS, SasRecommendation.SUSPEND),
    ),
    valid_reason_step=RefusalStep(Consequence.NONE, KOSOVO_BASIS),
    window_days=365,
    list_priority_category="II",
)

ESTONIA_BASIS = "Tööturuteenuste ja -toetuste seadus (Labour Market Services and Benefits Act)"

ESTONIA_REFUSALS = RefusalRules(
    reply_working_days=5,
    ladder=(
        RefusalStep(Consequence.WARNING, f"{ESTONIA_BASIS} § 10 lg 1 p 3", needs_decision=True),
        RefusalStep(Consequence.WARNING, f"{ESTONIA_BASIS} § 10 lg 1 p 3", needs_decision=True),
        RefusalStep(Consequence.END_REGISTRATION, f"{ESTONIA_BASIS} § 8 lg 1 p 4", needs_decision=True),
    ),
    valid_reason_step=RefusalStep(Consequence.NONE, f"{ESTONIA_BASIS} § 10"),
    window_days=None,
)
