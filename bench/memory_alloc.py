"""What a worker allocates for itself while serving the bench pages, in-process (`tracemalloc`).

    .venv/bin/python -m bench.memory_alloc [--db sqlite|postgresql] [--rounds 2] [--top 30]
                                           [--no-warm] [--group filename|lineno|traceback]

Prepares the bench data in a child process (`bench.pages.prepare`, so its allocations are not
counted), then in this process builds the app as gunicorn's master does (`app.py`), runs the
master's warm-up (`portal.warmup.warm`, unless `--no-warm`), takes a snapshot, requests every page
of `bench/pages.py` `--rounds` times through Flask's test client with the personas' cookies, and
lists the largest growth by where it was allocated, plus the process's RSS before and after.

tracemalloc sees what Python's allocator hands out (objects, their buffers), not what C
libraries allocate with malloc themselves, and not the pages a forked worker copies from its master
when it writes to objects it shares (reference counts): `bench/memory.py` measures those.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.memory import smaps_rollup

MIB = 1024 * 1024


def _prepare_in_child(database_url: str, out: Path) -> None:
    code = f"""
import json
from bench.pages import prepare, reset_database
reset_database({database_url!r})
p = prepare({database_url!r})
json.dump(dict(cookies=p.cookies, ids=[p.decision_id, p.certificate_id, p.training_id,
    p.training_request_id, p.vacancy_id, p.case_id, p.offers]), open({str(out)!r}, "w"))
"""
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "PYTHONPATH": "."})  # noqa: S603


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--database-url", help="an already prepared database (with --prepared)")
    parser.add_argument("--prepared", help="the JSON the preparation wrote")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--frames", type=int, default=12)
    parser.add_argument("--group", choices=("filename", "lineno", "traceback"), default="lineno")
    parser.add_argument("--no-warm", action="store_true")
    args = parser.parse_args(argv)

    if args.database_url and args.prepared:
        database_url, prepared_file = args.database_url, Path(args.prepared)
    else:
        from bench.run import POSTGRES_URL

        instance = Path(tempfile.mkdtemp(prefix="pes-bench-alloc-"))
        database_url = f"sqlite:///{instance / 'bench.sqlite3'}" if args.db == "sqlite" else POSTGRES_URL
        prepared_file = instance / "prepared.json"
        print(f"bench: preparing data on {args.db} in {instance}", flush=True)
        _prepare_in_child(database_url, prepared_file)
    prepared = json.loads(prepared_file.read_text())

    from bench.pages import pages, settings
    from bench.run import portal_env

    os.environ.update(portal_env(database_url))
    started = time.process_time()
    from portal import create_app

    app = create_app()
    print(f"create_app: {time.process_time() - started:.2f} s CPU", flush=True)
    if not args.no_warm:
        from portal import warmup

        started = time.process_time()
        warmed = warmup.warm(app)
        print(f"warm-up: {time.process_time() - started:.2f} s CPU: {warmed}", flush=True)
    gc.collect()
    gc.freeze()
    tracemalloc.start(args.frames)  # after the start: what serving adds is what is listed
    rss_before = smaps_rollup(os.getpid())["Rss"]
    modules_before = set(sys.modules)
    base = tracemalloc.take_snapshot()
    traced_before = tracemalloc.get_traced_memory()[0]

    selected = pages(*prepared["ids"])
    client = app.test_client(use_cookies=False)  # the Cookie header is the persona's, as is
    statuses: dict[int, int] = {}
    for _ in range(args.rounds):
        for page in selected:
            headers = {**page.headers, "Accept-Language": "en"}
            if page.who:
                headers["Cookie"] = prepared["cookies"][page.who]
            response = client.get(page.path, headers=headers)
            response.get_data()
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    gc.collect()
    after = tracemalloc.take_snapshot()
    traced_after = tracemalloc.get_traced_memory()[0]
    rss_after = smaps_rollup(os.getpid())["Rss"]
    print(f"statuses: {statuses}")
    imported = sorted(name for name in set(sys.modules) - modules_before if "." not in name)
    print(f"top-level modules imported while serving: {', '.join(imported) or 'none'}")
    print(
        f"RSS {rss_before / MIB:.1f} -> {rss_after / MIB:.1f} MiB; traced by tracemalloc "
        f"{traced_before / MIB:.1f} -> {traced_after / MIB:.1f} MiB"
    )
    filters = [tracemalloc.Filter(False, tracemalloc.__file__)]
    stats = after.filter_traces(filters).compare_to(base.filter_traces(filters), args.group)
    for stat in stats[: args.top]:
        print(f"{stat.size_diff / 1024:>9.1f} KiB {stat.count_diff:>+8} blocks")
        frames = stat.traceback.format(limit=args.frames if args.group == "traceback" else 1)
        for line in frames:
            print("     " + line)
    del settings
    return 0


if __name__ == "__main__":
    sys.exit(main())
