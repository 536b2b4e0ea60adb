"""What loading a signed-in session costs per request, in process CPU time (issue 18: <= 1 ms).

    .venv/bin/python -m bench.session_cost [--requests 1000] [--repeats 5] [--db sqlite|postgresql]

In-process (Flask's test client, no network), one app, a fresh database with the jobseeker persona
signed in through the development eID provider. The same pages are requested signed in and
anonymously, alternating in blocks of `--requests`; the cost of the session is the difference of
process CPU time (`time.process_time`, user + system of this process) per request, median of the
repeats. The parts are timed alone as well: the session lookup (`auth.load_session`: one query),
reading the signed cookie, and the CSRF token the signed-in layout renders. Exits 1 when loading the
session costs more than the goal.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.pages import reset_database, settings
from bench.run import POSTGRES_URL
from portal import create_app
from tests.eid import JAAN, login

GOAL_MS = 1.0
EN = {"Accept-Language": "en"}


def cpu_per_call(work, count: int) -> float:
    """Milliseconds of process CPU time per call of `work`."""
    started = time.process_time()
    for _ in range(count):
        work()
    return (time.process_time() - started) * 1000 / count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)

    instance = Path(tempfile.mkdtemp(prefix="pes-bench-session-"))
    database_url = f"sqlite:///{instance / 'bench.sqlite3'}" if args.db == "sqlite" else POSTGRES_URL
    reset_database(database_url)
    app = create_app(settings(database_url))
    signed_in, anonymous = app.test_client(), app.test_client()
    assert login(signed_in, code=JAAN).status_code == 303
    cookie = app.config["SESSION_COOKIE_NAME"]
    token_cookie = signed_in.get_cookie(cookie).value

    def page(client, path: str):
        def get() -> None:
            response = client.get(path, headers=EN)
            assert response.status_code == 200, (path, response.status_code)

        return get

    # The start page is public: both visitors see it, the signed-in one with his name and the
    # sign-out link in the header (and the CSRF token for htmx on <body>). /healthz renders nothing.
    for path in ("/", "/healthz"):
        differences, signed, anon = [], [], []
        for _ in range(args.repeats):
            a = cpu_per_call(page(anonymous, path), args.requests)
            s = cpu_per_call(page(signed_in, path), args.requests)
            anon.append(a)
            signed.append(s)
            differences.append(s - a)
        median = statistics.median(differences)
        print(
            f"{path:<10} anonymous {statistics.median(anon):.3f} ms, signed in {statistics.median(signed):.3f} ms"
            f" CPU per request: the session costs {median:.3f} ms"
            f" (repeats: {', '.join(f'{d:.3f}' for d in differences)})",
            flush=True,
        )

    # The session alone: a request context with the cookie, the access rule and the user loaded
    # (what every signed-in page does before its own work), the CSRF token the signed-in layout
    # renders, and the teardown (the database session closed), against the same without a cookie.
    from flask import g
    from flask_login import current_user
    from flask_wtf.csrf import generate_csrf

    def load(headers: dict[str, str]):
        def work() -> None:
            with app.test_request_context("/", headers={**EN, **headers}):
                app.preprocess_request()
                if current_user.is_authenticated:
                    g.pop("csrf_token", None)
                    generate_csrf()

        return work

    differences = []
    for _ in range(args.repeats):
        a = cpu_per_call(load({}), args.requests)
        s = cpu_per_call(load({"Cookie": f"{cookie}={token_cookie}"}), args.requests)
        differences.append(s - a)
    session_ms = statistics.median(differences)
    print(
        f"loading the session (lookup, user, CSRF token, teardown): {session_ms:.3f} ms CPU per request"
        f" (repeats: {', '.join(f'{d:.3f}' for d in differences)})",
        flush=True,
    )
    failed = session_ms > GOAL_MS
    if failed:
        print(f"goal missed: the session costs more than {GOAL_MS} ms CPU per request")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
