"""`make bench-matching`: matching at national scale (issue 14).

Builds a fresh database, registers the benchmark's persona and counsellor (bench/pages.py), adds a
generated population (`flask matching generate`'s loader: N jobseekers, N vacancies), and measures:

- in-process: top 50 candidates with their reasons for sampled vacancies, top 20 vacancies with
  reasons for sampled jobseekers (p50, p95, max; peak Python memory of one call);
- through HTTP: the candidates page under gunicorn (production config), one request at a time;
- the query plans of both statements, flagging a full scan of a large table.

Goals: candidates p95 <= 300 ms (in-process and HTTP), vacancies p95 <= 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import httpx
from sqlalchemy import select, text

from bench.pages import prepare, reset_database
from bench.run import POSTGRES_URL, ROOT, portal_env, serve
from portal.extensions import db
from portal.models import JobseekerProfile
from portal.models.vacancy import Vacancy
from portal.profiles import current_profile
from portal.services import matching
from portal.services.matching import places
from portal.services.matching.loading import load
from portal.services.matching.queries import candidates_query, vacancies_query
from portal.services.matching.reasons import explain

CANDIDATES_P95_MS, VACANCIES_P95_MS = 300.0, 100.0
LARGE_TABLES = (
    "jobseeker_profile",
    "profile_occupation",
    "profile_employment",
    "vacancy",
    "person",
    "registration",
)


def _stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 1),
        "max_ms": round(ordered[-1], 1),
        "n": len(ordered),
    }


def _plan(statement) -> list[str]:
    bind = db.session.get_bind()
    compiled = statement.compile(bind, compile_kwargs={"literal_binds": True})
    if bind.dialect.name == "postgresql":
        return [row[0] for row in db.session.execute(text(f"EXPLAIN {compiled}"))]
    return [row[3] for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))]


def _scans(plan: list[str]) -> list[str]:
    """Lines that read a large table whole: 'SCAN vacancy' (SQLite), 'Seq Scan on vacancy' (PostgreSQL)."""
    found = []
    for line in plan:
        for table in LARGE_TABLES:
            if f"SCAN {table}" in line and "USING" not in line and "INDEX" not in line:
                found.append(line.strip())
            if f"Seq Scan on {table} " in line or line.strip().endswith(f"Seq Scan on {table}"):
                found.append(line.strip())
    return found


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


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
        candidate_ms = [_timed(lambda v=v: candidates(v)) for v in vacancies]
        vacancy_ms = [_timed(lambda p=p: recommended(p)) for p in people]
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
            "candidates": _stats(candidate_ms),
            "vacancies": _stats(vacancy_ms),
            "candidates_peak_kib": round(candidate_peak / 1024),
            "candidate_plan": candidate_plan,
            "vacancy_plan": vacancy_plan,
            "sample_vacancies": vacancies,
        }


def measure_http(database_url: str, cookie: str, vacancy_ids: list[int]) -> dict[str, float]:
    process, port = serve("app:app", portal_env(database_url))
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Cookie": cookie}) as client:
            client.get(f"/back-office/vacancies/{vacancy_ids[0]}/candidates")  # warm the worker
            times = []
            for vacancy_id in vacancy_ids:
                start = time.perf_counter()
                response = client.get(f"/back-office/vacancies/{vacancy_id}/candidates")
                times.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"bench: candidates page answered {response.status_code}")
        return _stats(times)
    finally:
        process.terminate()
        process.wait(timeout=15)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--jobseekers", type=int, default=100_000)
    parser.add_argument("--vacancies", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--no-http", action="store_true")
    args = parser.parse_args(argv)

    instance = Path(tempfile.mkdtemp(prefix="pes-bench-matching-"))
    url = f"sqlite:///{instance / 'bench.sqlite3'}" if args.db == "sqlite" else POSTGRES_URL
    print(
        f"bench-matching: {args.jobseekers} jobseekers, {args.vacancies} vacancies on {args.db}", flush=True
    )
    reset_database(url)
    prepared = prepare(url)
    started = time.perf_counter()
    with prepared.app.app_context():
        load(
            current_profile().code,
            args.jobseekers,
            args.vacancies,
            seed=1,
            today=current_profile().today(),
            outcomes=instance / "outcomes.json",
        )
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    print(f"generated in {time.perf_counter() - started:.0f} s", flush=True)
    result = measure(prepared.app, args.samples, seed=2)
    if not args.no_http:
        result["http_candidates"] = measure_http(
            url, prepared.cookies["counsellor"], result["sample_vacancies"]
        )
    for name in ("candidate_plan", "vacancy_plan"):
        print(f"\n{name}:")
        for line in result[name]:
            print(f"  {line}")
    missed = []
    for name, plan in (("candidates", result["candidate_plan"]), ("vacancies", result["vacancy_plan"])):
        missed += [f"{name}: full scan: {line}" for line in _scans(plan)]
    print()
    for name, goal in (
        ("candidates", CANDIDATES_P95_MS),
        ("http_candidates", CANDIDATES_P95_MS),
        ("vacancies", VACANCIES_P95_MS),
    ):
        if name not in result:
            continue
        figures = result[name]
        print(
            f"{name:<16} {args.db:<10} n={figures['n']:<4} p50 {figures['p50_ms']:>7.1f} ms  p95 {figures['p95_ms']:>7.1f} ms  max {figures['max_ms']:>7.1f} ms  (goal p95 <= {goal:.0f} ms)"
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
