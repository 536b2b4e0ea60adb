"""Who used my data with a long history: one person with many audit events and X-Road messages.

The page's cost must not grow with the events about the person (issue 18): a counsellor who opens a
case a hundred times a day adds a hundred rows. This adds `--events` audit events about the bench's
jobseeker (Jaak-Kristjan; counsellors, supervisors, employers, and his own and the system's events,
which the page does not show) and a twentieth as many X-Road messages about him, then times the page
in-process (the Flask test client, his session): wall and CPU milliseconds per request (median of
`--requests`), SQL statements, rows shown, for the first page, the next, a deep page reached by
following "next" links, and the filters.

    PYTHONPATH=. .venv/bin/python -m bench.data_use [--db sqlite|postgresql] [--events 100000]
                                                     [--state FILE] [--requests 20] [--depth 40]
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, func, insert, select, text

from bench.pages import EN, Prepared, prepare, reset_database, reuse_state, save_state
from bench.run import POSTGRES_URL
from portal import audit_chain
from portal.extensions import db
from portal.models import AuditEvent, Person, QueryDirection, StaffMember, Vacancy, XRoadQuery
from portal.services import audit
from tests.eid import JAAN

PAGE = "/jobseeker/data-use"
NEXT = re.compile(r'<a [^>]*href="([^"]+)"[^>]*rel="next"')
ROWS = re.compile(r'<tr class="govuk-table__row">')
# Who acts, with what share of the events: what the page shows (staff, employers) and what it must
# skip (the person's own sign-ins and the system's jobs).
ROLES = (("counsellor", 0.80), ("supervisor", 0.05), ("employer", 0.03), ("citizen", 0.08), ("system", 0.04))
DAYS = 730


def add_events(prepared: Prepared, count: int, *, seed: int = 18) -> tuple[int, int]:
    """`count` chained audit events about Jaak and `count // 20` X-Road messages, over two years
    (whole seconds, so some share a moment)."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    app = prepared.app
    with app.app_context():
        profile = app.extensions["profile"]
        key = audit.current_key()
        jaak = db.session.scalar(select(Person.id).where(Person.national_code == JAAN))
        staff = db.session.execute(select(StaffMember.person_id, Person.national_code).join(Person)).all()
        vacancies = db.session.scalars(select(Vacancy.id).limit(20)).all()
        prev = (
            db.session.scalar(select(AuditEvent.row_hash).order_by(AuditEvent.id.desc()).limit(1))
            or audit_chain.GENESIS
        )
        first = (db.session.scalar(select(func.max(AuditEvent.id))) or 0) + 1
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        moments = sorted(now - dt.timedelta(seconds=rng.randrange(DAYS * 86400)) for _ in range(count))
        subject_ref = audit_chain.pseudonym(key, profile.code, JAAN)
        roles, weights = zip(*ROLES, strict=True)
        batch: list[dict] = []
        for n, moment in enumerate(moments):
            role = rng.choices(roles, weights)[0]
            actor, actor_code = rng.choice(staff) if role in ("counsellor", "supervisor") else (None, None)
            tag, purpose, details = {
                "counsellor": ("person:view", "registration case viewed", {"data_categories": ["name"]}),
                "supervisor": ("person:list", "registration queue listed", {"data_categories": ["name"]}),
                "employer": ("shortlist:view", "shortlist of a vacancy", {"vacancy": rng.choice(vacancies)}),
                "citizen": ("auth:login", "sign-in", {}),
                "system": ("case:assign", "case assigned", {}),
            }[role]
            row = {
                "id": first + n,
                "occurred_at": moment,
                "tag": tag,
                "actor_person_id": actor,
                "actor_role": role,
                "subject_person_id": jaak,
                "purpose": purpose,
                "request_id": None,
                "details": details,
                "actor_ref": audit_chain.pseudonym(key, profile.code, actor_code) if actor_code else None,
                "subject_ref": subject_ref,
                "prev_hash": prev,
            }
            canonical = audit_chain.canonical(
                occurred_at=moment,
                tag=tag,
                actor_role=role,
                actor_ref=row["actor_ref"],
                subject_ref=subject_ref,
                purpose=purpose,
                request_id=None,
                details=details,
            )
            row["row_hash"] = prev = audit_chain.chain_hash(prev, canonical)
            batch.append(row)
            if len(batch) == 5000:
                db.session.execute(insert(AuditEvent.__table__), batch)
                batch = []
        if batch:
            db.session.execute(insert(AuditEvent.__table__), batch)
        messages = [
            {
                "occurred_at": now - dt.timedelta(seconds=rng.randrange(DAYS * 86400)),
                "direction": "outgoing" if n % 2 else "incoming",
                "xroad_id": f"bench-{n:08d}",
                "client": "DEV/GOV/70000005/sas" if n % 2 == 0 else "DEV/GOV/70000001/pes",
                "service": "DEV/GOV/70000004/tax/employment/getEmployment"
                if n % 2
                else "DEV/GOV/70000001/pes/jobseekers",
                "operation": "getEmployment" if n % 2 else "getJobseeker",
                "subject_code": JAAN,
                "purpose": "bench",
                "outcome": "ok",
                "http_status": 200,
                "duration_ms": 10,
                "attempt": 1,
            }
            for n in range(count // 20)
        ]
        for start in range(0, len(messages), 5000):
            db.session.execute(insert(XRoadQuery.__table__), messages[start : start + 5000])
        if db.session.get_bind().dialect.name == "postgresql":
            db.session.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('audit_event', 'id'), (SELECT max(id) FROM audit_event))"
                )
            )
        db.session.commit()
        if db.session.get_bind().dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE audit_event"))
                connection.execute(text("VACUUM ANALYZE xroad_query"))
        else:
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        _ = QueryDirection  # the directions' values, written as text above
        return count, len(messages)


def measure(prepared: Prepared, path: str, requests: int) -> tuple[float, float, int, int, str]:
    """(wall ms median, CPU ms median, SQL statements, rows, body) of GET `path` as Jaak."""
    client = prepared.clients["jobseeker"]
    engine = prepared.app.extensions["database_engine"]
    statements = 0

    def count(*_args) -> None:
        nonlocal statements
        statements += 1

    response = client.get(path, headers=EN)
    assert response.status_code == 200, (path, response.status_code)
    walls, cpus = [], []
    for _ in range(requests):
        began, cpu = time.perf_counter(), time.process_time()
        client.get(path, headers=EN)
        walls.append((time.perf_counter() - began) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    event.listen(engine, "before_cursor_execute", count)
    try:
        body = client.get(path, headers=EN).get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    rows = len(ROWS.findall(body)) - 1  # the header row
    return statistics.median(walls), statistics.median(cpus), statements, max(rows, 0), body


def next_link(body: str) -> str | None:
    found = NEXT.search(body)
    return html.unescape(found.group(1)) if found else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--depth", type=int, default=40, help="the deep page: this many 'next' links")
    parser.add_argument("--state", help="as bench.run's: keep or reuse the prepared data")
    args = parser.parse_args(argv)

    if args.state and Path(args.state).exists():
        _url, prepared = reuse_state(args.state)
        print(f"bench: reusing the data of {args.state}", flush=True)
    else:
        instance = Path(tempfile.mkdtemp(prefix="pes-bench-data-use-"))
        database_url = f"sqlite:///{instance / 'bench.sqlite3'}" if args.db == "sqlite" else POSTGRES_URL
        reset_database(database_url)
        prepared = prepare(database_url)
        began = time.monotonic()
        made = add_events(prepared, args.events)
        print(
            f"bench: {made[0]} audit events and {made[1]} X-Road messages in {time.monotonic() - began:.0f} s"
        )
        if args.state:
            save_state(prepared, database_url, args.state)

    print(f"{'page':<34} {'wall ms':>8} {'CPU ms':>7} {'SQL':>4} {'rows':>5}")
    wall, cpu, statements, rows, body = measure(prepared, PAGE, args.requests)
    print(f"{'first page':<34} {wall:>8.1f} {cpu:>7.1f} {statements:>4} {rows:>5}", flush=True)
    second = next_link(body)
    if second:
        wall, cpu, statements, rows, body = measure(prepared, second, args.requests)
        print(f"{'second page':<34} {wall:>8.1f} {cpu:>7.1f} {statements:>4} {rows:>5}", flush=True)
        deep, path = second, second
        for _ in range(args.depth - 2):
            response = prepared.clients["jobseeker"].get(path, headers=EN)
            path = next_link(response.get_data(as_text=True)) or path
            deep = path
        wall, cpu, statements, rows, _body = measure(prepared, deep, args.requests)
        print(
            f"{f'page {args.depth} (by next links)':<34} {wall:>8.1f} {cpu:>7.1f} {statements:>4} {rows:>5}"
        )
    for name, query in (
        ("staff only", "?kind=staff"),
        ("employers only", "?kind=employer"),
        ("institutions only", "?kind=institution"),
        ("last 30 days", "?period=30d"),
    ):
        wall, cpu, statements, rows, _body = measure(prepared, PAGE + query, args.requests)
        print(f"{name:<34} {wall:>8.1f} {cpu:>7.1f} {statements:>4} {rows:>5}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
