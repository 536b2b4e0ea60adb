"""`make bench-memory`: the memory of each gunicorn worker under the production configuration.

    .venv/bin/python -m bench.memory [--db sqlite|postgresql] [--seconds 0.5] [--goal 55]

Builds the benchmark's data (`bench.pages.prepare`), starts the portal with `gunicorn.conf.py`
(preloaded app, `gc.freeze()` before each fork, the default 4 workers x 8 threads) and a bare Flask
"hello" app with the same configuration, drives every page of `bench/pages.py` for a moment over
several connections so that every worker serves a mix of pages, then reads each process's
`/proc/PID/smaps_rollup`:

- RSS: every page the process maps, shared or not (what `ps` and `top` show);
- PSS: each page divided by the number of processes sharing it (the fair share; the PSS of all
  processes adds up to what the site uses);
- USS: the pages only this process holds (Private_Clean + Private_Dirty): what one more worker
  costs the machine.

A worker forked from the preloaded master shares the master's pages, so its RSS counts the whole
imported portal while its USS is only what it made itself. Exits 1 when a worker's PSS is above the
goal (issue 18: 55 MiB per worker; `--measure rss|pss|uss` chooses the measure). Results in
bench/results/memory-<db>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.load import drive
from bench.pages import pages_of, prepare, reset_database
from bench.run import POSTGRES_URL, ROOT, portal_env, serve

MIB = 1024 * 1024
FIELDS = ("Rss", "Pss", "Private_Clean", "Private_Dirty", "Shared_Clean", "Shared_Dirty", "Swap")


def smaps_rollup(pid: int) -> dict[str, int]:
    """The process's memory in bytes, from the kernel's summary of its mappings."""
    figures: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in FIELDS:
            figures[name] = int(rest.split()[0]) * 1024
    figures["Uss"] = figures["Private_Clean"] + figures["Private_Dirty"]
    return figures


def mappings(pid: int) -> list[tuple[str, int]]:
    """(start address, private bytes) of each of the process's mappings."""
    found: list[tuple[str, int]] = []
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        head = line.split(maxsplit=1)[0]
        if "-" in head and not head.endswith(":"):
            found.append((head.split("-")[0], 0))
        elif head in ("Private_Clean:", "Private_Dirty:"):
            start, private = found[-1]
            found[-1] = (start, private + int(line.split()[1]) * 1024)
    return found


def private_by_origin(pid: int, master_starts: set[str]) -> tuple[int, int]:
    """A worker's private bytes in the mappings it inherited from the master (the master's heap and
    arenas: pages copied when the worker wrote to them, mostly reference counts, or reused for its own
    objects) and in mappings it made itself (its new arenas, its threads' malloc arenas)."""
    inherited = made = 0
    for start, private in mappings(pid):
        if start in master_starts:
            inherited += private
        else:
            made += private
    return inherited, made


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return sorted(found)


def workers(master: int, expected: int, timeout: float = 60) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = children(master)
        if len(found) >= expected:
            return found
        time.sleep(0.2)
    raise SystemExit(f"bench: gunicorn {master} has {len(children(master))} workers, expected {expected}")


def report(
    name: str, master: int, worker_pids: list[int], master_starts: set[str] | None = None
) -> dict[str, object]:
    rows = {"master": smaps_rollup(master), "workers": {pid: smaps_rollup(pid) for pid in worker_pids}}
    if master_starts is not None:
        for pid in worker_pids:
            inherited, made = private_by_origin(pid, master_starts)
            rows["workers"][pid].update(Uss_inherited=inherited, Uss_new=made)
    print(
        f"{name:<8} {'process':<14} {'RSS MiB':>8} {'PSS MiB':>8} {'USS MiB':>8}"
        + (f" {'of it in maps from master':>26} {'in new maps':>12}" if master_starts is not None else "")
    )
    for label, figures in [("master", rows["master"])] + [
        (f"worker {pid}", figures) for pid, figures in rows["workers"].items()
    ]:
        origin = (
            f" {figures['Uss_inherited'] / MIB:>26.1f} {figures['Uss_new'] / MIB:>12.1f}"
            if "Uss_inherited" in figures
            else ""
        )
        print(
            f"{name:<8} {label:<14} {figures['Rss'] / MIB:>8.1f} {figures['Pss'] / MIB:>8.1f} "
            f"{figures['Uss'] / MIB:>8.1f}{origin}"
        )
    total = sum(f["Pss"] for f in [rows["master"], *rows["workers"].values()])
    print(f"{name:<8} {'all (PSS sum)':<14} {'':>8} {total / MIB:>8.1f}")
    return {
        "master": rows["master"],
        "workers": {str(pid): figures for pid, figures in rows["workers"].items()},
        "pss_total": total,
    }


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--seconds", type=float, default=0.5, help="how long each page is driven")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2, help="passes over every page")
    parser.add_argument("--goal", type=float, default=55.0, help="MiB per worker")
    parser.add_argument("--measure", choices=("rss", "pss", "uss"), default="pss")
    parser.add_argument(
        "--compare-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="also measure the portal with this",
    )
    args = parser.parse_args(argv)

    worker_count = int(os.environ.get("GUNICORN_WORKERS", "4"))  # as gunicorn.conf.py reads it

    instance = Path(tempfile.mkdtemp(prefix="pes-bench-memory-"))
    database_url = f"sqlite:///{instance / 'bench.sqlite3'}" if args.db == "sqlite" else POSTGRES_URL
    print(f"bench: preparing data on {args.db} in {instance}", flush=True)
    reset_database(database_url)
    prepared = prepare(database_url)
    selected = pages_of(prepared)

    hello_process, hello_port = serve("bench.hello:app", {})
    try:
        hello_workers = workers(hello_process.pid, worker_count)
        drive(hello_port, "/", connections=args.connections, seconds=args.seconds * 4)
        results: dict[str, object] = {"hello": report("hello", hello_process.pid, hello_workers)}
    finally:
        stop(hello_process)

    def warm_and_measure(label: str, extra: dict[str, str]) -> tuple[dict[str, object], int, int]:
        started = time.monotonic()
        process, port = serve("app:app", {**portal_env(database_url), **extra})
        start_seconds = time.monotonic() - started
        errors = requests = 0
        try:
            pids = workers(process.pid, worker_count)
            print(
                f"bench: {label} answered / {start_seconds:.1f} s after gunicorn was started "
                f"(load average {os.getloadavg()[0]:.1f}); {len(selected)} pages x {args.rounds} rounds",
                flush=True,
            )
            master_starts = {start for start, _ in mappings(process.pid)}
            report(f"{label}-0", process.pid, pids, master_starts)
            for _ in range(args.rounds):
                for page in selected:
                    headers = {**page.headers, "Accept-Language": "en", "Accept-Encoding": "gzip"}
                    if page.who:
                        headers["Cookie"] = prepared.cookies[page.who]
                    result = drive(
                        port, page.path, headers=headers, connections=args.connections, seconds=args.seconds
                    )
                    requests += result.requests
                    errors += result.errors
                    if result.errors:
                        print(f"bench: {page.name}: {result.errors} errors", flush=True)
            print(f"bench: {requests} requests to the portal, {errors} errors", flush=True)
            figures = report(label, process.pid, pids, master_starts)
            figures["start_seconds"] = start_seconds
            if children(process.pid) != pids:
                print("bench: a portal worker was restarted during the run; figures are of the new ones")
        finally:
            stop(process)
        return figures, requests, errors

    for variant in args.compare_env:
        name, _, value = variant.partition("=")
        results[f"portal {variant}"], _, _ = warm_and_measure(variant, {name: value})
    results["portal"], requests, errors = warm_and_measure("portal", {})

    key = {"rss": "Rss", "pss": "Pss", "uss": "Uss"}[args.measure]
    worst = max(figures[key] for figures in results["portal"]["workers"].values())  # type: ignore[index]
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    results.update(requests=requests, errors=errors, goal_mib=args.goal, measure=args.measure)
    (out / f"memory-{args.db}.json").write_text(json.dumps(results, indent=2))
    print(
        f"bench: largest portal worker {args.measure.upper()} {worst / MIB:.1f} MiB (goal {args.goal:.0f} MiB)"
    )
    missed = worst > args.goal * MIB or errors
    if worst > args.goal * MIB:
        print(
            f"goal missed: a worker's {args.measure.upper()} is {worst / MIB:.1f} MiB > {args.goal:.0f} MiB"
        )
    if errors:
        print(f"goal missed: {errors} errors while warming up")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
