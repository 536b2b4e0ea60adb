"""Search at scale: five typical queries against N generated vacancies, in-process.

    .venv/bin/python -m bench.search [--db sqlite|postgresql] [--count 100000] [--runs 200] [--keep ...]

Builds a fresh database, generates the vacancies with `flask search generate`'s code, then times
`portal.services.search.search` (the page and its count, as `/jobs` runs them) for each query and
prints p50/p99 in milliseconds and every statement's query plan. Writes
bench/results/search-<db>.json. Exits 1 when a query's p99 is above 50 ms or a plan scans the
vacancy table (SQLite `SCAN vacancy`, PostgreSQL `Seq Scan on vacancy`).

Beside wall time it reports CPU time, which says more on a loaded machine: the bench process's
(`time.process_time`; on SQLite that is all the work, the database runs in-process) and, on
PostgreSQL, the server backend's (read from /proc/<pid>/stat around all runs, so a mean per query
at the clock-tick resolution; only when the server runs on this machine).
`--keep` reuses a database that already holds the vacancies (a SQLite file; on PostgreSQL the
database of BENCH_POSTGRES_URL) after migrating it to the head revision.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.exc import SQLAlchemyError

from bench.pages import reset_database, settings, vacuum_analyze_search
from portal import create_app, migrations
from portal.database import build_engine
from portal.extensions import db
from portal.models.base import utcnow
from portal.models.search import EntryKind
from portal.profiles import current_profile
from portal.services.search import SearchQuery, kept, search
from portal.services.search.generator import generate

ROOT = Path(__file__).resolve().parent.parent
P99_GOAL_MS = 50.0
WARMUP = 5


@dataclass(frozen=True)
class Case:
    name: str
    params: dict[str, str]


# Typical searches on the Estonian profile's generated vacancies.
CASES = (
    Case("one word", {"q": "kokk"}),
    Case("two words", {"q": "klienditeenindaja paindlik"}),
    Case("filter only", {"county": "37", "working_time": "full", "posted": "30"}),
    Case("word + filters", {"q": "juht", "county": "37", "wage": "1500", "contract": "permanent"}),
    Case("no results", {"q": "xyzzyqwv"}),
    # A word in most vacancies (63,000 of 100,000 match `oskus*`): the ranking reads a window of them.
    Case("broad word", {"q": "oskus"}),
)
SCANS = {
    "sqlite": re.compile(r"\bSCAN (vacancy|search_entry)\b(?! USING)"),
    "postgresql": re.compile(r"Seq Scan on (vacancy|search_entry)\b"),
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def plans(engine, statements: list[tuple[str, object]]) -> list[str]:
    """The query plan of each statement as it was executed (same SQL, same parameters)."""
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    out = []
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for sql, parameters in statements:
            cursor.execute(prefix + sql, parameters)
            rows = cursor.fetchall()
            if engine.dialect.name == "sqlite":
                out.append("\n".join(f"  {row[3]}" for row in rows))
            else:
                out.append("\n".join(f"  {row[0]}" for row in rows))
    finally:
        raw.close()
    return out


def backend_cpu_seconds(pid: int | None) -> float | None:
    """utime + stime of a local PostgreSQL backend, or None when it cannot be read."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(app, case: Case, runs: int) -> dict:
    profile_code = "EE"
    with app.app_context():
        profile_code = current_profile().code
        today, now = current_profile().today(), utcnow()
        query = SearchQuery.from_params(case.params, counties=frozenset({"37", "78", "44"}))
        engine = db.engine
        executed: list[tuple[str, object]] = []

        def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:
            executed.append((statement, parameters))

        event.listen(engine, "before_cursor_execute", capture)
        results = search(EntryKind.VACANCY, query, today=today, now=now)
        event.remove(engine, "before_cursor_execute", capture)
        timings, cpu = [], []
        backend_pid = None
        if (
            engine.dialect.name == "postgresql" and engine.pool.size() == 1
        ):  # one connection: its backend ran every query
            backend_pid = db.session.scalar(text("SELECT pg_backend_pid()"))
            db.session.remove()
        backend_before = None
        for number in range(runs + WARMUP):
            if number == WARMUP:
                backend_before = backend_cpu_seconds(backend_pid)
            kept.forget(engine)  # each run a search not seen before: what it costs, not a kept result's
            start, start_cpu = time.perf_counter(), time.process_time()
            search(EntryKind.VACANCY, query, today=today, now=now)
            if number >= WARMUP:
                timings.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            db.session.remove()
        backend_after = backend_cpu_seconds(backend_pid)
        server_cpu = (
            round((backend_after - backend_before) * 1000 / runs, 2)
            if backend_before is not None and backend_after is not None
            else None
        )
        query_plans = plans(engine, executed)
    return {
        "query": case.name,
        "params": case.params,
        "profile": profile_code,
        "total": results.total,
        "p50_ms": round(statistics.median(timings), 2),
        "p99_ms": round(percentile(timings, 0.99), 2),
        "cpu_p50_ms": round(statistics.median(cpu), 2),
        "cpu_p99_ms": round(percentile(cpu, 0.99), 2),
        "server_cpu_mean_ms": server_cpu,
        "load_average": os.getloadavg(),
        "statements": [sql for sql, _ in executed],
        "plans": query_plans,
    }


def _holds_vacancies(url: str) -> bool:
    engine = build_engine(url)
    try:
        with engine.connect() as connection:
            return bool(connection.scalar(text("SELECT count(*) FROM search_entry")))
    except SQLAlchemyError:  # no such table (or database): a fresh one is made
        return False
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--keep", help="reuse this SQLite file if it exists (development)")
    args = parser.parse_args(argv)

    from bench.run import POSTGRES_URL

    if args.db == "sqlite":
        path = (
            Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="pes-search-")) / "bench.sqlite3"
        )
        url, fresh = f"sqlite:///{path}", not path.exists()
    else:
        url, fresh = POSTGRES_URL, not (args.keep and _holds_vacancies(POSTGRES_URL))
    config = settings(url)
    if args.db == "postgresql":
        # One connection, so the server backend whose CPU time is read is the one that ran the queries.
        config.update(DATABASE_POOL_SIZE=1, DATABASE_POOL_OVERFLOW=0)
    app = create_app(config)
    if not fresh:
        engine = build_engine(url)
        migrations.upgrade(engine)  # a kept database gets the indexes of later revisions
        engine.dispose()
    if fresh:
        reset_database(url)
        print(f"bench: generating {args.count} vacancies on {args.db}", flush=True)
        started = time.perf_counter()
        with app.app_context():
            made = generate(args.count, now=dt.datetime.now(dt.UTC))
        print(
            f"bench: {made.vacancies} vacancies ({made.published} published) in {time.perf_counter() - started:.0f} s"
        )
    vacuum_analyze_search(url)  # PostgreSQL: statistics and the visibility map, as autovacuum gives them
    rows, missed = [], []
    print(f"bench: load average {' '.join(f'{v:.1f}' for v in os.getloadavg())} (uptime)", flush=True)
    print(
        f"{'query':<16} {'database':<10} {'results':>8} {'p50 ms':>8} {'p99 ms':>8}"
        f" {'cpu p50':>8} {'cpu p99':>8} {'server cpu':>10}"
    )
    for case in CASES:
        row = {"db": args.db, "count": args.count, **measure(app, case, args.runs)}
        rows.append(row)
        print(
            f"{row['query']:<16} {args.db:<10} {row['total']:>8} {row['p50_ms']:>8.1f} {row['p99_ms']:>8.1f}"
            f" {row['cpu_p50_ms']:>8.1f} {row['cpu_p99_ms']:>8.1f}"
            f" {'-' if row['server_cpu_mean_ms'] is None else format(row['server_cpu_mean_ms'], '10.1f'):>10}",
            flush=True,
        )
        for sql, plan in zip(row["statements"], row["plans"], strict=True):
            print("  " + " ".join(sql.split())[:160] + ("…" if len(sql) > 160 else ""))
            print(plan)
            if SCANS[args.db].search(plan):
                missed.append(f"{row['query']}: a sequential scan in the plan")
        if row["p99_ms"] > P99_GOAL_MS:
            missed.append(f"{row['query']}: p99 {row['p99_ms']} ms (goal {P99_GOAL_MS:.0f} ms)")
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"search-{args.db}.json").write_text(json.dumps(rows, indent=2, default=str))
    for line in missed:
        print(f"goal missed: {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
