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
import uuid
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


class RedisBreakerBoard(BreakerBoard):
    """The same breakers kept in Redis, so every instance learns when a register is down.

    Wall-clock time (instances share no monotonic clock). Failures are a sorted set per register;
    an open breaker is a key that expires by itself; the half-open trial is a `SET NX`, so one
    instance in the whole deployment makes it. If Redis itself fails, calls are let through:
    the breaker protects the registers and our waiting time, it must not stop the service.
    """

    def __init__(
        self,
        url: str,
        policy: BreakerPolicy | None = None,
        clock: Callable[[], float] = time.time,
        prefix: str = "breaker",
    ) -> None:
        import redis

        super().__init__(policy, clock)
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._prefix = prefix
        self._errors = redis.RedisError

    def _keys(self, key: str) -> tuple[str, str, str]:
        base = f"{self._prefix}:{key}"
        return f"{base}:failures", f"{base}:open", f"{base}:trial"

    def allow(self, key: str) -> bool:
        if not self.policy.enabled:
            return True
        _, opened, trial = self._keys(key)
        try:
            open_until = self._redis.get(opened)
            if open_until is None:
                return True
            if self._clock() < float(open_until):
                return False
            return bool(self._redis.set(trial, 1, nx=True, ex=max(1, int(self.policy.cooldown))))
        except self._errors:
            log.warning("Breaker store unreachable; letting the call to %s through", key)
            return True

    def succeeded(self, key: str) -> None:
        failures, opened, trial = self._keys(key)
        try:
            if self._redis.delete(opened, trial):
                log.info("Circuit for %s closed: the register answers again", key)
            self._redis.delete(failures)
        except self._errors:
            pass

    def failed(self, key: str) -> None:
        if not self.policy.enabled:
            return
        failures, opened, trial = self._keys(key)
        now = self._clock()
        hold = int(self.policy.cooldown + self.policy.window) + 1
        try:
            if self._redis.exists(opened):  # the trial failed: open for another cooldown
                self._redis.set(opened, now + self.policy.cooldown, ex=hold)
                self._redis.delete(trial)
                return
            pipe = self._redis.pipeline()
            pipe.zadd(failures, {f"{now}:{uuid.uuid4().hex[:8]}": now})
            pipe.zremrangebyscore(failures, "-inf", now - self.policy.window)
            pipe.zcard(failures)
            pipe.expire(failures, int(self.policy.window) + 1)
            count = pipe.execute()[2]
            if count >= self.policy.failures:
                self._redis.set(opened, now + self.policy.cooldown, ex=hold)
                self._redis.delete(failures)
                log.warning(
                    "Circuit for %s open for %.0f s after %d failures", key, self.policy.cooldown, count
                )
        except self._errors:
            pass

    def is_open(self, key: str) -> bool:
        try:
            return bool(self._redis.exists(self._keys(key)[1]))
        except self._errors:
            return False
