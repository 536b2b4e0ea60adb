"""What the PES tells other institutions about a person's jobseeker status and certificates.

The registration journey will add registrations and certificates; until then every person is
honestly NOT_REGISTERED and no certificate number is known.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class JobseekerStatus:
    personal_code: str
    status: str  # REGISTERED, NOT_REGISTERED, DEREGISTERED (contract enum)
    registered_on: dt.date | None = None
    deregistered_on: dt.date | None = None
    deregistration_reason: str | None = None
    refusals: tuple[dict[str, object], ...] = field(default_factory=tuple)
    certificate: dict[str, object] | None = None

    def as_contract(self) -> dict[str, object]:
        return {
            "personalCode": self.personal_code,
            "status": self.status,
            "registeredOn": _iso(self.registered_on),
            "deregisteredOn": _iso(self.deregistered_on),
            "deregistrationReason": self.deregistration_reason,
            "refusals": list(self.refusals),
            "certificate": self.certificate,
        }


def jobseeker_status(personal_code: str) -> JobseekerStatus:
    return JobseekerStatus(personal_code=personal_code, status="NOT_REGISTERED")


def certificate(number: str) -> dict[str, object] | None:
    """The contract's `Certificate` for a number the PES issued, else None."""
    return None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
