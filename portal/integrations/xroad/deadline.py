"""One deadline for several register calls (a prefill asks all registers within one), retries included.

`within(seconds)` sets it in the current context; `fetch_all` copies the context into its worker
threads, so every call of a prefill sees the same end. The client never starts a try after the
end, gives no single try more time than is left, and stops reading a body that trickles past it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# The monotonic time by which the calls made in this context must be done, retries included (set
# with `within`; `fetch_all` sets it for a prefill). None: only the per-try timeouts apply.
call_deadline: ContextVar[float | None] = ContextVar("xroad_call_deadline", default=None)


@contextmanager
def within(seconds: float | None) -> Iterator[None]:
    """Calls made inside must end within `seconds` (or an enclosing, earlier deadline)."""
    if seconds is None:
        yield
        return
    ends = time.monotonic() + seconds
    outer = call_deadline.get()
    token = call_deadline.set(ends if outer is None else min(outer, ends))
    try:
        yield
    finally:
        call_deadline.reset(token)


def remaining_time() -> float | None:
    ends = call_deadline.get()
    return None if ends is None else ends - time.monotonic()
