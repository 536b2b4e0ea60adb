"""The reports pages without their cache: every request computes every figure it shows, as the first
view after the 5-minute cache expires does. In-process (Flask's test client), on data kept by
`bench.run --state FILE` (e.g. `make bench-reports BENCH_ARGS="--state /tmp/reports.json"`).

    PORTAL_ENV=development .venv/bin/python -m bench.report_uncached --state FILE [--requests 30]
        [--query "office=Tallinn&region=Harju maakond"]

Prints per page the wall p50/p99 and this process's CPU p50/p99 (on SQLite that is all the work; on
PostgreSQL the server's share is not in it), with the load average: the machine is shared, and the
garbage collector's full (generation 2) collections during the requests: each walks every object
the process holds, so one of them is the p99 of 30 requests. `--gc-freeze` moves the app's objects
out of its reach first, as gunicorn's `pre_fork` does for the workers (gunicorn.conf.py).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from pathlib import Path

from bench.pages import EN, reuse_state
from portal.web.backoffice.views.reports import CACHE_EXTENSION

PAGES = (
    "/back-office/reports",
    "/back-office/reports/decision-time/chart",
    "/back-office/reports/registrations-per-week/csv",
    "/back-office/reports/caseload-by-risk/chart",
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", required=True)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--query", default="", help="filters, e.g. office=Tallinn&region=Harju maakond")
    parser.add_argument(
        "--gc-freeze", action="store_true", help="gc.freeze() the built app, as gunicorn does"
    )
    args = parser.parse_args(argv)
    _url, prepared = reuse_state(args.state)
    client, app = prepared.clients["counsellor"], prepared.app
    if args.gc_freeze:
        gc.collect()
        gc.freeze()
    full: list[float] = []  # milliseconds of each generation-2 collection while measuring
    started: list[float] = []

    def collections(phase: str, info: dict) -> None:
        if info["generation"] == 2:
            if phase == "start":
                started[:] = [time.perf_counter()]
            elif started:
                full.append((time.perf_counter() - started[0]) * 1000)

    gc.callbacks.append(collections)
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"bench: {app.extensions['database_engine'].dialect.name}, load {load}, {args.requests} requests")
    for page in PAGES:
        path = f"{page}?{args.query}" if args.query else page
        client.get(path, headers=EN)  # templates, translations, pygal imported
        walls, cpus = [], []
        full.clear()
        for _ in range(args.requests):
            app.extensions.pop(CACHE_EXTENSION, None)
            wall, cpu = time.perf_counter(), time.process_time()
            status = client.get(path, headers=EN).status_code
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            if status != 200:
                raise SystemExit(f"bench: {path} answered {status}")
        print(
            f"{path:<70} wall p50 {statistics.median(walls):6.0f} p99 {percentile(walls, 0.99):6.0f} ms"
            f"   CPU p50 {statistics.median(cpus):6.0f} p99 {percentile(cpus, 0.99):6.0f} ms"
            f"   full GCs {len(full)} ({', '.join(f'{ms:.0f}' for ms in full) or '-'} ms)",
            flush=True,
        )
    print(f"bench: load {Path('/proc/loadavg').read_text().split()[:3]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
