"""What the state's registers hold about a person, fetched concurrently in one go.

A prefill costs about the slowest register, not the sum; a register that fails or does not know
the person leaves the others untouched (each answer is an `Outcome`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from portal.integrations.xroad import CallContext, Outcome, Registers, fetch_all
from portal.integrations.xroad.errors import NotFound, UnknownOperation
from portal.services.xroad import prefill_deadline, registers

REGISTERS = ("population", "education", "employment", "social_assistance", "health_insurance", "business")


@dataclass(frozen=True)
class RegisterData:
    population: Outcome[Any]
    education: Outcome[Any]
    employment: Outcome[Any]
    social_assistance: Outcome[Any]
    health_insurance: Outcome[Any]
    business: Outcome[Any]

    def items(self) -> list[tuple[str, Outcome[Any]]]:
        return [(name, getattr(self, name)) for name in REGISTERS]

    @property
    def failed(self) -> list[str]:
        """Registers that did not answer (a register that does not know the person did answer)."""
        return [name for name, outcome in self.items() if outcome.failed and not is_unknown(outcome)]


def is_unknown(outcome: Outcome[Any]) -> bool:
    return isinstance(outcome.error, NotFound) and not isinstance(outcome.error, UnknownOperation)


def fetch_register_data(
    national_code: str, *, on_behalf_of: str | None, purpose: str, issue: str | None = None
) -> RegisterData:
    context = CallContext(purpose=purpose, subject=national_code, on_behalf_of=on_behalf_of, issue=issue)
    return RegisterData(
        **fetch_all(register_calls(registers(), national_code, context), deadline=prefill_deadline())
    )


def register_calls(regs: Registers, national_code: str, context: CallContext) -> dict[str, Callable[[], Any]]:
    """One call per register for a person, keyed as `RegisterData`'s fields."""
    return {
        "population": lambda: regs.population.person(national_code, context=context),
        "education": lambda: regs.education.qualifications(national_code, context=context),
        "employment": lambda: regs.employment.employments(national_code, context=context),
        "social_assistance": lambda: regs.social_assistance.beneficiary(national_code, context=context),
        "health_insurance": lambda: regs.health_insurance.coverage(national_code, context=context),
        "business": lambda: regs.business.representations(national_code, context=context),
    }
