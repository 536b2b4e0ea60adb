"""The PostgreSQL server's CPU and the round trips of one request per page, in-process (issue 18).

    PYTHONPATH=. .venv/bin/python -m bench.server_cpu --state FILE [--only TEXT ...] [--requests 50]
                                                      [--mix ROUNDS] [--save FILE.json]

`bench.instructions` counts the application's process only; on PostgreSQL every statement also
costs the server's CPU on the same cores. This reads the CPU time of every backend the app's engine
opened (`/proc/PID/schedstat`, nanoseconds on a CPU: the server runs on this machine) around
`--requests` warm requests of each page (after six, so psycopg has prepared what a busy connection
has), and counts one request's round trips from libpq's trace (`bench.round_trips.Trace`).

`--mix ROUNDS` then requests every selected page once per round, in turn, for ROUNDS rounds: what a
worker's connection sees under a mixed load (the bench drives one page at a time), where psycopg's
cache of prepared statements per connection (`prepared_max`) may be smaller than the pages' texts.
Server CPU moves with the machine's load (~10-15%); compare runs made close together.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import time
from pathlib import Path

from sqlalchemy import event

from bench.pages import EN, pages_of, reuse_state
from bench.round_trips import Trace

WARM_UP = 6  # psycopg prepares a statement at its fifth run on a connection


def backend_cpu_ns(pids: set[int]) -> int:
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
        except (OSError, ValueError):  # the backend has ended
            continue
    return total


def backends(engine) -> set[int]:
    """The backend process of every connection the engine opened (and opens later)."""
    pids: set[int] = set()

    def note(dbapi_connection, _record) -> None:
        pids.add(dbapi_connection.info.backend_pid)

    event.listen(engine.pool, "connect", note)
    for record in list(engine.pool._pool.queue):
        pids.add(record.dbapi_connection.info.backend_pid)
    return pids


def prepared_counts(engine) -> list[int]:
    """Statements psycopg keeps prepared on each pooled connection."""
    counts = []
    for record in list(engine.pool._pool.queue):
        manager = getattr(record.dbapi_connection, "_prepared", None)
        names = getattr(manager, "_names", None)
        if names is not None:
            counts.append(len(names))
    return counts


def protocol_counts(trace_text: str) -> tuple[int, int]:
    """(statements prepared by name, DEALLOCATEs and Closes) in libpq's trace: a statement
    prepared again on a warm connection is one psycopg evicted (`prepared_max`) or cleared."""
    prepares = deallocates = 0
    for line in trace_text.splitlines():
        fields = line.split("\t")
        if len(fields) < 3 or fields[0] != "F":
            continue
        message = fields[2]
        argument = fields[3].lstrip() if len(fields) > 3 else ""
        if message == "Parse" and not argument.startswith('""'):
            prepares += 1
        elif message == "Close" or (message == "Query" and "DEALLOCATE" in argument.upper()):
            deallocates += 1
    return prepares, deallocates


def since_mark(trace: Trace) -> str:
    """The trace's text since its mark."""
    ctypes.CDLL(None).fflush(None)  # libpq writes the trace through a buffered stdio stream
    trace.file.seek(trace.position)
    return trace.file.read().decode("utf-8", "replace")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", required=True, help="bench.cpu's/bench.instructions' --state")
    parser.add_argument("--only", action="append", help="pages whose name contains this (repeatable)")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--mix", type=int, default=0, help="rounds of every page in turn")
    parser.add_argument("--save", help="keep the figures as JSON")
    args = parser.parse_args(argv)

    _url, prepared = reuse_state(args.state)
    engine = prepared.app.extensions["database_engine"]
    if engine.dialect.name != "postgresql":
        raise SystemExit("bench.server_cpu measures PostgreSQL's backends")
    pids = backends(engine)
    trace = Trace(engine)
    selected = [
        page for page in pages_of(prepared) if not args.only or any(text in page.name for text in args.only)
    ]
    results: dict[str, dict] = {}
    print(f"{'page':<42} {'server ms':>9} {'app ms':>7} {'round trips':>11} {'statements':>10} prep dealloc")
    for page in selected:
        client = prepared.clients[page.who]
        headers = {**EN, **page.headers}

        def get(client=client, page=page, headers=headers) -> int:
            return client.get(page.path, headers=headers).status_code

        for _ in range(WARM_UP):
            status = get()
        if status != 200:
            raise SystemExit(f"bench: {page.path} answered {status} in-process")
        trace.mark()
        get()
        round_trips, sent = trace.since_mark()
        prepares, deallocates = protocol_counts(since_mark(trace))
        server, app = backend_cpu_ns(pids), time.process_time()
        for _ in range(args.requests):
            get()
        app = (time.process_time() - app) * 1000 / args.requests
        server = (backend_cpu_ns(pids) - server) / 1e6 / args.requests
        results[page.name] = {
            "server_ms": server,
            "app_ms": app,
            "round_trips": round_trips,
            "statements": len(sent),
            "prepares": prepares,
            "deallocates": deallocates,
        }
        print(
            f"{page.name[:42]:<42} {server:>9.3f} {app:>7.2f} {round_trips:>11} {len(sent):>10}"
            f" {prepares:>3} {deallocates:>3}",
            flush=True,
        )
    total = sum(page["server_ms"] for page in results.values())
    print(
        f"bench: server CPU, sum over pages {total:.2f} ms; prepared per connection {prepared_counts(engine)}"
    )
    if args.mix:
        server, app = backend_cpu_ns(pids), time.process_time()
        trace.mark()
        for _ in range(args.mix):
            for page in selected:
                prepared.clients[page.who].get(page.path, headers={**EN, **page.headers})
        round_trips, sent = trace.since_mark()
        prepares, deallocates = protocol_counts(since_mark(trace))
        requests = args.mix * len(selected)
        mixed = {
            "server_ms": (backend_cpu_ns(pids) - server) / 1e6 / requests,
            "app_ms": (time.process_time() - app) * 1000 / requests,
            "round_trips": round_trips / requests,
            "statements": len(sent) / requests,
            "prepares": prepares / requests,
            "deallocates": deallocates / requests,
        }
        results["(mixed)"] = mixed
        print(
            f"bench: mixed, per request: server {mixed['server_ms']:.3f} ms, app {mixed['app_ms']:.2f} ms, "
            f"{mixed['round_trips']:.2f} round trips, {mixed['statements']:.2f} statements "
            f"({mixed['prepares']:.2f} prepared, {mixed['deallocates']:.2f} deallocated); prepared per connection {prepared_counts(engine)}"
        )
    if args.save:
        Path(args.save).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
