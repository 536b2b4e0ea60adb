"""CPU per request, in-process: a measure of the pages that a loaded machine does not distort.

`make bench` reports req/s and p99 against hello under gunicorn; both depend on everything else the
machine runs. The CPU time one request costs the process (`time.process_time`, the Flask test client,
the same database and sessions as `make bench`) depends far less on load, so it shows where a page
stands and whether a change helped even on a busy machine. The hello app is measured the same way;
the ratio hello/page is what the page's share of hello's req/s would be if CPU were the only limit.

    .venv/bin/python -m bench.cpu [--db sqlite|postgresql] [--requests 30] [--only TEXT]
                                  [--caseload-jobseekers 100000] [--state FILE]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from functools import partial
from pathlib import Path

from bench.hello import app as hello_app
from bench.pages import EN, pages_of, prepare, reset_database, reuse_state, save_state
from bench.run import POSTGRES_URL

# The goals of the issue "Fast pages" as a share of hello's req/s.
FULL_PAGE_SHARE, FRAGMENT_SHARE = 0.10, 0.25


def cpu_ms(get, requests: int) -> float:
    """Median of three runs of `requests` requests, in CPU milliseconds per request."""
    for _ in range(3):
        get()  # warm caches: templates, translations, reference data
    runs = []
    for _ in range(3):
        start = time.process_time()
        for _ in range(requests):
            get()
        runs.append((time.process_time() - start) * 1000 / requests)
    return sorted(runs)[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--only", help="measure only pages whose name contains this text")
    parser.add_argument(
        "--caseload-jobseekers", type=int, default=0, help="synthetic jobseekers with cases (issue 15)"
    )
    parser.add_argument("--state", help="as bench.run's: keep or reuse the prepared data")
    args = parser.parse_args(argv)

    if args.state and Path(args.state).exists():
        _url, prepared = reuse_state(args.state)
    else:
        instance = Path(tempfile.mkdtemp(prefix="pes-bench-cpu-"))
        database_url = f"sqlite:///{instance / 'bench.sqlite3'}" if args.db == "sqlite" else POSTGRES_URL
        reset_database(database_url)
        prepared = prepare(database_url)
        if args.caseload_jobseekers:
            from bench.run import give_caseload
            from portal.services.reports.synthetic import generate

            with prepared.app.app_context():
                generate(prepared.app.extensions["profile"], args.caseload_jobseekers, 0)
            give_caseload(prepared)
        if args.state:
            save_state(prepared, database_url, args.state)
    hello_client = hello_app.test_client()
    hello = cpu_ms(lambda: hello_client.get("/"), args.requests * 10)
    print(f"hello: {hello:.3f} CPU ms per request ({args.db}, in-process)")
    print(f"{'page':<42} {'CPU ms':>7} {'hello/page':>10}  goal")
    missed = 0
    selected = pages_of(prepared)
    for page in selected:
        if args.only and args.only not in page.name:
            continue
        client = prepared.clients[page.who]
        headers = {**EN, **page.headers}
        status = client.get(page.path, headers=headers).status_code
        if status != 200:
            raise SystemExit(f"bench: {page.path} answered {status} in-process")
        cost = cpu_ms(partial(client.get, page.path, headers=headers), args.requests)
        goal = FRAGMENT_SHARE if page.fragment else FULL_PAGE_SHARE
        share = hello / cost
        missed += share < goal
        print(f"{page.name[:42]:<42} {cost:>7.2f} {share:>10.1%}  {'ok' if share >= goal else 'missed'}")
    print(f"bench: {missed} pages below their share of hello by CPU")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
