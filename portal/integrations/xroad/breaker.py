"""A circuit breaker per register: after repeated failures, stop asking for a while.

A register that times out makes every prefill wait for it. After `failures` failed tries within
`window` seconds the breaker opens: calls to that register fail at once (`CircuitOpen`, the person
goes straight to manual entry) for `cooldown` seconds. Then one trial call is let through
(half-open): an answer closes the breaker, another failure opens it again.

Only faults of the way or the provider count (timeouts, unreachable, 5xx, `Server.*`, 429): an answer
about the request or the person (404, 400, a malformed or mismatched answer) says the register is
up. The state is in-process, per worker; `BreakerBoard` keeps it behind a small interface so that a
shared store (Redis) can replace the dictionary when several hosts should learn together.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BreakerPolicy:
    failures: int = 5  # failed tries within the window that open the breaker
    window: float = 60.0  # seconds
    cooldown: float = 30.0  # seconds open before one trial call

    @property
    def enabled(self) -> bool:
        return self.failures > 0


@dataclass
class _State:
    failures: deque[float] = field(default_factory=deque)
    open_until: float | None = None  # monotonic time; None: closed
    trial_running: bool = False


class BreakerBoard:
    """One breaker per key (the service id), sharing a policy and a clock."""

    def __init__(
        self, policy: BreakerPolicy | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.policy = policy or BreakerPolicy()
        self._clock = clock
        self._lock = threading.Lock()
        self._states: dict[str, _State] = {}

    def allow(self, key: str) -> bool:
        """Whether a call may go out now; while open, only one trial after the cooldown."""
        if not self.policy.enabled:
            return True
        now = self._clock()
        with self._lock:
            state = self._states.get(key)
            if state is None or state.open_until is None:
                return True
            if now < state.open_until or state.trial_running:
                return False
            state.trial_running = True  # half-open: this caller is the trial
            return True

    def succeeded(self, key: str) -> None:
        with self._lock:
            state = self._states.get(key)
            if state is None:
                return
            if state.open_until is not None:
                log.info("Circuit for %s closed: the register answers again", key)
            self._states.pop(key, None)

    def failed(self, key: str) -> None:
        if not self.policy.enabled:
            return
        now = self._clock()
        with self._lock:
            state = self._states.setdefault(key, _State())
            if state.open_until is not None:  # the trial failed: open for another cooldown
                state.open_until = now + self.policy.cooldown
                state.trial_running = False
                return
            state.failures.append(now)
            while state.failures and state.failures[0] <= now - self.policy.window:
                state.failures.popleft()
            if len(state.failures) >= self.policy.failures:
                state.open_until = now + self.policy.cooldown
                state.failures.clear()
                log.warning(
                    "Circuit for %s open for %.0f s after %d failures within %.0f s",
                    key,
                    self.policy.cooldown,
                    self.policy.failures,
                    self.policy.window,
                )

    def is_open(self, key: str) -> bool:
        with self._lock:
            state = self._states.get(key)
            return state is not None and state.open_until is not None
