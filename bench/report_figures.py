"""Each report figure's uncached time on an existing database, with the plans of its statements.

    PORTAL_ENV=development .venv/bin/python -m bench.report_figures --database-url URL [--runs 3]
        [--explain] [--only KEY]

Generate the data first with the project's command (`flask reports generate --jobseekers 100000
--events 1000000`, on a database of your own). Prints, per figure and for all of them, the median of
`--runs` runs: wall milliseconds, and the CPU milliseconds of this process and of the database
server's backend (PostgreSQL: the backend's utime+stime from /proc, when the server is local), so a
loaded machine's waiting can be told apart from work. `--explain` prints EXPLAIN (ANALYZE, BUFFERS)
of each statement (PostgreSQL) or EXPLAIN QUERY PLAN (SQLite). The load average is printed with
every measurement: the development machine is shared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from pathlib import Path

from flask import request
from sqlalchemy import event, text

from portal import create_app
from portal.extensions import db
from portal.services import reports


def load() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


def backend_cpu_ms(pid: int | None) -> float:
    """utime + stime of the PostgreSQL backend serving this session (same machine only)."""
    if not pid:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) * 1000 / ticks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--only")
    parser.add_argument("--office", help="also measure with this office filter")
    parser.add_argument("--region", help="also measure with this region filter")
    args = parser.parse_args(argv)
    app = create_app({"ENV": "development", "DATABASE_URL": args.database_url, "LOG_LEVEL": "WARNING"})
    statements: list[tuple[str, object]] = []
    with app.test_request_context(headers={"Accept-Language": "en"}):
        profile = app.extensions["profile"]
        engine = db.engine
        postgres = engine.dialect.name == "postgresql"

        @event.listens_for(engine, "before_cursor_execute")
        def remember(conn, cursor, statement, parameters, context, executemany):
            statements.append((statement, parameters))

        pid = db.session.scalar(text("SELECT pg_backend_pid()")) if postgres else None
        today = profile.today()
        period = reports.ReportFilter(start=today - dt.timedelta(weeks=12) + dt.timedelta(days=1), end=today)
        variants = [("12 weeks", period)]
        if args.office or args.region:
            variants.append(
                (
                    f"12 weeks, office={args.office} region={args.region}",
                    reports.ReportFilter(period.start, period.end, office=args.office, region=args.region),
                )
            )
        print(f"bench: {engine.dialect.name}, load {load()}, {args.runs} runs, median", flush=True)
        for name, filters in variants:
            total_wall, total_cpu, total_db = [], [], []
            for run in range(args.runs):
                run_wall = run_cpu = run_db = 0.0
                request.environ.pop("portal.report_memo", None)  # each run is a new page request
                for figure in reports.figures():
                    if args.only and args.only not in figure.key:
                        continue
                    statements.clear()
                    db_before, cpu_before, wall_before = (
                        backend_cpu_ms(pid),
                        time.process_time(),
                        time.perf_counter(),
                    )
                    figure.compute(filters, profile)
                    wall = (time.perf_counter() - wall_before) * 1000
                    cpu = (time.process_time() - cpu_before) * 1000
                    db_cpu = backend_cpu_ms(pid) - db_before
                    run_wall, run_cpu, run_db = run_wall + wall, run_cpu + cpu, run_db + db_cpu
                    if run == args.runs - 1:
                        print(
                            f"  [{name}] {figure.key:<24} {wall:8.1f} ms wall {cpu:7.1f} ms CPU here "
                            f"{db_cpu:7.1f} ms CPU database, {len(statements)} statements",
                            flush=True,
                        )
                        if args.explain:
                            for statement, parameters in list(statements):
                                prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
                                cursor = db.session.connection().connection.cursor()
                                cursor.execute(prefix + statement, parameters or ())
                                plan = cursor.fetchall()
                                print("\n".join("      " + " | ".join(map(str, row)) for row in plan))
                total_wall.append(run_wall)
                total_cpu.append(run_cpu)
                total_db.append(run_db)
            print(
                f"bench: [{name}] all figures: {statistics.median(total_wall):.0f} ms wall "
                f"(runs {', '.join(f'{w:.0f}' for w in total_wall)}), {statistics.median(total_cpu):.0f} ms "
                f"CPU here, {statistics.median(total_db):.0f} ms CPU database; load {load()}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
