"""`make bench-matching`: matching at national scale (issue 14).

Builds a fresh database, registers the benchmark's persona and counsellor (bench/pages.py), adds a
generated population (`flask matching generate`'s loader: N jobseekers, N vacancies), and measures:

- in-process: top 50 candidates with their reasons for sampled vacancies, top 20 vacancies with
  reasons for sampled jobseekers (p50, p95, max; peak Python memory of one call);
- through HTTP: the candidates page under gunicorn (production config), one request at a time;
  and the counsellor's case view of each sampled jobseeker (a case opened for them in the
  counsellor's office), which shows the 5 vacancies matching recommends with their reasons;
- the query plans of both statements, flagging a full scan of a large table.

Goals: candidates p95 <= 300 ms (in-process and HTTP), vacancies p95 <= 100 ms.

Each figure comes with the process CPU time per call next to the wall time (the machine is shared:
wall time on a loaded machine is mostly waiting for a core) and the load average (`uptime`) when
it was taken. `--keep DIR` keeps the SQLite database (PostgreSQL keeps its own); `--reuse` measures
an already generated database again without rebuilding it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import httpx
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from bench.pages import _switch_role, prepare, reset_database, settings
from bench.run import POSTGRES_URL, ROOT, portal_env, serve
from portal import create_app, migrations
from portal.database import build_engine
from portal.extensions import db
from portal.models import JobseekerCase, JobseekerProfile, Person, StaffMember
from portal.models.vacancy import Vacancy
from portal.profiles import current_profile
from portal.services import matching
from portal.services.matching import places
from portal.services.matching.loading import load
from portal.services.matching.queries import candidates_query, vacancies_query
from portal.services.matching.reasons import explain
from tests.eid import MARI, login

CANDIDATES_P95_MS, VACANCIES_P95_MS = 300.0, 100.0
LARGE_TABLES = (
    "jobseeker_profile",
    "profile_occupation",
    "profile_employment",
    "vacancy",
    "person",
    "registration",
)


def _p95(ordered: list[float]) -> float:
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def _stats(samples: list[float], cpu: list[float] | None = None) -> dict[str, object]:
    ordered = sorted(samples)
    figures: dict[str, object] = {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(_p95(ordered), 1),
        "max_ms": round(ordered[-1], 1),
        "n": len(ordered),
        "uptime": uptime(),
    }
    if cpu:
        figures["cpu_p50_ms"] = round(statistics.median(cpu), 1)
        figures["cpu_p95_ms"] = round(_p95(sorted(cpu)), 1)
    return figures


def uptime() -> str:
    """The machine's load when a figure was taken (`uptime`'s load averages)."""
    one, five, fifteen = os.getloadavg()
    return f"load average: {one:.2f}, {five:.2f}, {fifteen:.2f}"


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == pid:
                found.append(int(entry.name))
    return found


def _plan(statement) -> list[str]:
    bind = db.session.get_bind()
    compiled = statement.compile(bind, compile_kwargs={"literal_binds": True})
    if bind.dialect.name == "postgresql":
        return [row[0] for row in db.session.execute(text(f"EXPLAIN {compiled}"))]
    return [row[3] for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))]


# An index search whose only constraint is the state (`ix_registration_state`,
# `ix_vacancy_state_published_at`): every registered person or published vacancy, i.e. the table.
_STATE_ONLY = re.compile(r"\((?:\w+\.)?state\s*=\s*\?(?:\s+AND\s+\w+\s*[<>]=?\s*\?)*\)\s*$")
_PG_STATE_ONLY = re.compile(r"Index Cond: \(+(?:\w+\.)?state\)?(?:::\w+)?\s*=\s*'[^']*'(?:::\w+)?\)+\s*$")
_PG_INDEX = re.compile(
    r"(?:Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\w+)(?: on (\w+))?"
)


def _scans(plan: list[str], indexes: dict[str, str] | None = None) -> list[str]:
    """Lines that read a large table whole: 'SCAN vacancy' (SQLite), 'Seq Scan on vacancy'
    (PostgreSQL), or through an index by the state alone: 'SEARCH registration USING INDEX
    ix_registration_state (state=?)' (SQLite), an 'Index Cond' on the state only (PostgreSQL).
    `indexes`: index name -> table (a PostgreSQL bitmap index scan names the index only)."""
    indexes = indexes or {}
    found = []
    scanned: str | None = None  # the large table of the PostgreSQL index scan above, if any
    for line in plan:
        stripped = line.strip()
        for table in LARGE_TABLES:
            if f"SCAN {table}" in line and "USING" not in line and "INDEX" not in line:
                found.append(stripped)
            if f"Seq Scan on {table} " in line or stripped.endswith(f"Seq Scan on {table}"):
                found.append(stripped)
            if stripped.startswith(f"SEARCH {table} ") and "INDEX" in line and _STATE_ONLY.search(line):
                found.append(f"{stripped} (the state alone)")
        index = _PG_INDEX.search(line)
        if index:
            table = index.group(2) or indexes.get(index.group(1))
            scanned = table if table in LARGE_TABLES else None
            continue
        if scanned and _PG_STATE_ONLY.search(line):
            found.append(f"{stripped} on {scanned} (the state alone)")
        if "Cond:" not in line and "Filter:" not in line:
            scanned = None
    return found


def _index_tables() -> dict[str, str]:
    """Index name -> table of the large tables (PostgreSQL's bitmap scans name the index only)."""
    bind = db.session.get_bind()
    if bind.dialect.name != "postgresql":
        return {}
    rows = db.session.execute(
        text("SELECT indexname, tablename FROM pg_indexes WHERE tablename = ANY(:tables)"),
        {"tables": list(LARGE_TABLES)},
    )
    return {index: table for index, table in rows}


class _Clock:
    """Wall time and CPU time per call: this process's, plus the PostgreSQL backend's (same machine)."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.backend: int | None = None
        if db.session.get_bind().dialect.name == "postgresql":
            self.backend = db.session.scalar(text("SELECT pg_backend_pid()"))

    def __call__(self, call) -> None:
        backend = _cpu_of(self.backend) if self.backend else 0.0
        cpu, start = time.process_time(), time.perf_counter()
        call()
        self.wall.append((time.perf_counter() - start) * 1000)
        used = time.process_time() - cpu
        if self.backend:  # /proc counts in clock ticks (10 ms): a sum over the run, not one call
            used += _cpu_of(self.backend) - backend
        self.cpu.append(used * 1000)

    def stats(self) -> dict[str, object]:
        return _stats(self.wall, self.cpu)


def measure(app, samples: int, seed: int) -> dict[str, object]:
    rng = random.Random(seed)  # noqa: S311 - sampling, not security
    with app.test_request_context(headers={"Accept-Language": "en"}):
        profile = current_profile()
        vacancy_ids = db.session.scalars(select(Vacancy.id)).all()
        person_ids = db.session.scalars(select(JobseekerProfile.person_id)).all()
        vacancies = rng.sample(vacancy_ids, samples)
        people = rng.sample(person_ids, samples)

        def candidates(vacancy_id: int) -> None:
            vacancy = db.session.get(Vacancy, vacancy_id)
            for found in matching.candidates_for(vacancy, limit=50):
                explain(found.assessment, profile_code=profile.code, language="en")
            db.session.expunge_all()

        def recommended(person_id: int) -> None:
            for found in matching.recommended_for(person_id, 20):
                explain(found.assessment, profile_code=profile.code, language="en")
            db.session.expunge_all()

        candidates(vacancies[0])  # warm caches (reference data, statement compilation)
        recommended(people[0])
        candidate_clock, vacancy_clock = _Clock(), _Clock()
        for vacancy_id in vacancies:
            candidate_clock(lambda v=vacancy_id: candidates(v))
        for person_id in people:
            vacancy_clock(lambda p=person_id: recommended(p))
        tracemalloc.start()
        candidates(vacancies[1])
        candidate_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

        vacancy = db.session.get(Vacancy, vacancies[0])
        facts = matching.vacancy_facts(vacancy)
        counties = places.counties_around(profile.code, facts.places)
        candidate_plan = _plan(
            candidates_query(facts, counties=counties, today=profile.today(), weights=profile.matching)
        )
        record = db.session.scalar(select(JobseekerProfile).where(JobseekerProfile.person_id == people[0]))
        person = matching.person_facts(record)
        county = tuple(places.counties_around(profile.code, (person.home,))) if person.home else ()
        vacancy_plan = _plan(
            vacancies_query(person, county=county, today=profile.today(), weights=profile.matching)
        )
        return {
            "candidates": candidate_clock.stats(),
            "vacancies": vacancy_clock.stats(),
            "candidates_peak_kib": round(candidate_peak / 1024),
            "candidate_plan": candidate_plan,
            "vacancy_plan": vacancy_plan,
            "indexes": _index_tables(),
            "sample_vacancies": vacancies,
            "sample_people": people,
        }


def measure_http(database_url: str, cookie: str, vacancy_ids: list[int]) -> dict[str, object]:
    """One request at a time; CPU is the gunicorn workers' (the page's Python), not the database's."""
    return _timed_pages(
        database_url,
        cookie,
        [f"/back-office/vacancies/{vacancy_id}/candidates" for vacancy_id in vacancy_ids],
    )


def _timed_pages(database_url: str, cookie: str, paths: list[str]) -> dict[str, object]:
    process, port = serve("app:app", {**portal_env(database_url), "GUNICORN_WORKERS": "1"})
    try:
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}", headers={"Cookie": cookie}, timeout=60
        ) as client:
            for path in paths[:2]:  # warm the worker
                client.get(path)
            workers = _children(process.pid)
            times, cpu = [], []
            for path in paths:
                used = sum(_cpu_of(pid) for pid in workers)
                start = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((sum(_cpu_of(pid) for pid in workers) - used) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"bench: {path} answered {response.status_code}")
        return _stats(times, cpu)
    finally:
        process.terminate()
        process.wait(timeout=15)


def _cases_of(app, person_ids: list[int]) -> list[int]:
    """A case in the counsellor's office for each sampled person (the generator opens none), so
    the counsellor's case view, which lists the vacancies matching recommends, can be asked for."""
    with app.app_context():
        office = db.session.scalar(
            select(StaffMember.office)
            .join(Person, Person.id == StaffMember.person_id)
            .where(Person.national_code == MARI)
        )
        found = dict(
            db.session.execute(
                select(JobseekerCase.person_id, JobseekerCase.id).where(
                    JobseekerCase.person_id.in_(person_ids)
                )
            ).all()
        )
        today = current_profile().today()
        with db.write() as session:
            for person_id in person_ids:
                if person_id not in found:
                    case = JobseekerCase(person_id=person_id, office=office, opened_on=today)
                    session.add(case)
                    session.flush()
                    found[person_id] = case.id
        return [found[person_id] for person_id in person_ids]


def measure_http_cases(database_url: str, cookie: str, case_ids: list[int]) -> dict[str, object]:
    """The counsellor's case view of each sampled person, one request at a time: the page with
    its `recommended_for(person, 5)` panel and everything else the case page shows."""
    return _timed_pages(database_url, cookie, [f"/back-office/cases/{case_id}" for case_id in case_ids])


def _generated(url: str, jobseekers: int) -> bool:
    """Whether the database already holds a generated population of this size (for --reuse)."""
    app = create_app(settings(url))
    with app.app_context():
        try:
            found = db.session.scalar(select(func.count()).select_from(JobseekerProfile)) or 0
        except DBAPIError:  # no schema yet
            return False
    return found >= jobseekers


def _upgraded(url: str) -> bool:
    """Migrate a reused database to the newest schema (a migration since it was generated, e.g. a
    column back-filled); statistics again when anything ran. Whether anything ran."""
    engine = build_engine(url)
    try:
        with engine.connect() as connection:
            before = migrations.current_revisions(connection)
        if before == migrations.head_revisions():
            return False
        migrations.upgrade(engine)
    finally:
        engine.dispose()
    app = create_app(settings(url))
    with app.app_context():
        _vacuum_analyze()
    return True


def _vacuum_analyze() -> None:
    """Statistics for the planner, and on PostgreSQL the visibility map that lets the covering
    indexes answer without reading the table (what autovacuum does after a bulk load)."""
    engine = db.session.get_bind()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SET statement_timeout = 0"))  # the portal's timeout is for pages
            connection.execute(text("VACUUM ANALYZE"))
        else:
            connection.execute(text("ANALYZE"))


def _counsellor_cookie(url: str) -> tuple[object, str]:
    """The demo counsellor signed in afresh on an existing benchmark database."""
    app = create_app(settings(url))
    client = app.test_client()
    assert login(client, code=MARI, acr="high").status_code == 303
    _switch_role(client, "counsellor")
    name = app.config["SESSION_COOKIE_NAME"]
    return app, f"{name}={client.get_cookie(name).value}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--jobseekers", type=int, default=100_000)
    parser.add_argument("--vacancies", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--keep", type=Path, help="the SQLite database's folder (kept after the run)")
    parser.add_argument("--reuse", action="store_true", help="measure an already generated database")
    parser.add_argument("--generate-only", action="store_true")
    args = parser.parse_args(argv)

    instance = args.keep or Path(tempfile.mkdtemp(prefix="pes-bench-matching-"))
    instance.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{instance / 'bench.sqlite3'}" if args.db == "sqlite" else POSTGRES_URL
    print(
        f"bench-matching: {args.jobseekers} jobseekers, {args.vacancies} vacancies on {args.db}; {uptime()}",
        flush=True,
    )
    if args.reuse and _generated(url, args.jobseekers):
        if _upgraded(url):
            print(f"migrated the generated database to the newest schema; {uptime()}", flush=True)
        app, cookie = _counsellor_cookie(url)
        print("reusing the generated database", flush=True)
    else:
        reset_database(url)
        prepared = prepare(url)
        app, cookie = prepared.app, prepared.cookies["counsellor"]
        started, cpu = time.perf_counter(), time.process_time()
        with app.app_context():
            load(
                current_profile().code,
                args.jobseekers,
                args.vacancies,
                seed=1,
                today=current_profile().today(),
                outcomes=instance / "outcomes.json",
            )
            db.session.commit()
            _vacuum_analyze()
        print(
            f"generated in {time.perf_counter() - started:.0f} s "
            f"(this process's CPU {time.process_time() - cpu:.0f} s); {uptime()}",
            flush=True,
        )
    if args.generate_only:
        return 0
    result = measure(app, args.samples, seed=2)
    if not args.no_http:
        result["http_candidates"] = measure_http(url, cookie, result["sample_vacancies"])
        result["http_case_view"] = measure_http_cases(url, cookie, _cases_of(app, result["sample_people"]))
    for name in ("candidate_plan", "vacancy_plan"):
        print(f"\n{name}:")
        for line in result[name]:
            print(f"  {line}")
    missed = []
    for name, plan in (("candidates", result["candidate_plan"]), ("vacancies", result["vacancy_plan"])):
        missed += [f"{name}: full scan: {line}" for line in _scans(plan, result["indexes"])]
    print()
    for name, goal in (
        ("candidates", CANDIDATES_P95_MS),
        ("http_candidates", CANDIDATES_P95_MS),
        ("vacancies", VACANCIES_P95_MS),
        ("http_case_view", VACANCIES_P95_MS),
    ):
        if name not in result:
            continue
        figures = result[name]
        print(
            f"{name:<16} {args.db:<10} n={figures['n']:<4} p50 {figures['p50_ms']:>7.1f} ms  "
            f"p95 {figures['p95_ms']:>7.1f} ms  max {figures['max_ms']:>7.1f} ms  (goal p95 <= {goal:.0f} ms)  "
            f"CPU p50 {figures.get('cpu_p50_ms', 0):>6.1f} ms  p95 {figures.get('cpu_p95_ms', 0):>6.1f} ms  "
            f"[{figures['uptime']}]"
        )
        if figures["p95_ms"] > goal:
            missed.append(f"{name}: p95 {figures['p95_ms']} ms > {goal:.0f} ms")
    print(f"peak Python memory of one candidates call: {result['candidates_peak_kib']} KiB")
    result.update(
        {
            "db": args.db,
            "jobseekers": args.jobseekers,
            "vacancies_n": args.vacancies,
            "at": dt.datetime.now(dt.UTC).isoformat(),
        }
    )
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"matching-{args.db}-{args.jobseekers}.json").write_text(json.dumps(result, indent=2))
    for line in missed:
        print(f"goal missed: {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
