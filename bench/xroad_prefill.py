"""Registration prefill latency against the slowest register's latency.

Runs the real client against the register simulators with injected latency (by default every
register 200 ms and the tax register 600 ms, like a slow day on X-Road) and prints the wall time of
the concurrent prefill beside one-after-another calls. Usage:

    .venv/bin/python bench/xroad_prefill.py ["<faults>"] [rounds]
"""

from __future__ import annotations

import re
import statistics
import sys
import time

import httpx

from portal.integrations.xroad import CallContext, Registers, ServiceId, XRoadClient, fetch_all
from portal.integrations.xroad.errors import XRoadError
from portal.profiles.base import DEV_XROAD_SERVICES
from portal.services.register_data import register_calls
from portal.simulators.registers import create_simulator, personas

DEFAULT_FAULTS = "*:latency=200;employment:latency=600"


def main(faults: str = DEFAULT_FAULTS, rounds: int = 5) -> None:
    simulator = create_simulator("EE", faults=faults)
    client = XRoadClient(
        "http://registers.bench", "DEV/GOV/70000001/pes", transport=httpx.WSGITransport(app=simulator)
    )
    registers = Registers.build(client, {k: ServiceId.parse(v) for k, v in DEV_XROAD_SERVICES.items()})
    code = next(p.code for p in personas("EE") if p.key == "unemployed")
    context = CallContext(purpose="benchmark", subject=code, on_behalf_of=f"EE{code}")
    calls = register_calls(registers, code, context)
    concurrent, sequential = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        fetch_all(calls)
        concurrent.append(time.perf_counter() - started)
        started = time.perf_counter()
        for call in calls.values():
            try:
                call()
            except XRoadError:  # the register that does not know him counts like the others
                continue
        sequential.append(time.perf_counter() - started)
    slowest = max(int(ms) for ms in re.findall(r"latency=(\d+)", faults))
    print(f"{len(calls)} registers, faults {faults!r}, {rounds} rounds")
    print(f"slowest register:       {slowest} ms")
    print(f"concurrent prefill:     median {statistics.median(concurrent) * 1000:.0f} ms")
    print(f"one after another:      median {statistics.median(sequential) * 1000:.0f} ms")


if __name__ == "__main__":
    main(*(sys.argv[1:2] or [DEFAULT_FAULTS]), *(int(arg) for arg in sys.argv[2:3]))
