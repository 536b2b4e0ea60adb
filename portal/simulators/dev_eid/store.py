"""Where the development eID provider keeps its logins, codes, access tokens and signing keys.

TARA is one service however many portal processes ask it; the development provider runs inside
each portal process, so with several workers (gunicorn) or several instances the code issued by
one must be exchangeable at another, and all must sign with the same keys. In memory for a single
process (the tests' own providers); a SQLite file in the instance folder for several workers on one
machine (`make run`, the bench); Redis when the portal has one (several machines).

Values are JSON objects. Each entry also expires by itself (`ttl` seconds), so nothing piles up;
the provider still checks its own deadlines in the values, against its own clock.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Protocol

Value = dict[str, Any]
KEYS = "signing-keys"


class ProviderStore(Protocol):
    def put(self, kind: str, key: str, value: Value, ttl: int) -> None: ...

    def get(self, kind: str, key: str) -> Value | None: ...

    def pop(self, kind: str, key: str) -> Value | None: ...

    def claim(self, kind: str, key: str) -> Value | None:
        """The value the first time it is claimed; None for a missing or already claimed entry."""

    def keys(self, initial: list[Value]) -> list[Value]:
        """The signing keys (JWKs), set to `initial` if no process has set them yet."""

    def set_keys(self, keys: list[Value]) -> None: ...


class MemoryStore:
    """One process's dictionaries (the single-process default)."""

    def __init__(self, clock=time.time) -> None:
        self._entries: dict[tuple[str, str], tuple[Value, float, bool]] = {}
        self._keys: list[Value] | None = None
        self._lock = threading.Lock()
        self._clock = clock

    def put(self, kind: str, key: str, value: Value, ttl: int) -> None:
        with self._lock:
            now = self._clock()
            self._entries = {k: v for k, v in self._entries.items() if v[1] > now}
            self._entries[(kind, key)] = (value, now + ttl, False)

    def _live(self, kind: str, key: str) -> tuple[Value, float, bool] | None:
        entry = self._entries.get((kind, key))
        return entry if entry and entry[1] > self._clock() else None

    def get(self, kind: str, key: str) -> Value | None:
        with self._lock:
            entry = self._live(kind, key)
        return entry[0] if entry else None

    def pop(self, kind: str, key: str) -> Value | None:
        with self._lock:
            entry = self._live(kind, key)
            self._entries.pop((kind, key), None)
        return entry[0] if entry else None

    def claim(self, kind: str, key: str) -> Value | None:
        with self._lock:
            entry = self._live(kind, key)
            if entry is None or entry[2]:
                return None
            self._entries[(kind, key)] = (entry[0], entry[1], True)
        return entry[0]

    def keys(self, initial: list[Value]) -> list[Value]:
        with self._lock:
            if self._keys is None:
                self._keys = initial
            return self._keys

    def set_keys(self, keys: list[Value]) -> None:
        with self._lock:
            self._keys = keys


class SqliteStore:
    """A SQLite file shared by the processes of one machine (WAL; one short transaction a call)."""

    def __init__(self, path: Path) -> None:
        self._path = str(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS entry (kind TEXT, key TEXT, value TEXT, expires REAL,"
                " claimed INTEGER DEFAULT 0, PRIMARY KEY (kind, key))"
            )

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self._path, timeout=10, isolation_level=None)

    def put(self, kind: str, key: str, value: Value, ttl: int) -> None:
        now = time.time()
        with self._connect() as db:
            db.execute("DELETE FROM entry WHERE expires < ?", (now,))
            db.execute(
                "INSERT OR REPLACE INTO entry (kind, key, value, expires, claimed) VALUES (?, ?, ?, ?, 0)",
                (kind, key, json.dumps(value), now + ttl),
            )

    def get(self, kind: str, key: str) -> Value | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT value FROM entry WHERE kind = ? AND key = ? AND expires >= ?",
                (kind, key, time.time()),
            ).fetchone()
        return json.loads(row[0]) if row else None

    def pop(self, kind: str, key: str) -> Value | None:
        with self._connect() as db:
            row = db.execute(
                "DELETE FROM entry WHERE kind = ? AND key = ? AND expires >= ? RETURNING value",
                (kind, key, time.time()),
            ).fetchone()
        return json.loads(row[0]) if row else None

    def claim(self, kind: str, key: str) -> Value | None:
        with self._connect() as db:
            row = db.execute(
                "UPDATE entry SET claimed = 1 WHERE kind = ? AND key = ? AND claimed = 0 AND expires >= ?"
                " RETURNING value",
                (kind, key, time.time()),
            ).fetchone()
        return json.loads(row[0]) if row else None

    def keys(self, initial: list[Value]) -> list[Value]:
        with self._connect() as db:
            db.execute(
                "INSERT OR IGNORE INTO entry (kind, key, value, expires) VALUES (?, '', ?, 1e18)",
                (KEYS, json.dumps(initial)),
            )
            row = db.execute("SELECT value FROM entry WHERE kind = ? AND key = ''", (KEYS,)).fetchone()
        return json.loads(row[0])

    def set_keys(self, keys: list[Value]) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO entry (kind, key, value, expires) VALUES (?, '', ?, 1e18)",
                (KEYS, json.dumps(keys)),
            )


class RedisStore:
    """Redis, shared by every instance that uses it (keys under `prefix`)."""

    def __init__(self, url: str, prefix: str = "dev-eid") -> None:
        import redis

        self._redis = redis.Redis.from_url(url)
        self._prefix = prefix

    def _key(self, kind: str, key: str) -> str:
        return f"{self._prefix}:{kind}:{key}"

    def put(self, kind: str, key: str, value: Value, ttl: int) -> None:
        if ttl <= 0:
            self._redis.delete(self._key(kind, key))
            return
        self._redis.set(self._key(kind, key), json.dumps(value), ex=ttl)

    def get(self, kind: str, key: str) -> Value | None:
        raw = self._redis.get(self._key(kind, key))
        return json.loads(raw) if raw else None

    def pop(self, kind: str, key: str) -> Value | None:
        raw = self._redis.getdel(self._key(kind, key))
        return json.loads(raw) if raw else None

    def claim(self, kind: str, key: str) -> Value | None:
        name = self._key(kind, key)
        ttl = self._redis.ttl(name)
        if ttl is None or ttl < 1 or not self._redis.set(f"{name}:claimed", 1, nx=True, ex=ttl):
            return None
        return self.get(kind, key)

    def keys(self, initial: list[Value]) -> list[Value]:
        name = self._key(KEYS, "")
        self._redis.set(name, json.dumps(initial), nx=True)
        return json.loads(self._redis.get(name))

    def set_keys(self, keys: list[Value]) -> None:
        self._redis.set(self._key(KEYS, ""), json.dumps(keys))
