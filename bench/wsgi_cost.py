"""Where a gunicorn worker's CPU goes per request, against the same request in-process.

    .venv/bin/python -m bench.wsgi_cost --state FILE [--only inbox] [--seconds 3] [--connections 32]
                                        [--workers 4] [--threads 8] [--profile]

Starts the portal (and the hello app) under the production `gunicorn.conf.py` with
`bench/gunicorn_accounting.py` added, drives each page as `make bench` does, and prints per request:
the server's CPU (utime + stime of the master and its workers from /proc, over the measured
seconds), the workers' main threads (gthread's poller), and in the pool threads the parse, environ,
app, write and access-log parts, plus the rest of gunicorn's handling; then the same request run
200 times in a loop in each worker after the load (one thread, no socket), and `bench.cpu`'s
in-process figure (Flask's test client) measured right after. All of them in the same minute, since
on a shared machine every CPU figure moves with the load (docs/performance.md, "Through gunicorn").
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import httpx

from bench.cpu import cpu_ms
from bench.hello import app as hello_app
from bench.load import drive
from bench.pages import EN, Page, pages_of, prepare, reset_database, reuse_state, save_state
from bench.run import POSTGRES_URL, free_port, portal_env

ROOT = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")
PARTS = ("parse", "create", "app", "write", "access")


def _cpu(pid: int, tid: int | None = None) -> float:
    path = f"/proc/{pid}/task/{tid}/stat" if tid else f"/proc/{pid}/stat"
    fields = Path(path).read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def measure(target: str, path: str, headers: dict, env: dict, args, out: Path) -> dict:
    for old in out.glob("*"):
        old.unlink()
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn with a fixed argument list
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "bench" / "gunicorn_accounting.py"), target],
        cwd=args.root,
        env={
            **os.environ,
            **env,
            "PYTHONPATH": str(args.root),
            "BENCH_ROOT": str(args.root),
            "BENCH_OUT": str(out),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(args.workers),
            "GUNICORN_THREADS": str(args.threads),
            **({"BENCH_PROFILE": "1"} if args.profile else {}),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        drive(port, path, headers=headers, connections=args.connections, seconds=args.warmup)
        workers = [
            int(p) for p in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        ]
        (out / "start").touch()
        before = sum(_cpu(p) for p in [process.pid, *workers]), sum(_cpu(p, p) for p in workers)
        result = drive(port, path, headers=headers, connections=args.connections, seconds=args.seconds)
        after = sum(_cpu(p) for p in [process.pid, *workers]), sum(_cpu(p, p) for p in workers)
        (out / "stop").touch()
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    accounts = [json.loads(f.read_text()) for f in out.glob("acc-*.json")]
    counted = sum(a.get("requests", 0) for a in accounts) or 1
    per = {key: 1000 * sum(a.get(key, 0) for a in accounts) / counted for key in (*PARTS, "handle")}
    loops = sorted(1000 * a["loop"] for a in accounts if "loop" in a)
    return {
        "rps": result.rps,
        "p50": result.p50,
        "p99": result.p99,
        "errors": result.errors,
        "server": 1000 * (after[0] - before[0]) / max(result.requests, 1),
        "main": 1000 * (after[1] - before[1]) / max(result.requests, 1),
        **per,
        "other": per["handle"] - sum(per[k] for k in PARTS),
        "loop": loops[len(loops) // 2] if loops else float("nan"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--state", help="as bench.run's: keep or reuse the prepared data")
    parser.add_argument("--only", help="pages whose name contains this text")
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--warmup", type=float, default=1)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--profile", action="store_true", help="cProfile per pool thread, in the output folder"
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="the tree whose portal and config are served")
    parser.add_argument(
        "--out", type=Path, help="folder for the workers' accounts (default: a temporary one)"
    )
    args = parser.parse_args(argv)

    if args.state and Path(args.state).exists():
        database_url, prepared = reuse_state(args.state)
    else:
        instance = Path(tempfile.mkdtemp(prefix="pes-bench-wsgi-"))
        database_url = f"sqlite:///{instance / 'bench.sqlite3'}" if args.db == "sqlite" else POSTGRES_URL
        reset_database(database_url)
        prepared = prepare(database_url)
        if args.state:
            save_state(prepared, database_url, args.state)
    out = args.out or Path(tempfile.mkdtemp(prefix="pes-bench-wsgi-out-"))
    out.mkdir(parents=True, exist_ok=True)
    hello_client = hello_app.test_client()
    selected = [Page("hello", "/", None)] + [
        p for p in pages_of(prepared) if not args.only or args.only in p.name
    ]
    print(
        f"{'page':<30} {'req/s':>6} {'p99':>5} | {'server':>6} {'main':>5} {'parse':>5} {'env':>5} "
        f"{'app':>6} {'write':>5} {'log':>5} {'other':>5} | {'loop':>6} {'in-proc':>7}   (CPU ms per request)"
    )
    for page in selected:
        if page.name == "hello":
            row = measure("bench.hello:app", "/", {}, {}, args, out)
            inproc = cpu_ms(lambda: hello_client.get("/"), 300)
        else:
            headers = {**page.headers, "Accept-Language": "en"}
            if page.who:
                headers["Cookie"] = prepared.cookies[page.who]
            row = measure("app:app", page.path, headers, portal_env(database_url), args, out)
            client = prepared.clients[page.who]
            inproc = cpu_ms(partial(client.get, page.path, headers={**EN, **page.headers}), 30)
        print(
            f"{page.name[:30]:<30} {row['rps']:>6.0f} {row['p99']:>5.0f} | {row['server']:>6.2f} "
            f"{row['main']:>5.2f} {row['parse']:>5.2f} {row['create']:>5.2f} {row['app']:>6.2f} "
            f"{row['write']:>5.2f} {row['access']:>5.2f} {row['other']:>5.2f} | {row['loop']:>6.2f} {inproc:>7.2f}",
            flush=True,
        )
    if args.profile:
        print(f"bench: profiles in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
