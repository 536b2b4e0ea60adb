"""Independent register calls side by side, so that a prefill waits for the slowest register only.

A failing register must not spoil the others: its X-Road error becomes a failed `Outcome` and the
page shows what did arrive. Anything else is a bug and propagates.

With a `deadline` the caller gets its answer by then, whatever the registers do: every call sees
the deadline (retries included, `deadline.within`), and a call still running at the end becomes a
`DeadlineExceeded` outcome while its thread is left to finish on its own (a real socket times out
at the deadline; nothing waits for it).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Generic, TypeVar

from portal.integrations.xroad.client import last_message_id
from portal.integrations.xroad.deadline import within
from portal.integrations.xroad.errors import DeadlineExceeded, XRoadError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    value: T | None = None
    error: XRoadError | None = None
    xroad_id: str | None = None  # X-Road-Id of the (last) message the call sent

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def failed(self) -> bool:
        return self.error is not None


def _outcome(call: Callable[[], T]) -> Outcome[T]:
    last_message_id.set(None)
    try:
        return Outcome(value=call(), xroad_id=last_message_id.get())
    except XRoadError as exc:
        return Outcome(error=exc, xroad_id=getattr(exc, "xroad_id", None) or last_message_id.get())


def fetch_all(
    calls: Mapping[str, Callable[[], T]], *, max_workers: int | None = None, deadline: float | None = None
) -> dict[str, Outcome[T]]:
    """Run every call in its own thread and return their outcomes under the same keys, within
    `deadline` seconds for all of them together when given.

    Each call runs in a copy of the caller's context, so context variables (Flask's application
    and request context among them) are visible in the worker threads. A separate copy per call,
    because one context cannot be entered by two threads at once.
    """
    if not calls:
        return {}
    pool = ThreadPoolExecutor(max_workers=max_workers or len(calls), thread_name_prefix="xroad")
    try:
        with within(deadline):
            futures = {
                key: pool.submit(contextvars.copy_context().run, _outcome, call)
                for key, call in calls.items()
            }
        done, _late = wait(futures.values(), timeout=deadline)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # never wait here for a late register
    return {
        key: future.result()
        if future in done
        else Outcome(error=DeadlineExceeded(f"{key}: no answer in time"))
        for key, future in futures.items()
    }
