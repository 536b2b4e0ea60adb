"""The garbage collector in a gunicorn worker: what the worker builds for itself is frozen once built.

The master freezes the preloaded app before it forks (`gunicorn.conf.py`, `pre_fork`), so a worker's
collector starts with nothing to scan. Then each worker fills its own caches on its first views of
each page (compiled SQL and templates, kept figures and results, metrics' values): after the
bench's 64 pages about 72,000 objects the collector can reach, against none at the start, and a
full (generation 2) collection scans all of them, holding the GIL while the worker's other threads
wait. Over a long run its CPU grew from 8 to 48 ms (docs/performance.md, "A worker's garbage
collector, twelfth pass"). Those caches are bounded and stay: `freeze_survivors`, run after every
full collection, moves what survived it out of the collector's reach once enough has accumulated,
and later full collections scan only what is newer.

What a frozen object costs if it later becomes garbage: nothing when its reference count frees it;
a cycle of frozen objects (an evicted compiled template, the objects of a request that was in
flight at the freeze) is never collected. So a worker freezes only when at least `FREEZE_AT`
objects survived (in steady state a full collection finds only the requests in flight, a few
thousand) and at most `MAX_FREEZES` times: what it can leave behind is bounded by what it froze.
"""

from __future__ import annotations

import gc
from typing import Any

FREEZE_AT = 10_000  # objects a full collection leaves that are worth freezing (~3 ms of scanning each time)
MAX_FREEZES = 10  # per worker: bounds what frozen cycles can keep alive


class _Freezer:
    def __init__(self) -> None:
        self.freezes = 0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase != "stop" or info["generation"] != 2 or self.freezes >= MAX_FREEZES:
            return
        # After a full collection every survivor is in the oldest generation.
        if len(gc.get_objects(generation=2)) >= FREEZE_AT:
            gc.freeze()
            self.freezes += 1


def install() -> None:
    """In a forked worker (`post_fork`): freeze what its full collections keep finding alive."""
    if not any(isinstance(callback, _Freezer) for callback in gc.callbacks):
        gc.callbacks.append(_Freezer())


def uninstall() -> None:
    gc.callbacks[:] = [callback for callback in gc.callbacks if not isinstance(callback, _Freezer)]
