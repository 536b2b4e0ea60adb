"""The shared services a multi-instance deployment uses (Redis), for the tests that need them.

CI and the development machine run Redis at 127.0.0.1:6379; `PORTAL_TEST_REDIS_URL` names another.
The tests use database 15 and their own key prefixes, so they never touch a running portal's keys.
"""

from __future__ import annotations

import os

import pytest

REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_url_or_skip() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {error}")
    return REDIS_URL
