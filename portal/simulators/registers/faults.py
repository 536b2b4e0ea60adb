"""Fault injection for the register simulators (`PORTAL_XROAD_FAULTS`).

Syntax: entries separated by `;`, each `<register>:<option>[,<option>...]`; register is one of
`population, education, employment, social-assistance, business, health-insurance` or `*` (every
register without an entry of its own). Options:

    latency=<ms>          sleep before answering (any answer, also errors)
    error_rate=<0..1>     probability that a request fails (default 1 when a failure option is given;
                          alone it means status=500)
    xroad_error=<Type>    X-Road's own error, e.g. Server.ServerProxy.DatabaseError (HTTP 500, or 400 for
                          Client.*), with the X-Road-Error header
    status=<code>         a provider error without X-Road-Error: 400, 403, 404, 429 (Retry-After: 1),
                          500, 502, 503, 504
    garbage               200 with a body that is not JSON
    redirect              302 to another server (clients must not follow it)
    other_person          200 with another person's (or company's) record; a POST's receipt names
                          another id and an employment check another person
    crossed               as other_person, and with the X-Road-Id of another message (an answer
                          crossed with someone else's in a cache or proxy)
    huge=<MB>             200 with a JSON body of that many megabytes (1..200), streamed

e.g. `population:latency=800;employment:status=429,error_rate=0.3;*:latency=50`.
"""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass

REGISTERS = ("population", "education", "employment", "social-assistance", "business", "health-insurance")
PROVIDER_STATUSES = {
    400: "BadRequest",
    403: "Forbidden",
    404: "NotFound",
    429: "TooManyRequests",
    500: "InternalError",
    502: "InternalError",
    503: "InternalError",
    504: "InternalError",
}
OPTIONS = (
    "latency",
    "error_rate",
    "xroad_error",
    "status",
    "garbage",
    "redirect",
    "other_person",
    "crossed",
    "huge",
)
FLAGS = ("garbage", "redirect", "other_person", "crossed")
FAILURES = ("xroad_error", "status", "garbage", "redirect", "other_person", "crossed", "huge")
MAX_HUGE_MB = 200
_XROAD_TYPE = re.compile(r"^(Client|Server)(\.[A-Za-z][A-Za-z0-9]*)+$")


@dataclass(frozen=True)
class Fault:
    latency_ms: int = 0
    error_rate: float = 1.0
    xroad_error: str | None = None
    status: int | None = None
    garbage: bool = False
    redirect: bool = False
    other_person: bool = False
    crossed: bool = False
    huge_mb: int = 0

    @property
    def fails(self) -> bool:
        return bool(
            self.xroad_error
            or self.status
            or self.garbage
            or self.redirect
            or self.other_person
            or self.crossed
            or self.huge_mb
        )


def parse_faults(text: str) -> dict[str, Fault]:
    """Parse the fault configuration; raise ValueError naming the offending part."""
    result: dict[str, Fault] = {}
    for raw_entry in text.split(";"):
        entry = raw_entry.strip()
        if not entry:
            continue
        register, colon, options = entry.partition(":")
        register = register.strip()
        if not colon:
            raise ValueError(f"fault entry {entry!r} must look like <register>:<option>[,<option>...]")
        if register != "*" and register not in REGISTERS:
            raise ValueError(f"unknown register {register!r}; expected * or one of {', '.join(REGISTERS)}")
        if register in result:
            raise ValueError(f"register {register!r} is configured twice")
        result[register] = _parse_options(register, options)
    return result


def _parse_options(register: str, options: str) -> Fault:
    values: dict[str, object] = {}
    seen: set[str] = set()
    rate_given = False
    for raw in options.split(","):
        option = raw.strip()
        name, equals, value = (part.strip() for part in option.partition("="))
        if not option:
            raise ValueError(f"empty option for register {register!r}")
        if name not in OPTIONS:
            raise ValueError(f"unknown option {name!r}; expected {', '.join(OPTIONS)}")
        if name in seen:
            raise ValueError(f"option {name!r} given twice for register {register!r}")
        seen.add(name)
        if name in FLAGS:
            if equals:
                raise ValueError(f"option {name!r} takes no value")
            values[name] = True
        elif not equals or not value:
            raise ValueError(f"option {name!r} of register {register!r} needs a value")
        elif name == "latency":
            if not (value.isascii() and value.isdigit()) or int(value) > 600_000:
                raise ValueError(f"latency must be whole milliseconds 0..600000, not {value!r}")
            values["latency_ms"] = int(value)
        elif name == "huge":
            if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_HUGE_MB:
                raise ValueError(f"huge must be whole megabytes 1..{MAX_HUGE_MB}, not {value!r}")
            values["huge_mb"] = int(value)
        elif name == "error_rate":
            try:
                rate = float(value)
            except ValueError:
                rate = -1.0
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"error_rate must be a number from 0 to 1, not {value!r}")
            values["error_rate"] = rate
            rate_given = True
        elif name == "xroad_error":
            if not _XROAD_TYPE.match(value):
                raise ValueError(
                    f"xroad_error must look like Server.ServerProxy.DatabaseError, not {value!r}"
                )
            values["xroad_error"] = value
        else:  # status
            if not (value.isascii() and value.isdigit()) or int(value) not in PROVIDER_STATUSES:
                allowed = ", ".join(str(code) for code in PROVIDER_STATUSES)
                raise ValueError(f"status must be one of {allowed}, not {value!r}")
            values["status"] = int(value)
    failures = [name for name in FAILURES if name in values or (name == "huge" and "huge_mb" in values)]
    if len(failures) > 1:
        raise ValueError(f"register {register!r}: choose one of {', '.join(failures)}")
    if rate_given and not failures:
        values["status"] = 500
    return Fault(**values)  # type: ignore[arg-type]


def coerce_faults(faults: str | Mapping[str, Fault] | None) -> dict[str, Fault]:
    if faults is None:
        return {}
    if isinstance(faults, str):
        return parse_faults(faults)
    result = dict(faults)
    for register, fault in result.items():
        if register != "*" and register not in REGISTERS:
            raise ValueError(f"unknown register {register!r} in faults")
        if not isinstance(fault, Fault):
            raise ValueError(f"faults[{register!r}] must be a Fault")
    return result


class FaultPlan:
    """Decides, per request, which fault applies. The dice are seeded, so a run is reproducible."""

    def __init__(self, faults: Mapping[str, Fault], seed: int) -> None:
        self.faults = dict(faults)
        self._lock = threading.Lock()
        # Not for security: reproducible fault sequences per register.
        self._dice = {
            register: random.Random(f"faults:{seed}:{register}")  # noqa: S311
            for register in REGISTERS
        }

    def for_register(self, register: str) -> Fault | None:
        return self.faults.get(register) or self.faults.get("*")

    def should_fail(self, register: str, fault: Fault) -> bool:
        if not fault.fails:
            return False
        if fault.error_rate >= 1.0:
            return True
        with self._lock:
            return self._dice[register].random() < fault.error_rate
