"""Read the registers for a registration, concurrently, into a typed `RegisterSnapshot` section each.

A register that answered that it does not know the person gives an `unknown` section, one that did
not answer a `failed` one (the journey then asks the person and marks the answer "to be verified").
Every section keeps the X-Road-Id of the message that brought it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from portal.integrations.xroad import CallContext, Outcome, fetch_all
from portal.models.register_snapshot import SECTIONS, Section, Status, values_of
from portal.services.register_data import is_unknown, register_calls
from portal.services.xroad import prefill_deadline, registers

__all__ = ["SECTIONS", "read_sections"]


def read_sections(
    national_code: str,
    sections: list[str] | tuple[str, ...] | None = None,
    *,
    on_behalf_of: str | None,
    purpose: str,
    issue: str | None = None,
) -> dict[str, Section[Any]]:
    """Read the given sections (all by default) concurrently; never raises for a register failure."""
    wanted = tuple(sections or SECTIONS)
    context = CallContext(purpose=purpose, subject=national_code, on_behalf_of=on_behalf_of, issue=issue)
    calls = {
        name: call
        for name, call in register_calls(registers(), national_code, context).items()
        if name in wanted
    }
    outcomes = fetch_all(calls, deadline=prefill_deadline())
    read_at = dt.datetime.now(dt.UTC)
    return {name: _section(name, outcomes[name], read_at) for name in wanted}


def _section(name: str, outcome: Outcome[Any], read_at: dt.datetime) -> Section[Any]:
    if outcome.failed:
        unknown = is_unknown(outcome)
        return Section(
            status=Status.UNKNOWN if unknown else Status.FAILED,
            read_at=read_at,
            xroad_id=outcome.xroad_id,
            error=None if unknown else type(outcome.error).__name__,
        )
    return Section(
        status=Status.OK,
        read_at=read_at,
        xroad_id=outcome.xroad_id,
        values=values_of(name, outcome.value, dt.date.today()),
    )
