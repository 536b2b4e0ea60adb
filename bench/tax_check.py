"""The nightly tax check at scale: N registered jobseekers against the employment register simulator
with injected latency per call, run with bounded concurrent batches.

    .venv/bin/python -m bench.tax_check [--db sqlite|postgresql] [--n 100000] [--latency 50] [--workers 8]

1. The register simulator runs in a process of its own (a threaded server), with
   `employment:latency=<ms>`; it counts how often it computed each `checkId` (a repeat is answered
   from its store and not counted).
2. N persons and registrations are written in bulk (registration dates spread over 60 days, so
   batches of up to 1,000 with one `since` each), with the personas the simulator knows as employed.
3. Timed run: one full run in a fresh process; wall time, batches, persons, proposals, and the
   process's resident memory sampled during the run (start, peak).
4. Kill and restart: a second night's run in a process killed with SIGKILL once half its batches are
   done; then started again (after the claim lease ran out) until finished. Every batch of both
   nights must have been computed exactly once by the register and every person checked once.

Writes bench/results/tax_check-<db>.json; exits 1 when the run takes longer than 60 s or a checkId
was computed more than once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_lifecycle"
)
GOAL_SECONDS = 60.0
LEASE_SECONDS = 3
EMPLOYED = ("49004230347", "49102210337")  # the simulator's Kadri Tamm and Külli Sepp


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- the register simulator, in its own process ---------------------------------------------------


def serve_simulator(port: int, latency: int) -> None:
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request

    from portal.simulators.registers import create_simulator

    simulator = create_simulator("EE", faults=f"employment:latency={latency}")
    state = simulator.extensions["register_simulator"]
    computed: dict[str, int] = {}
    lock = threading.Lock()
    original = state.once

    def once(operation, key, compute):
        def counted():
            with lock:
                computed[key] = computed.get(key, 0) + 1
            return compute()

        return original(operation, key, counted if operation == "employment-checks" else compute)

    state.once = once

    def app(environ, start_response):
        if environ.get("PATH_INFO") == "/_bench/computed":
            body = json.dumps(computed).encode()
            start_response("200 OK", [("Content-Type", "application/json")])
            return [body]
        return simulator(environ, start_response)

    server = make_server("127.0.0.1", port, app, threaded=True)
    print("ready", flush=True)
    server.serve_forever()


def computed(port: int) -> dict[str, int]:
    import httpx

    return httpx.get(f"http://127.0.0.1:{port}/_bench/computed", timeout=30).json()


# --- the portal side ------------------------------------------------------------------------------


def portal_settings(database_url: str, port: int) -> dict[str, object]:
    return {
        "ENV": "development",
        "SECRET_KEY": "bench-" + "x" * 40,
        "DATABASE_URL": database_url,
        "XROAD_URL": f"http://127.0.0.1:{port}",
        "XROAD_READ_TIMEOUT": 30.0,
        "JOBS_IMMEDIATE": True,
        "LOG_LEVEL": "WARNING",
    }


def make_app(database_url: str, port: int):
    from portal import create_app

    return create_app(
        portal_settings(database_url, port), instance_path=tempfile.mkdtemp(prefix="bench-tax-")
    )


def populate(database_url: str, n: int) -> None:
    """N persons with valid Estonian codes the register does not know (not employed), and the
    simulator's employed personas, each with a registration in force."""
    from sqlalchemy import insert, text

    from portal import migrations
    from portal.database import build_engine
    from portal.models import Person, Registration
    from portal.profiles.ee import isikukood_check_digit

    engine = build_engine(database_url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    if engine.dialect.name == "sqlite":
        Path(database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        engine.dispose()
        engine = build_engine(database_url)
    migrations.upgrade(engine)
    today = dt.date.today()
    now = dt.datetime.now(dt.UTC)

    def codes():
        yield from EMPLOYED
        born, serial = dt.date(1960, 1, 1), 0
        while True:
            first_ten = f"{3 + (serial % 2)}{born:%y%m%d}{serial % 1000:03d}"
            yield first_ten + str(isikukood_check_digit(first_ten))
            serial += 1
            if serial % 1000 == 0:
                born += dt.timedelta(days=1)

    generator = codes()
    chunk = 5000
    with engine.begin() as connection:
        for start in range(0, n, chunk):
            size = min(chunk, n - start)
            people = [
                {
                    "country": "EE",
                    "national_code": next(generator),
                    "given_name": "Bench",
                    "family_name": f"Person {start + i}",
                    "names_from_register": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(size)
            ]
            ids = connection.execute(insert(Person).returning(Person.id), people).scalars().all()
            connection.execute(
                insert(Registration),
                [
                    {
                        "reference": f"REG-BENCH-{start + i:07d}",
                        "person_id": person_id,
                        "kind": "unemployed",
                        "state": "registered",
                        "submitted_at": now,
                        "decision_due_on": today,
                        # 60 days before today: the employed personas' jobs began since.
                        "registered_on": today - dt.timedelta(days=60 + (start + i) % 60),
                        "consent_at": now,
                        "consent_version": "bench",
                        "register_data": {},
                        "answers": {},
                        "review_reasons": [],
                    }
                    for i, person_id in enumerate(ids)
                ],
            )
    engine.dispose()


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run_once(database_url: str, port: int, night: str, workers: int, lease: float) -> None:
    """A worker process: one call of the tax check; prints its figures as JSON."""
    from portal.services.lifecycle import tax_check

    app = make_app(database_url, port)
    samples = [rss_mib()]
    running = True

    def sample() -> None:
        while running:
            samples.append(rss_mib())
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    with app.app_context():
        started = time.perf_counter()
        result = tax_check.run(
            dt.date.fromisoformat(night), workers=workers, lease=dt.timedelta(seconds=lease)
        )
        seconds = time.perf_counter() - started
    running = False
    sampler.join()
    print(
        json.dumps(
            {
                "run_id": result.run_id,
                "state": result.state.value,
                "batches_run": result.batches_run,
                "seconds": round(seconds, 2),
                "rss_start_mib": round(samples[0], 1),
                "rss_peak_mib": round(max(samples), 1),
            }
        ),
        flush=True,
    )


def run_figures(database_url: str, night: str) -> dict[str, object]:
    from sqlalchemy import func, select

    from portal.database import build_engine
    from portal.models import BatchState, ReconciliationBatch, ReconciliationRun

    engine = build_engine(database_url)
    with engine.connect() as connection:
        run = connection.execute(
            select(ReconciliationRun).where(ReconciliationRun.night == dt.date.fromisoformat(night))
        ).one()
        check_ids = (
            connection.execute(
                select(ReconciliationBatch.check_id).where(ReconciliationBatch.run_id == run.id)
            )
            .scalars()
            .all()
        )
        done = connection.scalar(
            select(func.count()).where(
                ReconciliationBatch.run_id == run.id, ReconciliationBatch.state == BatchState.DONE
            )
        )
    engine.dispose()
    return {
        "state": run.state,
        "batches_total": run.batches_total,
        "batches_done": done,
        "persons_checked": run.persons_checked,
        "proposals_made": run.proposals_made,
        "errors": run.errors,
        "check_ids": check_ids,
    }


def worker(database_url: str, port: int, night: str, workers: int, lease: float) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - this module with a fixed argument list
        [
            sys.executable,
            "-m",
            "bench.tax_check",
            "--worker",
            database_url,
            str(port),
            night,
            str(workers),
            str(lease),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def batches_done(database_url: str, night: str) -> tuple[int, int]:
    from sqlalchemy import select

    from portal.database import build_engine
    from portal.models import ReconciliationRun

    engine = build_engine(database_url)
    try:
        with engine.connect() as connection:
            row = connection.execute(
                select(ReconciliationRun.batches_done, ReconciliationRun.batches_total).where(
                    ReconciliationRun.night == dt.date.fromisoformat(night)
                )
            ).first()
    finally:
        engine.dispose()
    return (row[0], row[1]) if row else (0, 0)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--latency", type=int, default=50, help="ms per employment-checks call")
    parser.add_argument("--workers", type=int, default=8, help="batches sent concurrently")
    args = parser.parse_args()

    directory = Path(tempfile.mkdtemp(prefix="bench-tax-"))
    database_url = POSTGRES_URL if args.db == "postgresql" else f"sqlite:///{directory / 'bench.sqlite3'}"
    port = free_port()
    simulator = subprocess.Popen(  # noqa: S603 - this module with a fixed argument list
        [sys.executable, "-m", "bench.tax_check", "--simulator", str(port), str(args.latency)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert simulator.stdout is not None and simulator.stdout.readline().strip() == "ready"
        started = time.perf_counter()
        populate(database_url, args.n)
        populate_seconds = time.perf_counter() - started
        print(f"{args.n} registrations written in {populate_seconds:.1f} s", flush=True)

        today = dt.date.today()
        timed_night, killed_night = (
            (today + dt.timedelta(days=1)).isoformat(),
            (today + dt.timedelta(days=2)).isoformat(),
        )
        timed = worker(database_url, port, timed_night, args.workers, 300)
        out, _ = timed.communicate()
        timed_result = json.loads(out.strip().splitlines()[-1])
        timed_figures = run_figures(database_url, timed_night)
        print(f"timed run: {timed_result}", flush=True)

        victim = worker(database_url, port, killed_night, args.workers, LEASE_SECONDS)
        while True:
            done, total = batches_done(database_url, killed_night)
            if total and done >= total // 2:
                victim.send_signal(signal.SIGKILL)
                victim.wait()
                break
            if victim.poll() is not None:
                break
            time.sleep(0.05)
        killed_at = batches_done(database_url, killed_night)
        time.sleep(LEASE_SECONDS + 1)  # the dead process's claims expire
        restarted = worker(database_url, port, killed_night, args.workers, LEASE_SECONDS)
        out, _ = restarted.communicate()
        restart_result = json.loads(out.strip().splitlines()[-1])
        killed_figures = run_figures(database_url, killed_night)

        counts = computed(port)
        twice = {
            night: sum(1 for check_id in figures["check_ids"] if counts.get(check_id, 0) != 1)
            for night, figures in ((timed_night, timed_figures), (killed_night, killed_figures))
        }
        result = {
            "db": args.db,
            "jobseekers": args.n,
            "latency_ms": args.latency,
            "workers": args.workers,
            "populate_seconds": round(populate_seconds, 1),
            "timed_run": {**timed_result, **{k: v for k, v in timed_figures.items() if k != "check_ids"}},
            "killed_run": {
                "killed_at_batches": killed_at,
                "restart": restart_result,
                **{k: v for k, v in killed_figures.items() if k != "check_ids"},
            },
            "check_ids_not_computed_exactly_once": twice,
        }
    finally:
        simulator.terminate()
        simulator.wait()
    print(json.dumps(result, indent=2))
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"tax_check-{args.db}.json").write_text(json.dumps(result, indent=2) + "\n")
    ok = (
        timed_result["seconds"] <= GOAL_SECONDS
        and timed_figures["persons_checked"] == args.n
        and killed_figures["persons_checked"] == args.n
        and not any(twice.values())
    )
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--simulator":
        serve_simulator(int(sys.argv[2]), int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--worker":
        run_once(sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), float(sys.argv[6]))
    else:
        sys.exit(main())
