"""`make bench`: the portal's main pages against a bare "hello" app, on the same gunicorn config.

    .venv/bin/python -m bench.run [--db sqlite|postgresql] [--seconds 10] [--connections 32]

Prints page, database, req/s, ratio to hello, p50, p99, errors, SQL statements per request and bytes;
writes bench/results/<db>.json; exits 1 when a goal of docs/performance.md is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.load import Result, drive
from bench.pages import (
    Page,
    count_statements,
    pages_of,
    prepare,
    reset_database,
    reuse_state,
    save_state,
    settings,
)
from tests.eid import MARI

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")]
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench")
# The project's goals (issue "Fast pages"): share of hello's req/s, and p99 in milliseconds.
FULL_PAGE_SHARE, FRAGMENT_SHARE, P99_MS = 0.10, 0.25, 150.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(target: str, env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn with a fixed argument list
        [*GUNICORN, target],
        cwd=ROOT,
        env={**os.environ, **env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=1).status_code < 500:
                return process, port
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"bench: {target} did not start on port {port}")


def portal_env(database_url: str) -> dict[str, str]:
    env = {
        f"PORTAL_{key}": ("1" if value is True else str(value))
        for key, value in settings(database_url).items()
    }
    return env


def check(page: Page, result: Result, hello: Result) -> list[str]:
    share = result.rps / hello.rps if hello.rps else 0.0
    goal = FRAGMENT_SHARE if page.fragment else FULL_PAGE_SHARE
    missed = []
    if share < goal:
        missed.append(f"{page.name}: {share:.1%} of hello (goal {goal:.0%})")
    p99_goal = page.p99_ms or P99_MS
    if result.p99 > p99_goal:
        missed.append(f"{page.name}: p99 {result.p99:.0f} ms (goal {p99_goal:.0f} ms)")
    if result.errors:
        missed.append(f"{page.name}: {result.errors} errors")
    return missed


def generate_reports_data(prepared, jobseekers: int, events: int) -> None:
    """The reports' synthetic year (`flask reports generate`), and the time to compute every figure
    once without the cache (what the first view after the cache expires costs)."""
    from portal.services import reports
    from portal.services.reports.synthetic import generate

    app = prepared.app
    started = time.monotonic()
    with app.app_context():
        made = generate(app.extensions["profile"], jobseekers, events)
    print(f"bench: reports data {made} in {time.monotonic() - started:.0f} s", flush=True)
    from portal.services.reports import summary

    with app.app_context():
        started = time.monotonic()
        written = summary.refresh(app.extensions["profile"])  # what the nightly job leaves
        if db_dialect(app) == "postgresql":
            analyze(app)
    print(f"bench: reports per-day counts {written} rows in {time.monotonic() - started:.1f} s", flush=True)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        profile = app.extensions["profile"]
        today = profile.today()
        filters = reports.ReportFilter(start=today - dt.timedelta(weeks=12) + dt.timedelta(days=1), end=today)
        for figure in reports.figures():
            began = time.monotonic()
            figure.compute(filters, profile)
            print(
                f"bench: figure {figure.key}: {(time.monotonic() - began) * 1000:.0f} ms uncached", flush=True
            )


def db_dialect(app) -> str:
    from portal.extensions import db

    return db.engine.dialect.name


def analyze(app) -> None:
    """Fresh statistics after the bulk insert, as autovacuum would give them in time."""
    from sqlalchemy import text

    from portal.extensions import db

    with db.engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))


def give_caseload(prepared, share: int = 50) -> None:
    """A caseload for Mari-Liis, the demo counsellor: every `share`-th case of her office; and across
    the population something for each filter to find: plan actions due (some overdue), social
    assistance, an open offer for every 40th person, a refusal to confirm for every 60th."""
    import datetime as dt

    from sqlalchemy import func, insert, literal, select, update

    from portal.extensions import db
    from portal.models import JobseekerCase, Offer, Person, Refusal, StaffMember

    with prepared.app.app_context():
        today = prepared.app.extensions["profile"].today()
        staff = db.session.scalar(select(StaffMember).join(Person).where(Person.national_code == MARI))
        db.session.execute(
            update(JobseekerCase)
            .where(JobseekerCase.office == staff.office, JobseekerCase.id % share == 0)
            .values(counsellor_id=staff.id)
        )
        for days in range(-3, 7):  # every 7th case has a plan action due, some already overdue
            db.session.execute(
                update(JobseekerCase)
                .where(JobseekerCase.id % 7 == 0, JobseekerCase.id % 10 == days + 3)
                .values(next_due_on=today + dt.timedelta(days=days))
            )
        db.session.execute(
            update(JobseekerCase).where(JobseekerCase.id % 5 == 0).values(social_assistance=True)
        )

        def offers(modulo: int, state: str, reply_by: dt.date) -> None:
            db.session.execute(
                insert(Offer).from_select(
                    ["person_id", "kind", "title", "state", "proposed_at", "reply_by"],
                    select(
                        JobseekerCase.person_id,
                        literal("vacancy"),
                        literal("Synthetic offer"),
                        literal(state),
                        literal(dt.datetime.now(dt.UTC)),
                        literal(reply_by),
                    ).where(JobseekerCase.id % modulo == 1),
                )
            )

        offers(40, "proposed", today + dt.timedelta(days=5))
        offers(60, "refused", today - dt.timedelta(days=2))
        db.session.execute(
            insert(Refusal).from_select(
                ["offer_id", "person_id", "reason", "review_state"],
                select(Offer.id, Offer.person_id, literal("distance"), literal("pending")).where(
                    Offer.state == "refused", Offer.title == "Synthetic offer"
                ),
            )
        )
        db.session.commit()
        mine = db.session.scalar(select(func.count()).where(JobseekerCase.counsellor_id == staff.id))
        office = db.session.scalar(select(func.count()).where(JobseekerCase.office == staff.office))
        waiting = db.session.scalar(select(func.count()).select_from(Offer).where(Offer.state == "proposed"))
        refusals = db.session.scalar(select(func.count()).select_from(Refusal))
    print(
        f"bench: caseload {mine} cases for the counsellor, {office} in the office; "
        f"{waiting} open offers, {refusals} refusals",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--warmup",
        type=float,
        default=1.0,
        help="seconds of load before each measured run, not counted: every worker's first views "
        "(its page template compiled, the figures it keeps computed) are the cold start, not the "
        "steady state (bench.report_uncached measures the figures' first computation)",
    )
    parser.add_argument(
        "--only", help="drive only pages whose name contains this text (alternatives separated by |)"
    )
    parser.add_argument("--reports-jobseekers", type=int, default=0, help="synthetic year for the reports")
    parser.add_argument("--reports-events", type=int, default=0, help="decisions + audit events in it")
    parser.add_argument(
        "--caseload-jobseekers", type=int, default=0, help="synthetic jobseekers with cases (issue 15)"
    )
    parser.add_argument(
        "--state",
        help="keep the prepared data's ids and sessions in this file; when it exists, measure that "
        "database again instead of building one (a later migration is applied first)",
    )
    args = parser.parse_args(argv)

    if args.state and Path(args.state).exists():
        database_url, prepared = reuse_state(args.state)
        print(f"bench: reusing the data of {args.state}", flush=True)
    else:
        instance = Path(tempfile.mkdtemp(prefix="pes-bench-"))
        database_url = f"sqlite:///{instance / 'bench.sqlite3'}" if args.db == "sqlite" else POSTGRES_URL
        print(f"bench: preparing data on {args.db} in {instance}", flush=True)
        reset_database(database_url)
        prepared = prepare(database_url)
        if args.reports_jobseekers:
            generate_reports_data(prepared, args.reports_jobseekers, args.reports_events)
        elif args.caseload_jobseekers:
            generate_reports_data(prepared, args.caseload_jobseekers, 0)
        if args.reports_jobseekers or args.caseload_jobseekers:
            give_caseload(prepared)
        if args.state:
            save_state(prepared, database_url, args.state)
    wanted = args.only.split("|") if args.only else []
    selected = [p for p in pages_of(prepared) if not wanted or any(text in p.name for text in wanted)]

    hello_process, hello_port = serve("bench.hello:app", {})
    portal_process, portal_port = serve("app:app", portal_env(database_url))
    rows, missed = [], []
    print(
        f"{'page':<34} {'database':<10} {'req/s':>8} {'/hello':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} {'SQL':>5} {'bytes':>8}"
    )
    try:
        for page in selected:
            status, statements, size = count_statements(prepared, page)
            if status != 200:
                raise SystemExit(f"bench: {page.path} answered {status} in-process")
            headers = {**page.headers, "Accept-Language": "en"}
            if page.who:
                headers["Cookie"] = prepared.cookies[page.who]
            if args.warmup:
                drive(hello_port, "/", connections=args.connections, seconds=args.warmup)
            hello = drive(hello_port, "/", connections=args.connections, seconds=args.seconds)
            if args.warmup:
                drive(
                    portal_port, page.path, headers=headers, connections=args.connections, seconds=args.warmup
                )
            result = drive(
                portal_port, page.path, headers=headers, connections=args.connections, seconds=args.seconds
            )
            missed += check(page, result, hello)
            rows.append(
                {
                    "page": page.name,
                    "path": page.path,
                    "db": args.db,
                    "rps": round(result.rps, 1),
                    "hello_rps": round(hello.rps, 1),
                    "ratio": round(result.rps / hello.rps, 4) if hello.rps else None,
                    "p50_ms": round(result.p50, 1),
                    "p99_ms": round(result.p99, 1),
                    "errors": result.errors,
                    "connects": result.connects,  # connections opened, 32 + the reconnects
                    "sql_statements": statements,
                    "bytes": size,
                }
            )
            row = rows[-1]
            print(
                f"{row['page']:<34} {args.db:<10} {row['rps']:>8.1f} {row['ratio']:>7.1%} "
                f"{row['p50_ms']:>7.0f} {row['p99_ms']:>7.0f} {row['errors']:>6} {statements:>5} {size:>8}",
                flush=True,
            )
    finally:
        for process in (hello_process, portal_process):
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:  # workers still holding idle keep-alive connections
                process.kill()
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"{args.db}.json").write_text(json.dumps(rows, indent=2))
    for line in missed:
        print(f"goal missed: {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
