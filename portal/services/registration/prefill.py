"""Register answers as the draft keeps them: JSON-safe sections with their source and status.

Each section is `{"status": "ok" | "unknown" | "failed", "values": {...}, "read_at": iso}`:
`unknown` when the register answered that it does not know the person, `failed` when it did not
answer (the journey then asks the person and marks the answer "to be verified").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from portal import text
from portal.integrations.xroad import CallContext, Outcome, fetch_all
from portal.services.register_data import is_unknown, register_calls
from portal.services.xroad import prefill_deadline, registers

# Sections of the registration prefill, in the order the person sees them.
SECTIONS = ("population", "education", "employment", "social_assistance", "health_insurance")


def read_sections(
    national_code: str,
    sections: list[str] | tuple[str, ...] | None = None,
    *,
    on_behalf_of: str | None,
    purpose: str,
    issue: str | None = None,
) -> dict[str, dict[str, Any]]:
    """Read the given sections (all by default) concurrently; never raises for a register failure."""
    wanted = tuple(sections or SECTIONS)
    context = CallContext(purpose=purpose, subject=national_code, on_behalf_of=on_behalf_of, issue=issue)
    calls = {
        name: call
        for name, call in register_calls(registers(), national_code, context).items()
        if name in wanted
    }
    outcomes = fetch_all(calls, deadline=prefill_deadline())
    read_at = dt.datetime.now(dt.UTC).isoformat()
    return {name: _section(name, outcomes[name], read_at) for name in wanted}


def _section(name: str, outcome: Outcome[Any], read_at: str) -> dict[str, Any]:
    if outcome.failed:
        status = "unknown" if is_unknown(outcome) else "failed"
        error = None if status == "unknown" else type(outcome.error).__name__
        return {"status": status, "values": {}, "read_at": read_at, "error": error}
    return {"status": "ok", "values": SERIALIZERS[name](outcome.value), "read_at": read_at, "error": None}


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _population(person: Any) -> dict[str, Any]:
    residence = person.residence
    return {
        "given_names": text.normalize(person.given_names),
        "family_name": text.normalize(person.family_name),
        "date_of_birth": _iso(person.date_of_birth),
        "life_status": str(person.life_status),
        "date_of_death": _iso(person.date_of_death),
        "citizenship": person.citizenship,
        "address": text.normalize(residence.address_line) if residence else None,
        "municipality_code": residence.municipality_code if residence else None,
        "municipality_name": residence.municipality_name if residence else None,
    }


def _education(found: Any) -> dict[str, Any]:
    qualifications = [
        {
            "title": item.title,
            "isced_level": item.isced_level,
            "institution": item.institution,
            "completed_on": _iso(item.completed_on),
        }
        for item in found.qualifications
    ]
    return {
        "qualifications": qualifications,
        "highest_isced": max((item["isced_level"] for item in qualifications), default=None),
        "certificates": [
            {"title": item.title, "isco_code": item.isco_code} for item in found.professional_certificates
        ],
    }


def _employment(found: Any) -> dict[str, Any]:
    today = dt.date.today()
    employments = [
        {
            "employer_name": item.employer_name,
            "employer_code": item.employer_code,
            "occupation_title": item.occupation_title,
            "isco_code": item.isco_code,
            "start_date": _iso(item.start_date),
            "end_date": _iso(item.end_date),
            "status": str(item.status),
            "active": str(item.status) == "ACTIVE" or item.end_date is None or item.end_date >= today,
        }
        for item in found.employments
    ]
    return {"employments": employments, "active": any(item["active"] for item in employments)}


def _social_assistance(found: Any) -> dict[str, Any]:
    return {
        "status": str(found.status),
        "category": str(found.category),
        "since": _iso(found.since),
        "office": found.office,
    }


def _health_insurance(found: Any) -> dict[str, Any]:
    return {
        "insured": found.insured,
        "basis": str(found.basis) if found.basis else None,
        "valid_until": _iso(found.valid_until),
    }


SERIALIZERS = {
    "population": _population,
    "education": _education,
    "employment": _employment,
    "social_assistance": _social_assistance,
    "health_insurance": _health_insurance,
}
