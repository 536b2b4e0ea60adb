"""The one huey instance behind every background task, and how services enqueue by task name.

The instance exists at import, so `portal.jobs` can register tasks with its decorators, but it
holds no per-app state: whether tasks run immediately (`PORTAL_JOBS_IMMEDIATE`, the tests) and
which storage a queued task goes to are read from the app in context, the way `db` finds its
engine. `create_app` calls `init_app`, which writes to `app.extensions["queue"]` only, so two apps
in one process never share a mode or a queue. Outside any app (the consumer's own loop, a retry
huey schedules after a task failed) mode and storage come from `portal.config.load()`, read once
when first needed: Redis with `PORTAL_REDIS_URL`, otherwise SQLite in `<instance>/jobs.sqlite3`.
Importing this module reads no configuration.

Services never import `portal.jobs` (the jobs import services): they call
`enqueue("send_notification", 42)` or `schedule("refetch_failed_sections", kwargs=..., delay=85)`
with the name of a task that `portal.jobs` registers. `create_app` imports `portal.jobs`, so every
name is known in the web process as in the consumer.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_app_context
from huey import Huey
from huey.api import TaskWrapper
from huey.storage import BaseStorage, MemoryStorage, RedisStorage, SqliteStorage

QUEUE_NAME = "portal"
SQLITE_FILENAME = "jobs.sqlite3"
EXTENSION = "queue"


def build_storage(name: str, settings: dict[str, Any]) -> BaseStorage:
    """Redis when `REDIS_URL` is set, else SQLite beside the portal's other instance files."""
    if settings["REDIS_URL"]:
        return RedisStorage(name, url=settings["REDIS_URL"])
    instance = Path(settings["INSTANCE_PATH"])
    instance.mkdir(parents=True, exist_ok=True)
    return SqliteStorage(name, filename=str(instance / SQLITE_FILENAME))


@dataclass
class AppQueue:
    """One app's side of the queue (in `app.extensions["queue"]`)."""

    name: str
    immediate: bool
    # Only what the storage needs (REDIS_URL, INSTANCE_PATH): never the secrets, not even in a repr.
    settings: dict[str, Any] = field(default_factory=dict, repr=False)
    # Immediate mode: tasks run in the caller, and a retry scheduled for later stays here unrun.
    memory: MemoryStorage | None = None
    _storage: BaseStorage | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def storage(self) -> BaseStorage:
        if self.immediate:
            if self.memory is None:
                self.memory = MemoryStorage(self.name)
            return self.memory
        if self._storage is None:
            with self._lock:
                if self._storage is None:
                    self._storage = build_storage(self.name, self.settings)
        return self._storage


class PortalHuey(Huey):
    """A huey whose mode and storage come from the app in context (see the module's docstring)."""

    def __init__(self, name: str = QUEUE_NAME, **kwargs: Any) -> None:
        self._process_queue: AppQueue | None = None
        self._process_lock = threading.Lock()
        self._by_name: dict[str, TaskWrapper] = {}
        # Results are never read: task outcomes live in the database.
        super().__init__(name, results=False, utc=True, **kwargs)

    def init_app(self, app: Flask) -> None:
        settings = app.extensions["settings"]
        app.extensions[EXTENSION] = AppQueue(
            name=self.name,
            immediate=settings.jobs_immediate,
            settings={"REDIS_URL": settings.redis_url, "INSTANCE_PATH": str(settings.instance_path)},
        )

    def _queue(self) -> AppQueue:
        """The app's side of the queue, or the process's own outside any app."""
        if has_app_context() and EXTENSION in current_app.extensions:
            return current_app.extensions[EXTENSION]
        if self._process_queue is None:
            with self._process_lock:
                if self._process_queue is None:
                    from portal import config

                    settings = config.load()
                    self._process_queue = AppQueue(
                        name=self.name,
                        immediate=bool(settings.get("JOBS_IMMEDIATE", False)),
                        settings={key: settings[key] for key in ("REDIS_URL", "INSTANCE_PATH")},
                    )
        return self._process_queue

    # huey reads `_immediate` in `enqueue` and the consumer reads `immediate`: both ask the app.
    @property  # type: ignore[override]
    def _immediate(self) -> bool:
        return self._queue().immediate

    @_immediate.setter
    def _immediate(self, value: bool) -> None:
        if value:
            raise ValueError("Immediate mode belongs to an app: set PORTAL_JOBS_IMMEDIATE")

    @property  # type: ignore[override]
    def immediate(self) -> bool:
        return self._immediate

    @immediate.setter
    def immediate(self, value: bool) -> None:
        self._immediate = value

    def create_storage(self) -> BaseStorage | None:  # type: ignore[override]
        return None  # resolved by the `storage` property when first needed

    @property  # type: ignore[override]
    def storage(self) -> BaseStorage:
        return self._queue().storage

    @storage.setter
    def storage(self, value: BaseStorage | None) -> None:
        """huey's constructor assigns `create_storage()` (None): storage is always resolved."""

    def task(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], TaskWrapper]:
        register = super().task(*args, **kwargs)

        def decorator(func: Callable[..., Any]) -> TaskWrapper:
            wrapper = register(func)
            name = kwargs.get("name") or func.__name__
            if name in self._by_name:
                raise ValueError(f"Two tasks are named {name!r}; services enqueue by name")
            self._by_name[name] = wrapper
            return wrapper

        return decorator

    def read_periodic(self, timestamp: dt.datetime | None) -> list[Any]:
        """The periodic tasks due this minute that no other consumer has enqueued yet.

        Every consumer's scheduler asks once a minute; with several consumers (several machines)
        each would enqueue the nightly run. The first to claim (task, minute) in the shared
        storage enqueues it, the others skip: exactly once per period, whatever the number of
        consumers. A task called directly (a test, "run now") is not affected.
        """
        if timestamp is None:
            timestamp = self._get_timestamp()
        minute = timestamp.replace(second=0, microsecond=0)
        return [task for task in super().read_periodic(timestamp) if self._claim(task.name, minute)]

    def _claim(self, name: str, minute: dt.datetime) -> bool:
        storage = self.storage
        claimed = bool(storage.put_if_empty(_period_key(name, minute), b"1"))
        if claimed:  # claims older than a few minutes are of no use to anyone
            storage.pop_data(_period_key(name, minute - dt.timedelta(minutes=5)))
        return claimed

    def task_named(self, name: str) -> TaskWrapper:
        try:
            return self._by_name[name]
        except KeyError:
            raise LookupError(f"No task {name!r}: is its module imported by portal.jobs?") from None


def _period_key(name: str, minute: dt.datetime) -> str:
    return f"periodic:{name}:{minute:%Y-%m-%dT%H:%M}"


huey = PortalHuey()


def enqueue(task: str, *args: Any, **kwargs: Any) -> None:
    """Queue the task named `task` now (in immediate mode: run it now, in the caller)."""
    huey.task_named(task)(*args, **kwargs)


def schedule(
    task: str, *, args: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None, delay: float
) -> None:
    """Queue the task named `task` to run `delay` seconds from now."""
    huey.task_named(task).schedule(args=args, kwargs=kwargs or {}, delay=delay)
