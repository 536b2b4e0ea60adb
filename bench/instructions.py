"""Instructions per request under callgrind: a per-page measure that repeats to within ~1%.

`bench.cpu` measures CPU milliseconds in-process, which on a shared machine move by ±40% between
runs of the same code. The number of instructions a request executes does not depend on the load:
this counts them with valgrind's callgrind, for every page of `bench/pages.py` (the same data and
signed-in sessions as `bench.cpu`) and for the hello app (`bench/hello.py`), so the ratio hello/page
shows where a page stands (1 M instructions is roughly 0.15-0.2 ms of CPU on this machine).

The data is prepared natively (or reused with `--state`); the measuring process then runs under
`valgrind --tool=callgrind --instr-atstart=no`, so start-up and each page's warm-up run without
instrumentation. For each page it makes warm-up requests (the last one counts the SQL statements and
the bytes), collects garbage and switches the collector off, switches instrumentation on (a client
request, through a tiny C helper compiled with gcc against valgrind's `callgrind.h`) around
`--requests` warm requests, and dumps the counts under the page's name. The totals are read from the
dump files. Only the application's own process is counted: on PostgreSQL the server's CPU is not.

    .venv/bin/python -m bench.instructions [--db sqlite|postgresql] [--requests 5] [--only TEXT]
        [--state FILE] [--save FILE.json] [--compare BEFORE.json] [--load FILE.json]

`--save` keeps the figures; `--compare` prints each page's before -> after and the change in per
cent; `--load` reads figures saved earlier instead of measuring (`--load after.json --compare
before.json` compares two saved runs).
"""

from __future__ import annotations

import argparse
import ctypes
import datetime
import gc
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VALGRIND = os.environ.get("VALGRIND", "/usr/bin/valgrind")
HELLO = "hello"
_real_monotonic = time.monotonic  # the progress lines' clock: the measured process's is virtual
_HELPER_C = r"""
#include <valgrind/callgrind.h>
void ir_start(void) { CALLGRIND_START_INSTRUMENTATION; CALLGRIND_ZERO_STATS; }
void ir_stop(void) { CALLGRIND_STOP_INSTRUMENTATION; }
void ir_dump(const char *label) { CALLGRIND_DUMP_STATS_AT(label); }
int ir_on_valgrind(void) { return RUNNING_ON_VALGRIND; }
"""
_LABEL = "bench.instructions:"
_TRIGGER = re.compile(r"^desc: Trigger: Client Request: (.*)$", re.MULTILINE)
_TOTALS = re.compile(r"^(?:totals|summary): (\d+)", re.MULTILINE)


# ---------------------------------------------------------------- reading and comparing the figures


def read_dump(text: str) -> tuple[str | None, int]:
    """(label, instructions) of one callgrind dump file; the label is None for a dump this tool did
    not ask for (the one at program termination)."""
    trigger = _TRIGGER.search(text)
    label = None
    if trigger and trigger.group(1).startswith(_LABEL):
        label = trigger.group(1)[len(_LABEL) :]
    totals = [int(value) for value in _TOTALS.findall(text)]
    if not totals:
        raise ValueError("no totals in the callgrind dump")
    return label, totals[-1]  # `totals:` closes the file; `summary:` in the header is the same count


def read_dumps(directory: Path) -> dict[str, int]:
    """Instructions by label over every dump file in `directory`."""
    counts: dict[str, int] = {}
    for path in sorted(directory.glob("callgrind.out*")):
        text = path.read_text(errors="replace")
        if not text.strip():
            continue
        label, instructions = read_dump(text)
        if label is not None:
            counts[label] = instructions
    return counts


def change(before: float, after: float) -> str:
    if before == after:
        return "0.0%"
    if not before:
        return "new"
    return f"{(after - before) / before:+.1%}"


def table(results: dict) -> str:
    """The figures as a plain-text table: one line for hello, one per page."""
    hello = results["hello"]["instructions"]
    lines = [
        f"instructions per request under callgrind ({results['database']}, {results['requests']} warm "
        f"requests a page, main at {results.get('commit', '?')}, {results.get('when', '?')})",
        f"{'page':<46} {'M instr':>8} {'SQL':>4} {'bytes':>7} {'hello/page':>10}",
        f"{HELLO:<46} {hello / 1e6:>8.2f} {0:>4} {results['hello']['bytes']:>7} {'100.0%':>10}",
    ]
    for name, page in results["pages"].items():
        lines.append(
            f"{name[:46]:<46} {page['instructions'] / 1e6:>8.2f} {page['statements']:>4} "
            f"{page['bytes']:>7} {hello / page['instructions']:>10.1%}"
        )
    return "\n".join(lines)


def comparison(before: dict, after: dict) -> str:
    """Each page's instructions (M), SQL statements and bytes before -> after, with the change."""
    lines = [
        f"before: {before.get('commit', '?')} {before.get('when', '?')} ({before['database']}); "
        f"after: {after.get('commit', '?')} {after.get('when', '?')} ({after['database']})",
        f"{'page':<46} {'M instr before -> after':>24} {'change':>7} {'SQL':>9} {'bytes':>15}",
    ]
    rows = [(HELLO, before["hello"], after["hello"])] + [
        (name, before["pages"].get(name), page) for name, page in after["pages"].items()
    ]
    for name, old, new in rows:
        if old is None:
            lines.append(f"{name[:46]:<46} {'(not in before)':>24} {new['instructions'] / 1e6:>7.2f}")
            continue
        sql = f"{old['statements']}" + (
            f"->{new['statements']}" if new["statements"] != old["statements"] else ""
        )
        size = f"{old['bytes']}" + (f"->{new['bytes']}" if new["bytes"] != old["bytes"] else "")
        lines.append(
            f"{name[:46]:<46} {old['instructions'] / 1e6:>10.2f} -> {new['instructions'] / 1e6:>10.2f} "
            f"{change(old['instructions'], new['instructions']):>7} {sql:>9} {size:>15}"
        )
    missing = [name for name in before["pages"] if name not in after["pages"]]
    if missing:
        lines.append(f"(measured before only: {', '.join(missing)})")
    return "\n".join(lines)


# ------------------------------------------------------------------- the process under callgrind


def _helper(directory: Path) -> Path:
    """The C helper that switches callgrind's instrumentation from Python (a no-op natively)."""
    source, library = directory / "ir_toggle.c", directory / "ir_toggle.so"
    source.write_text(_HELPER_C)
    gcc = shutil.which("gcc") or "/usr/bin/gcc"
    try:
        subprocess.run(  # noqa: S603 - gcc on a source file this function wrote
            [gcc, "-O1", "-shared", "-fPIC", "-o", str(library), str(source)],
            check=True,
            capture_output=True,
            text=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", "") or error
        raise SystemExit(
            f"bench.instructions: cannot build the callgrind helper (gcc, valgrind headers): {detail}"
        ) from error
    return library


def _measure(library, label: str, get, requests: int) -> None:
    """`requests` calls of `get` with instrumentation on, dumped under `label`; the collector is
    off meanwhile so that no collection falls into one run and not another."""
    gc.collect()
    gc.disable()
    try:
        library.ir_start()
        for _ in range(requests):
            get()
        library.ir_dump(f"{_LABEL}{label}".encode())
        library.ir_stop()
    finally:
        gc.enable()


def _virtual_clock() -> None:
    """Python's clocks, as this process reads them, advance by one microsecond a call.

    The portal keeps some values for a number of seconds (a form's signed CSRF token for 60, the
    caseload's figures for 30, ...). Under callgrind a run lasts minutes, so on the real clock one
    of them expired in the middle of one page's measured requests in one run and of another page's
    in the next: that page read 3-5% more. On this clock nothing kept expires during a run (the
    steady state of a busy worker) and every run reads the same times, hence does the same work."""
    import time as time_module

    now = {"seconds": time_module.time(), "monotonic": time_module.monotonic(), "calls": 0}

    def tick(base: str):
        def read() -> float:
            now["calls"] += 1
            return now[base] + now["calls"] * 1e-6

        return read

    time_module.time = tick("seconds")
    time_module.monotonic = time_module.perf_counter = tick("monotonic")
    time_module.time_ns = lambda: int(time_module.time() * 1e9)
    time_module.monotonic_ns = time_module.perf_counter_ns = lambda: int(time_module.monotonic() * 1e9)


def _no_session_touch(prepared) -> None:
    """Each signed-in session's `last_seen_at` written now, then not again during the run.

    A session is touched (an UPDATE in a transaction of its own) when its last touch is more than a
    minute old by the wall clock: under callgrind that fell into one page's measured requests in
    one run and into another's in the next (+1-3%, two more statements). A busy worker pays it once
    a minute per session, nothing per request, so the run leaves it out."""
    import datetime as dt

    from bench.pages import EN
    from portal.services import auth

    for who, client in prepared.clients.items():
        if who is not None:
            client.get("/", headers=EN)  # touched now: the sessions stay inside their idle limit
    auth.TOUCH_INTERVAL = dt.timedelta(days=1)


def child(args: argparse.Namespace) -> int:
    """Runs under callgrind: warm each page, count its requests, write what callgrind cannot see."""
    from functools import partial

    _virtual_clock()  # before the portal is imported, so that its modules read this clock too
    library = ctypes.CDLL(os.environ["BENCH_IR_HELPER"])
    if not library.ir_on_valgrind():
        raise SystemExit("bench.instructions --child runs under valgrind only")

    from bench.hello import app as hello_app
    from bench.pages import EN, count_statements, pages_of, reuse_state

    _url, prepared = reuse_state(args.state)
    _no_session_touch(prepared)
    results: dict = {"hello": {}, "pages": {}}

    hello_client = hello_app.test_client()
    for _ in range(args.warmup):
        response = hello_client.get("/")
    results["hello"] = {"statements": 0, "bytes": len(response.get_data()), "requests": args.requests * 10}
    _measure(library, HELLO, partial(hello_client.get, "/"), args.requests * 10)

    selected = [
        page
        for page in pages_of(prepared)
        if not args.only or any(part in page.name for part in args.only.split("|"))
    ]
    started = _real_monotonic()
    for number, page in enumerate(selected, 1):
        client = prepared.clients[page.who]
        headers = {**EN, **page.headers}
        for _ in range(args.warmup - 1):
            client.get(page.path, headers=headers)
        status, statements, size = count_statements(prepared, page)
        if status != 200:
            raise SystemExit(f"bench.instructions: {page.path} answered {status} in-process")
        _measure(library, page.name, partial(client.get, page.path, headers=headers), args.requests)
        results["pages"][page.name] = {"statements": statements, "bytes": size, "fragment": page.fragment}
        print(
            f"  [{number}/{len(selected)}] {page.name} ({_real_monotonic() - started:.0f} s)",
            file=sys.stderr,
            flush=True,
        )
    Path(args.child_out).write_text(json.dumps(results))
    return 0


# ------------------------------------------------------------------------------ the parent process


def _commit() -> str:
    """The measured tree: HEAD, and "+changes" when tracked files differ from it."""
    git = shutil.which("git") or "/usr/bin/git"
    try:
        head = subprocess.run(  # noqa: S603 - fixed arguments
            [git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(  # noqa: S603 - fixed arguments
            [git, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True
        )
        return head + ("+changes" if dirty.stdout.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


def _prepared_state(args: argparse.Namespace, work: Path) -> str:
    """A state file for the measuring process: `--state`'s if it exists, else data prepared now
    (natively: under valgrind it would take hours), kept in `--state` when given."""
    if args.state and Path(args.state).exists():
        return args.state
    from bench.pages import prepare, reset_database, save_state
    from bench.run import POSTGRES_URL

    # Kept with --state (a later run reuses it), else removed with the run's directory.
    instance = Path(tempfile.mkdtemp(prefix="pes-bench-ir-")) if args.state else work
    database_url = f"sqlite:///{instance / 'bench.sqlite3'}" if args.db == "sqlite" else POSTGRES_URL
    print(f"bench.instructions: preparing the data ({database_url})", file=sys.stderr, flush=True)
    reset_database(database_url)
    prepared = prepare(database_url)
    path = args.state or str(work / "state.json")
    save_state(prepared, database_url, path)
    prepared.app.extensions["database_engine"].dispose()
    return path


def run(args: argparse.Namespace) -> dict:
    if not Path(VALGRIND).exists():
        raise SystemExit(f"bench.instructions: {VALGRIND} not found (apt-get install valgrind)")
    work = Path(tempfile.mkdtemp(prefix="pes-bench-ir-run-"))
    try:
        state = _prepared_state(args, work)
        database = json.loads(Path(state).read_text())["database_url"].split(":", 1)[0].split("+")[0]
        dumps = work / "dumps"
        dumps.mkdir()
        out = work / "child.json"
        command = [
            VALGRIND,
            "--tool=callgrind",
            "--instr-atstart=no",
            "--dump-line=no",
            "-q",
            f"--callgrind-out-file={dumps / 'callgrind.out'}",
            sys.executable,
            "-m",
            "bench.instructions",
            "--child-out",
            str(out),
            "--state",
            state,
            "--requests",
            str(args.requests),
            "--warmup",
            str(args.warmup),
        ] + (["--only", args.only] if args.only else [])
        # A fixed hash seed: set and dict orders, hence the work, are the same from run to run.
        env = {**os.environ, "PYTHONHASHSEED": "0", "BENCH_IR_HELPER": str(_helper(work))}
        started = time.monotonic()
        print("bench.instructions: measuring under callgrind", file=sys.stderr, flush=True)
        completed = subprocess.run(command, env=env)  # noqa: S603 - valgrind on this module, fixed arguments
        if completed.returncode != 0:
            raise SystemExit(f"bench.instructions: the measuring process failed ({completed.returncode})")
        print(f"bench.instructions: {time.monotonic() - started:.0f} s under callgrind", file=sys.stderr)
        measured = json.loads(out.read_text())
        counts = read_dumps(dumps)
        if args.keep_dumps:  # for callgrind_annotate: where each page's instructions go
            shutil.copytree(dumps, args.keep_dumps, dirs_exist_ok=True)
        results = {
            "database": "postgresql" if database.startswith("postgres") else database,
            "requests": args.requests,
            "commit": _commit(),
            "when": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "hello": {
                **measured["hello"],
                "instructions": round(counts[HELLO] / measured["hello"]["requests"]),
            },
            "pages": {
                name: {**page, "instructions": round(counts[name] / args.requests)}
                for name, page in measured["pages"].items()
            },
        }
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--requests", type=int, default=5, help="measured warm requests a page (hello: ten times as many)"
    )
    parser.add_argument("--warmup", type=int, default=3, help="requests a page before measuring it")
    parser.add_argument(
        "--only", help="measure only pages whose name contains this text (alternatives separated by |)"
    )
    parser.add_argument("--state", help="as bench.cpu's: keep or reuse the prepared data")
    parser.add_argument("--save", help="write the figures to this JSON file")
    parser.add_argument("--compare", help="figures saved earlier (--save): print before -> after")
    parser.add_argument("--load", help="read the figures from this JSON file instead of measuring")
    parser.add_argument("--keep-dumps", help="copy callgrind's dump files to this directory")
    parser.add_argument("--child-out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.requests < 1 or args.warmup < 1:
        parser.error("--requests and --warmup must be at least 1")

    if args.child_out:
        return child(args)
    results = json.loads(Path(args.load).read_text()) if args.load else run(args)
    print(table(results))
    if args.save:
        Path(args.save).write_text(json.dumps(results, indent=1) + "\n")
    if args.compare:
        print()
        print(comparison(json.loads(Path(args.compare).read_text()), results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
