"""Flask-Limiter, paying only on the requests a limit applies to.

Flask-Limiter checks every request in a `before_request` hook, for the limits that apply to every
request: application-wide, default, per-blueprint and meta limits. A view's own limits
(`@limiter.limit(...)`) are checked by the view's wrapper when the view is called, not by that hook.
The portal declares only views' limits, so the hook resolved, on every page and static file, an
empty list of limits (about 0.15 ms of CPU, 7% of the start page), and its `after_request` and
teardown hooks made and cleared a per-request context no limit had used.

`PortalLimiter` runs the hook's check only while some limit applies to every request (or the
in-memory fallback is configured), and its after-request and teardown hooks only in requests where
Flask-Limiter made its context (a limited view ran, or the check did). A limit declared later, on a
blueprint or as a default, is seen at the next request. Counting, the `X-RateLimit-*` headers and
the 429 answer are Flask-Limiter's own, unchanged (`tests/unit/test_rate_limits.py`).

The embedded default keeps the counters in each process (`portal-memory://`, `SweptMemoryStorage`;
Redis when `PORTAL_REDIS_URL` is set). limits' memory storage removes expired counters in a timer
thread it starts again at every counted request once the previous timer (10 ms) has run: a new
thread per anonymous search or verification lookup, about 0.35 ms of CPU each. Expired counters are
already ignored when read; `SweptMemoryStorage` removes them at most once a second, in the request
that finds the sweep due, without a thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import partial, wraps
from typing import Any

import flask
from flask_limiter import Limiter
from limits.storage import MemoryStorage

_CONTEXT = "_limiter_request_context"  # where Flask-Limiter keeps its per-request state


def _request_used_limiter() -> bool:
    # The request's context from its context variable, and its own attributes: `hasattr` through
    # the proxy raised and discarded an AttributeError for every request that used no limit.
    context = flask.globals._cv_request.get(None)
    return context is not None and _CONTEXT in context.__dict__


def _only_when_used(hook: Callable[..., Any], passes_through: bool) -> Callable[..., Any]:
    @wraps(hook)
    def run(value: Any) -> Any:
        if _request_used_limiter():
            return hook(value)
        return value if passes_through else None

    return run


class PortalLimiter(Limiter):
    def init_app(self, app: flask.Flask) -> None:
        super().init_app(app)
        own = self._Limiter__release_context  # type: ignore[attr-defined]
        after = app.after_request_funcs.setdefault(None, [])
        for index, hook in enumerate(after):
            if isinstance(hook, partial) and hook.args == (self,):  # the headers of `current_limit`
                after[index] = _only_when_used(hook, passes_through=True)
        teardown = app.teardown_request_funcs.setdefault(None, [])
        for index, hook in enumerate(teardown):
            if hook == own:
                teardown[index] = _only_when_used(hook, passes_through=False)

    def _limits_for_every_request(self) -> bool:
        manager = self.limit_manager
        return bool(
            manager._application_limits
            or manager._default_limits
            or manager._blueprint_limits
            or self._meta_limits
            or self._in_memory_fallback_enabled
        )

    def _check_request_limit(self, callable_name: str | None = None, in_middleware: bool = True) -> None:
        if in_middleware and not self._limits_for_every_request():
            return  # a view's own limits are checked by its wrapper
        super()._check_request_limit(callable_name=callable_name, in_middleware=in_middleware)


class SweptMemoryStorage(MemoryStorage):
    """limits' memory storage, its expired counters swept inline at most every `SWEEP_SECONDS`."""

    STORAGE_SCHEME = ["portal-memory"]
    SWEEP_SECONDS = 1.0

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: str) -> None:
        self._next_sweep = 0.0
        self._sweeping = threading.Lock()
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    def _MemoryStorage__schedule_expiry(self) -> None:
        # Replaces the storage's own, which started a timer thread (MemoryStorage.incr and
        # acquire_entry call it on every hit).
        now = time.monotonic()
        if now < self._next_sweep or not self._sweeping.acquire(blocking=False):
            return
        try:
            self._next_sweep = now + self.SWEEP_SECONDS
            self._MemoryStorage__expire_events()  # type: ignore[attr-defined]
        finally:
            self._sweeping.release()
