"""Bytes on the wire: the first load of the start page and the htmx swaps (issue 18: <= 150 KB and
<= 20 KB).

    .venv/bin/python -m bench.weight [--vacancies 500]

In-process (Flask's test client) on a fresh SQLite database with the demo data and generated
vacancies. A first load is the start page's HTML and every file it links (stylesheets, scripts, the
modules of its import map), each asked with `Accept-Encoding: gzip` as a browser does; an htmx
swap is one fragment request. Each response counts its status line, headers and body as HTTP/1.1
sends them (no TLS, no TCP/IP framing). The portal compresses static files itself; HTML is
compressed by the proxy in production (docs/operations.md), so the HTML is counted both as the
portal sends it and gzipped (level 6, the usual proxy setting); the goal is checked on the first.
Exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
from pathlib import Path

from bench.pages import MARI, _switch_role, reset_database, settings
from portal import create_app
from tests.eid import JAAN, login

FIRST_LOAD_GOAL, SWAP_GOAL = 150_000, 20_000
BROWSER = {"Accept-Language": "en", "Accept-Encoding": "gzip, deflate, br"}
HTMX = {"HX-Request": "true"}
LINKED = re.compile(r'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"')
IMPORT_MAP = re.compile(r'<script type="importmap"[^>]*>(.*?)</script>', re.S)


def wire_bytes(response) -> int:
    head = f"HTTP/1.1 {response.status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in response.headers.items())
    return len(head.encode("latin-1")) + 2 + len(response.get_data())


def first_load(client) -> tuple[list[tuple[str, int, str]], int]:
    page = client.get("/", headers=BROWSER)
    html = page.get_data(as_text=True)
    files = sorted(set(LINKED.findall(html)))
    for block in IMPORT_MAP.findall(html):
        files += sorted(set(json.loads(block).get("imports", {}).values()) - set(files))
    rows = [("/ (HTML)", wire_bytes(page), page.headers.get("Content-Encoding", "-"))]
    for path in files:
        response = client.get(path, headers=BROWSER)
        assert response.status_code == 200, (path, response.status_code)
        rows.append((path, wire_bytes(response), response.headers.get("Content-Encoding", "-")))
    return rows, len(gzip.compress(page.get_data(), 6))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vacancies", type=int, default=500)
    args = parser.parse_args(argv)

    instance = Path(tempfile.mkdtemp(prefix="pes-bench-weight-"))
    database_url = f"sqlite:///{instance / 'bench.sqlite3'}"
    reset_database(database_url)
    app = create_app(settings(database_url))
    from portal.services.search.generator import generate
    from portal.services.seed import seed_demo_data

    with app.app_context():
        seed_demo_data()
        generate(args.vacancies)

    missed = []
    rows, html_gzipped = first_load(app.test_client())
    total = sum(size for _, size, _ in rows)
    for path, size, encoding in rows:
        print(f"first load  {path:<58} {size:>8} B  {encoding}")
    html = rows[0][1]
    print(f"first load  total {total} B ({total - html + html_gzipped} B with the HTML gzipped by a proxy)")
    if total > FIRST_LOAD_GOAL:
        missed.append(f"first load {total} B > {FIRST_LOAD_GOAL} B")

    jobseeker, counsellor = app.test_client(), app.test_client()
    assert login(jobseeker, code=JAAN).status_code == 303
    assert login(counsellor, code=MARI, acr="high").status_code == 303

    _switch_role(counsellor, "counsellor")
    swaps = [
        ("occupation search", jobseeker, "/jobseeker/registration/occupations/search?q=developer"),
        ("job search results, one word", app.test_client(), "/jobs?q=kokk"),
        ("job search results, a county", app.test_client(), "/jobs?county=37"),
        ("nightly register checks", counsellor, "/back-office/reconciliation"),
    ]
    for name, client, path in swaps:
        response = client.get(path, headers={**BROWSER, **HTMX})
        assert response.status_code == 200, (path, response.status_code)
        size = wire_bytes(response)
        gzipped = len(gzip.compress(response.get_data(), 6))
        print(f"htmx swap   {name:<30} {size:>8} B ({gzipped} B gzipped by a proxy)  {path}")
        if size > SWAP_GOAL:
            missed.append(f"htmx swap {name}: {size} B > {SWAP_GOAL} B")
    for line in missed:
        print(f"goal missed: {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
