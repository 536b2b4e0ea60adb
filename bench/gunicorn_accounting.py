"""Bench only: the production `gunicorn.conf.py`, plus each worker's CPU per request split by part.

    gunicorn -c bench/gunicorn_accounting.py app:app      (bench.wsgi_cost starts it so)

Every setting and hook of the production file applies (it is executed here first); this file adds
`post_worker_init`, which wraps the worker's own methods to add up, per thread (`time.thread_time`),
the CPU of: reading and parsing the request (`parse`), making the WSGI environ (`create`), the app
(`app`: Flask from the environ to the response object), writing the response (`write`), the access
line (`access`), and all of a request's handling in the pool thread (`handle`). Counting starts
when the file `$BENCH_OUT/start` exists and stops at `$BENCH_OUT/stop`, so the warm-up is left out.
At exit each worker runs the last measured request again 200 times in a loop on one thread, with
no socket (`loop`), and writes `$BENCH_OUT/acc-<pid>.json`. With `BENCH_PROFILE` set, each pool
thread also runs cProfile over the counted requests (`$BENCH_OUT/prof-<pid>.prof`).
"""

import cProfile
import io
import json
import os
import pstats
import threading
import time
from pathlib import Path

_ROOT = Path(os.environ.get("BENCH_ROOT") or Path(__file__).resolve().parent.parent)
exec(compile((_ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"))  # noqa: S102

_OUT = Path(os.environ.get("BENCH_OUT", "."))
_PROFILE = bool(os.environ.get("BENCH_PROFILE"))
_lock = threading.Lock()
_acc: dict[str, float] = {}
_state = {"on": False, "off": False}
_local = threading.local()
_profiles: list[cProfile.Profile] = []
_last: dict = {}


def _counting() -> bool:
    return _state["on"] and not _state["off"]


def _add(key: str, seconds: float) -> None:
    if _counting():
        with _lock:
            _acc[key] = _acc.get(key, 0.0) + seconds


def _timed(key, function):
    def timed(*args, **kwargs):
        started = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            _add(key, time.thread_time() - started)

    return timed


def post_worker_init(worker):
    from gunicorn.http import parser, wsgi

    handle, app = worker.handle, worker.wsgi

    def counted_handle(conn):
        if not _state["on"]:
            _state["on"] = (_OUT / "start").exists()
        elif not _state["off"]:
            _state["off"] = (_OUT / "stop").exists()
        profile = None
        if _PROFILE and _counting():
            profile = getattr(_local, "profile", None)
            if profile is None:
                profile = _local.profile = cProfile.Profile()
                with _lock:
                    _profiles.append(profile)
            profile.enable()
        started = time.thread_time()
        try:
            return handle(conn)
        finally:
            if profile is not None:
                profile.disable()
            _add("handle", time.thread_time() - started)

    def counted_app(environ, start_response):
        started = time.thread_time()
        response = app(environ, start_response)
        _add("app", time.thread_time() - started)
        if _counting():
            _add("requests", 1)
            _last.clear()
            _last.update((k, v) for k, v in environ.items() if not k.startswith(("wsgi.", "gunicorn.")))
        return response

    worker.handle, worker.wsgi, worker._bench_app = counted_handle, counted_app, app
    wsgi.create = _timed("create", wsgi.create)
    wsgi.Response.write = _timed("write", wsgi.Response.write)
    wsgi.Response.close = _timed("write", wsgi.Response.close)
    parser.Parser.__next__ = _timed("parse", parser.Parser.__next__)
    worker.log.access = _timed("access", worker.log.access)


def _loop(app, environ: dict, requests: int = 200) -> float:
    def one():
        env = {**environ, "wsgi.input": io.BytesIO(), "wsgi.errors": io.StringIO(), "wsgi.url_scheme": "http"}
        env.update({"wsgi.version": (1, 0), "wsgi.multithread": True, "wsgi.multiprocess": True})
        env["wsgi.run_once"] = False
        body = app(env, lambda *args: None)
        for _ in body:
            pass
        getattr(body, "close", lambda: None)()

    for _ in range(10):
        one()
    runs = []
    for _ in range(5):
        started = time.thread_time()
        for _ in range(requests // 5):
            one()
        runs.append((time.thread_time() - started) / (requests // 5))
    return sorted(runs)[len(runs) // 2]


def worker_exit(server, worker):
    _state["off"] = True
    if _last:
        _acc["loop"] = _loop(worker._bench_app, dict(_last))
    (_OUT / f"acc-{os.getpid()}.json").write_text(json.dumps(_acc))
    if _profiles:
        stats = pstats.Stats(_profiles[0])
        for profile in _profiles[1:]:
            stats.add(profile)
        stats.dump_stats(str(_OUT / f"prof-{os.getpid()}.prof"))
