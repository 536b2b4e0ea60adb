"""SQL statements and database round trips of one request per page, in-process (issue 18).

    .venv/bin/python -m bench.round_trips [--db sqlite|postgresql] [--only TEXT ...] [--show]

The same data and sessions as `make bench` (`bench.pages.prepare`). Each page is requested twice
and the second request is counted, so first-use work (the pool's connect, caches) is left out:

- statements: on PostgreSQL every statement the server received (from the trace below, the
  session lookup on the driver's cursor and `BEGIN`/`COMMIT` included); on SQLite what SQLAlchemy
  executes plus its transaction events (`begin`, `commit`, `rollback`, savepoints);
- round trips (PostgreSQL only): the answers the server ends with `ReadyForQuery`, read from
  libpq's protocol trace of every pooled connection, so psycopg's own `BEGIN`, the pool's
  pre-ping and the rollback when a connection goes back to the pool count too.

`--show` prints every statement the server received (the first 100 characters).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import re
import tempfile
from pathlib import Path

from sqlalchemy import event

from bench.pages import EN, pages_of, prepare, reset_database
from bench.run import POSTGRES_URL


class Trace:
    """libpq's trace of every connection the engine opens, into one file."""

    def __init__(self, engine) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115  (open for the whole run)
        self.position = 0
        self.enabled = engine.dialect.name == "postgresql"
        if self.enabled:
            event.listen(engine.pool, "connect", self._trace)
            for connection in list(engine.pool._pool.queue):  # already pooled ones
                self._trace(connection.dbapi_connection, None)

    def _trace(self, dbapi_connection, _record) -> None:
        from psycopg import pq

        dbapi_connection.pgconn.trace(self.file.fileno())
        dbapi_connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)

    def mark(self) -> None:
        ctypes.CDLL(None).fflush(None)
        self.file.seek(0, os.SEEK_END)
        self.position = self.file.tell()

    def since_mark(self) -> tuple[int, list[str]]:
        """(round trips, statements the server received) since `mark`: each Query, and each Bind
        named by the statement's text (psycopg prepares a statement run often on the server)."""
        ctypes.CDLL(None).fflush(None)  # libpq writes the trace through a buffered stdio stream
        self.file.seek(0)
        content = self.file.read()
        texts: dict[str, str] = {}
        for line in content[: self.position].decode("utf-8", "replace").splitlines():
            self._note_parse(line, texts)
        round_trips, sent = 0, []
        for line in content[self.position :].decode("utf-8", "replace").splitlines():
            fields = line.split("\t")
            if len(fields) < 4:
                if len(fields) == 3 and fields[0] == "B" and fields[2] == "ReadyForQuery":
                    round_trips += 1
                continue
            self._note_parse(line, texts)
            if fields[0] == "B" and fields[2] == "ReadyForQuery":
                round_trips += 1
            elif fields[0] == "F" and fields[2] == "Query":
                sent.append(fields[3].strip())
            elif fields[0] == "F" and fields[2] == "Bind":
                names = re.findall(r'"([^"]*)"', fields[3])
                sent.append(texts.get(names[1], "?") if len(names) > 1 else "?")
        return round_trips, sent

    @staticmethod
    def _note_parse(line: str, texts: dict[str, str]) -> None:
        fields = line.split("\t")
        if len(fields) > 3 and fields[0] == "F" and fields[2] == "Parse":
            match = re.match(r'\s*"([^"]*)" "(.*)', fields[3])
            if match:
                texts[match.group(1)] = match.group(2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--only", action="append", help="count only pages whose name contains this text (repeatable)"
    )
    parser.add_argument("--show", action="store_true", help="print the statements of each page")
    args = parser.parse_args(argv)

    instance = Path(tempfile.mkdtemp(prefix="pes-bench-trips-"))
    database_url = f"sqlite:///{instance / 'bench.sqlite3'}" if args.db == "sqlite" else POSTGRES_URL
    reset_database(database_url)
    prepared = prepare(database_url)
    engine = prepared.app.extensions["database_engine"]
    trace = Trace(engine)
    counted: list[str] = []

    def on_cursor(_conn, _cursor, statement, *_args) -> None:
        counted.append(statement)

    def on_control(name: str):
        def listener(*_args) -> None:
            counted.append(name)

        return listener

    event.listen(engine, "before_cursor_execute", on_cursor)
    for name in ("begin", "commit", "rollback", "savepoint", "release_savepoint", "rollback_savepoint"):
        event.listen(engine, name, on_control(name.upper().replace("_", " ")))

    selected = pages_of(prepared)
    print(f"{'page':<42} {'status':>6} {'statements':>10} {'round trips':>11}  ({args.db})")
    for page in selected:
        if args.only and not any(text in page.name for text in args.only):
            continue
        client = prepared.clients[page.who]
        headers = {**EN, **page.headers}
        client.get(page.path, headers=headers)  # first use: caches, the pool's connect
        counted.clear()
        trace.mark()
        status = client.get(page.path, headers=headers).status_code
        round_trips, sent = trace.since_mark()
        trips = str(round_trips) if trace.enabled else "-"
        statements = len(sent) if trace.enabled else len(counted)
        print(f"{page.name[:42]:<42} {status:>6} {statements:>10} {trips:>11}", flush=True)
        if args.show:
            for statement in sent if trace.enabled else counted:
                print("    ", " ".join(statement.split())[:100])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
