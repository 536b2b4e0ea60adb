"""What a page waits on, in-process: writes per GET (INSERT/UPDATE/DELETE through the engine and the
driver), wall vs CPU time per request, and the outgoing HTTP calls (registers, eID) it makes.

    .venv/bin/python -m bench.waits --state FILE [--only TEXT] [--requests 20]
"""

from __future__ import annotations

import argparse
import collections
import time

import httpx
from sqlalchemy import event

from bench.pages import EN, pages_of, reuse_state


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", required=True)
    parser.add_argument("--only", action="append")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--show", action="store_true", help="print each write statement once")
    args = parser.parse_args(argv)
    _url, prepared = reuse_state(args.state)
    app = prepared.app
    writes: collections.Counter[str] = collections.Counter()
    http: collections.Counter[str] = collections.Counter()
    driver: collections.Counter[str] = collections.Counter()

    def on_execute(conn, cursor, statement, parameters, context, executemany):
        head = statement.lstrip().split(None, 1)[0].upper()
        if head in ("INSERT", "UPDATE", "DELETE", "REPLACE"):
            writes[" ".join(statement.split())[:110]] += 1

    with app.app_context():
        from portal.extensions import db

        event.listen(db.engine, "before_cursor_execute", on_execute)
        if db.engine.dialect.name == "sqlite":
            # Every statement the driver runs, also those sent on its own cursor (the session lookup).
            def trace(statement: str) -> None:
                head = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
                if head in ("INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN"):
                    driver[" ".join(statement.split())[:110]] += 1

            event.listen(db.engine, "connect", lambda dbapi, _rec: dbapi.set_trace_callback(trace))
            db.engine.dispose()
    original_send = httpx.Client.send

    def send(self, request, *a, **kw):
        http[f"{request.method} {request.url.host}{request.url.path}"[:90]] += 1
        return original_send(self, request, *a, **kw)

    httpx.Client.send = send  # type: ignore[method-assign]
    print(f"{'page':<38} {'wall ms':>8} {'CPU ms':>7} {'writes/GET':>10} {'HTTP/GET':>8}")
    for page in pages_of(prepared):
        if args.only and not any(o in page.name for o in args.only):
            continue
        client = prepared.clients[page.who]
        headers = {**EN, **page.headers}
        for _ in range(3):
            client.get(page.path, headers=headers)
        writes.clear()
        http.clear()
        driver.clear()
        wall0, cpu0 = time.perf_counter(), time.process_time()
        for _ in range(args.requests):
            status = client.get(page.path, headers=headers).status_code
        wall = (time.perf_counter() - wall0) * 1000 / args.requests
        cpu = (time.process_time() - cpu0) * 1000 / args.requests
        print(
            f"{page.name:<38} {wall:8.1f} {cpu:7.1f} {sum(writes.values()) / args.requests:10.1f}"
            f" {sum(http.values()) / args.requests:8.1f}  {status}"
        )
        if args.show:
            for statement, n in writes.most_common():
                print(f"    {n / args.requests:4.1f} x {statement}")
            for statement, n in driver.most_common():
                print(f"    {n / args.requests:4.1f} x driver: {statement}")
            for call, n in http.most_common():
                print(f"    {n / args.requests:4.1f} x HTTP {call}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
