"""How long a registration prefill takes: all registers for one person, concurrently vs one by one.

Runs the real client against the register simulators with injected latency per register (default
200 ms, like a slow day on X-Road) and prints the wall time of both ways. Usage:

    .venv/bin/python bench/xroad_prefill.py [latency_ms] [rounds]
"""

from __future__ import annotations

import statistics
import sys
import time

import httpx

from portal.integrations.xroad import CallContext, Registers, ServiceId, XRoadClient, fetch_all
from portal.integrations.xroad.errors import XRoadError
from portal.profiles.base import DEV_XROAD_SERVICES
from portal.services.register_data import register_calls
from portal.simulators.registers import create_simulator, personas


def main(latency_ms: int = 200, rounds: int = 5) -> None:
    simulator = create_simulator("EE", faults=f"*:latency={latency_ms}")
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
    print(f"{len(calls)} registers, {latency_ms} ms latency each, {rounds} rounds")
    print(f"concurrent: median {statistics.median(concurrent) * 1000:.0f} ms")
    print(f"sequential: median {statistics.median(sequential) * 1000:.0f} ms")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
