"""How a background task finds its app: the one in context, or the consumer's own.

The consumer (`huey_consumer portal.jobs.huey -w 2 -k thread`) has no app of its own; its first
task builds one from the environment with `create_app()` and every later task reuses it. This is
the only app a module keeps, and only in a consumer process: `create_app` never writes here.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, has_app_context

_worker_app: Flask | None = None
_worker_app_lock = threading.Lock()


def worker_app() -> Flask:
    """The app a consumer process uses for its tasks: built once from the environment, then reused."""
    global _worker_app
    if _worker_app is None:
        with _worker_app_lock:
            if _worker_app is None:
                # The consumer is the top of its process, as `app.py` is of the web one.
                from portal import create_app

                _worker_app = create_app()
    return _worker_app


@contextmanager
def app_context() -> Iterator[Flask]:
    """The active app when a task runs inside one (immediate mode in a request or a test), else the
    consumer's cached app in a fresh application context (its session is removed at the end)."""
    if has_app_context():
        yield current_app._get_current_object()  # type: ignore[attr-defined]
        return
    app = worker_app()
    with app.app_context():
        yield app
