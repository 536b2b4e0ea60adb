"""Search at scale: five typical queries against N generated vacancies, in-process.

    .venv/bin/python -m bench.search [--db sqlite|postgresql] [--count 100000] [--runs 200]

Builds a fresh database, generates the vacancies with `flask search generate`'s code, then times
`portal.services.search.search` (the page and its count, as `/jobs` runs them) for each query and
prints p50/p99 in milliseconds and every statement's query plan. Writes
bench/results/search-<db>.json. Exits 1 when a query's p99 is above 50 ms or a plan scans the
vacancy table (SQLite `SCAN vacancy`, PostgreSQL `Seq Scan on vacancy`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event

from bench.pages import reset_database, settings
from portal import create_app
from portal.extensions import db
from portal.models.base import utcnow
from portal.models.search import EntryKind
from portal.profiles import current_profile
from portal.services.search import SearchQuery, search
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
        timings = []
        for number in range(runs + WARMUP):
            start = time.perf_counter()
            search(EntryKind.VACANCY, query, today=today, now=now)
            if number >= WARMUP:
                timings.append((time.perf_counter() - start) * 1000)
            db.session.remove()
        query_plans = plans(engine, executed)
    return {
        "query": case.name,
        "params": case.params,
        "profile": profile_code,
        "total": results.total,
        "p50_ms": round(statistics.median(timings), 2),
        "p99_ms": round(percentile(timings, 0.99), 2),
        "statements": [sql for sql, _ in executed],
        "plans": query_plans,
    }


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
        url, fresh = POSTGRES_URL, True
    app = create_app(settings(url))
    if fresh:
        reset_database(url)
        print(f"bench: generating {args.count} vacancies on {args.db}", flush=True)
        started = time.perf_counter()
        with app.app_context():
            made = generate(args.count, now=dt.datetime.now(dt.UTC))
            if args.db == "postgresql":
                with db.engine.connect() as connection:
                    connection.exec_driver_sql("ANALYZE")
                    connection.commit()
        print(
            f"bench: {made.vacancies} vacancies ({made.published} published) in {time.perf_counter() - started:.0f} s"
        )
    rows, missed = [], []
    print(f"{'query':<16} {'database':<10} {'results':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for case in CASES:
        row = {"db": args.db, "count": args.count, **measure(app, case, args.runs)}
        rows.append(row)
        print(
            f"{row['query']:<16} {args.db:<10} {row['total']:>8} {row['p50_ms']:>8.1f} {row['p99_ms']:>8.1f}",
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
