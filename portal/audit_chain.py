"""The audit trail's tamper evidence: each event stores the hash of the previous event and its own
hash over a canonical form of its content, so editing or deleting a row breaks the chain, and
`flask audit verify` finds where.

Links to people are kept twice: as foreign keys (set to null when a person is erased) and as
pseudonyms (a keyed hash of the national code) that survive erasure; only the pseudonyms are
hashed, so erasure does not break the chain. Pure functions, also used by the migration that
chains the rows written before it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any

GENESIS = "0" * 64

# The canonical form's JSON, one encoder for the process: `json.dumps` with any argument builds a
# new `JSONEncoder` on every call, and an audited page serialised up to seven values a request.
# The same text as `json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))`
# (encoding keeps no state in the encoder, so threads share it).
_CANONICAL_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


# An HMAC-SHA256 object per key with nothing hashed yet, copied for each pseudonym: the key's own
# blocks are hashed once, not per call (2.3 against 5.0 µs for `hmac.digest`, which also looks the
# digest up by name each time; an audited page makes two). Keyed by the key alone (the app's, one
# or two a process), never by a person; a copy is a new object, so threads share the kept one.
_KEYED: dict[bytes, Any] = {}
_KEYED_KEPT = 8


def pseudonym(key: bytes, country: str, national_code: str) -> str:
    """The same person always gets the same pseudonym under one key; without the key it names nobody."""
    keyed = _KEYED.get(key)
    if keyed is None:
        if len(_KEYED) >= _KEYED_KEPT:
            _KEYED.clear()
        keyed = _KEYED[key] = hmac.new(key, digestmod=hashlib.sha256)
    mac = keyed.copy()
    mac.update(f"{country}:{national_code}".encode())
    return mac.hexdigest()[:40]


def pseudonym_key(secret_key: str) -> bytes:
    return hmac.new(secret_key.encode(), b"portal audit pseudonyms", hashlib.sha256).digest()


def canonical(
    *,
    occurred_at: dt.datetime,
    tag: str,
    actor_role: str,
    actor_ref: str | None,
    subject_ref: str | None,
    purpose: str,
    request_id: str | None,
    details: dict[str, Any] | None,
) -> str:
    return _CANONICAL_JSON.encode(
        {
            "occurred_at": occurred_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "tag": str(tag),
            "actor_role": actor_role,
            "actor_ref": actor_ref,
            "subject_ref": subject_ref,
            "purpose": purpose,
            "request_id": request_id,
            "details": details or {},
        }
    )


class CanonicalForm:
    """`canonical` for many events that differ only in their moment and subject (a list's events):
    the shared fields are serialised once, and each event's form is the same text `canonical`
    gives (the keys in sorted order, the same separators), since the chain is verified with it."""

    def __init__(
        self,
        *,
        tag: str,
        actor_role: str,
        actor_ref: str | None,
        purpose: str,
        request_id: str | None,
        details: dict[str, Any] | None,
    ) -> None:
        text = _CANONICAL_JSON.encode
        # Sorted keys: actor_ref, actor_role, details, occurred_at, purpose, request_id, subject_ref, tag.
        self._head = (
            f'{{"actor_ref":{text(actor_ref)},"actor_role":{text(actor_role)},'
            f'"details":{text(details or {})},"occurred_at":"'
        )
        self._middle = f'","purpose":{text(purpose)},"request_id":{text(request_id)},"subject_ref":'
        self._tail = f',"tag":{text(str(tag))}}}'

    def of(self, occurred_at: dt.datetime, subject_ref: str | None) -> str:
        moment = occurred_at.astimezone(dt.UTC).isoformat(timespec="microseconds")
        subject = "null" if subject_ref is None else _CANONICAL_JSON.encode(subject_ref)
        return f"{self._head}{moment}{self._middle}{subject}{self._tail}"


def chain_hash(prev_hash: str, canonical_row: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical_row}".encode()).hexdigest()


# `chain_hash` in SQLite's SQL: an event is hashed onto the chain's end in the statement that writes
# it (`audit_append._one_event`).
SQLITE_FUNCTION = "audit_chain_hash"


def register_sqlite_function(dbapi_connection: Any) -> None:
    dbapi_connection.create_function(SQLITE_FUNCTION, 2, chain_hash, deterministic=True)
