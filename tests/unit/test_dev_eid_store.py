"""The development eID provider's store: what one process issues, another can take, once."""

from __future__ import annotations

import uuid

import pytest

from portal.simulators.dev_eid.store import MemoryStore, RedisStore, SqliteStore
from tests.shared_services import redis_url_or_skip


@pytest.fixture(params=["memory", "sqlite", "redis"])
def stores(request, tmp_path):
    """Two handles on one store, as two worker processes have."""
    if request.param == "memory":
        store = MemoryStore()
        return store, store
    if request.param == "sqlite":
        return SqliteStore(tmp_path / "eid.sqlite3"), SqliteStore(tmp_path / "eid.sqlite3")
    url, prefix = redis_url_or_skip(), f"test-eid:{uuid.uuid4().hex}"
    return RedisStore(url, prefix), RedisStore(url, prefix)


def test_a_code_issued_by_one_process_is_taken_once_by_another(stores):
    first, second = stores
    first.put("code", "abc", {"person": "38001085718"}, ttl=60)
    assert second.get("code", "abc") == {"person": "38001085718"}
    assert second.claim("code", "abc") == {"person": "38001085718"}
    assert first.claim("code", "abc") is None  # one-time, across processes
    assert second.claim("code", "missing") is None


def test_a_login_transaction_is_popped_once(stores):
    first, second = stores
    first.put("transaction", "t1", {"state": "x" * 8}, ttl=60)
    assert second.pop("transaction", "t1") == {"state": "x" * 8}
    assert first.pop("transaction", "t1") is None


def test_every_process_signs_with_the_keys_the_first_one_set(stores):
    first, second = stores
    assert first.keys([{"kid": "a"}]) == [{"kid": "a"}]
    assert second.keys([{"kid": "b"}]) == [{"kid": "a"}]
    second.set_keys([{"kid": "c"}, {"kid": "a"}])
    assert first.keys([{"kid": "d"}]) == [{"kid": "c"}, {"kid": "a"}]


def test_entries_expire(stores):
    first, second = stores
    first.put("code", "gone", {"x": 1}, ttl=-1)
    assert second.get("code", "gone") is None and second.claim("code", "gone") is None
