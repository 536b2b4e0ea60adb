"""The one huey instance behind every `@huey.task()` and `@huey.periodic_task()`.

The instance exists at import, so decorators can register tasks, but its storage is chosen from
`portal.config.load()` only when it is first used: Redis with `PORTAL_REDIS_URL`, otherwise SQLite
in `<instance>/jobs.sqlite3`. Importing this module therefore never reads the configuration and
never needs a Flask app (the consumer runs `huey_consumer portal.jobs.huey`). `create_app` switches
the instance to huey's immediate mode when `PORTAL_JOBS_IMMEDIATE` is on (tests): tasks then run
synchronously in the calling thread with in-memory storage, and a retry scheduled for later stays
in that memory instead of running (see docs/operations.md).

Tasks that touch the database run inside `app_context()`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_app_context
from huey import Huey
from huey.storage import BaseStorage, RedisStorage, SqliteStorage

QUEUE_NAME = "portal"
SQLITE_FILENAME = "jobs.sqlite3"


def build_storage(name: str, settings: dict[str, Any]) -> BaseStorage:
    """Redis when `REDIS_URL` is set, else SQLite beside the portal's other instance files."""
    if settings["REDIS_URL"]:
        return RedisStorage(name, url=settings["REDIS_URL"])
    instance = Path(settings["INSTANCE_PATH"])
    instance.mkdir(parents=True, exist_ok=True)
    return SqliteStorage(name, filename=str(instance / SQLITE_FILENAME))


class PortalHuey(Huey):
    """A huey whose storage (Redis or SQLite) is resolved from the portal's settings on first use."""

    def __init__(self, name: str = QUEUE_NAME, **kwargs: Any) -> None:
        self._storage: BaseStorage | None = None
        self._storage_lock = threading.Lock()
        # Results are never read: task outcomes live in the database.
        super().__init__(name, results=False, utc=True, **kwargs)

    def create_storage(self) -> BaseStorage | None:  # type: ignore[override]
        if self._immediate and self.immediate_use_memory:
            return self.get_immediate_storage()
        return None  # resolved by the `storage` property when first needed

    @property  # type: ignore[override]
    def storage(self) -> BaseStorage:
        if self._storage is None:
            with self._storage_lock:
                if self._storage is None:
                    from portal import config

                    self._storage = build_storage(self.name, config.load())
        return self._storage

    @storage.setter
    def storage(self, value: BaseStorage | None) -> None:
        self._storage = value


huey = PortalHuey()

_worker_app: Flask | None = None
_worker_app_lock = threading.Lock()


def worker_app() -> Flask:
    """The app a consumer process uses for its tasks: built once from the environment, then reused."""
    global _worker_app
    if _worker_app is None:
        with _worker_app_lock:
            if _worker_app is None:
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
