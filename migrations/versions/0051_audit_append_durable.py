"""Audit trail: a batch of events appended and waited for on disk in one round trip (issue 18)

An audited page on PostgreSQL appended its event with one call of `audit_append_one` (migration
0046, which commits without waiting for the disk since 0054, so the chain's lock is freed at once)
and then waited for the disk in a second statement (`pg_logical_emit_message`, whose synchronous
commit returns only once the WAL up to it is flushed): two round trips, each ~0.15 ms of the
server's CPU besides the client's. A batch of several events (a list's rows, or the events of
several requests a worker's threads append together) took six: BEGIN, the lock, the chain's end,
the rows, COMMIT, the wait.

`audit_append_durable` does all of it in one CALL. A procedure may end transactions when it is
called outside one (the pool's connections are in autocommit, and the portal sends no BEGIN before
it), so it runs two:

1. the append, as before: `synchronous_commit` off for this transaction alone, the chain's advisory
   lock, the chain's end read in a statement after the lock was granted (READ COMMITTED: a new
   snapshot, so the end is the newest committed one), each event hashed onto the one before it
   (`audit_chain.chain_hash`: SHA-256 of the previous hash, a newline and the canonical form, as
   UTF-8, in hex), the rows inserted in their order, then COMMIT, which frees the lock without
   waiting for the disk;
2. the wait: a transactional `pg_logical_emit_message` in a new transaction, which commits with
   the connection's own setting (on: `SET LOCAL` ended with the first transaction), so the CALL
   returns only once the WAL up to this commit record, the append's before it, is on disk (and on a
   synchronous standby where one is configured). Concurrent waits share one flush.

If the append fails, nothing was written and the wait does not run; if the wait fails, the events
are committed but the caller gets the error (as with two statements).

Two forms: one event's columns and canonical form (a page's event; its append is 0046's
`audit_append_one`, as before), or arrays of them, one element per event in chain order (a list's
events, or several requests' appended together; the driver's lists cost the client more, so one
event is not sent as arrays). SECURITY INVOKER (the default): the caller's rights to the table
apply, so the application role may still only add and read events. EXECUTE is PUBLIC's, as for
any routine.

SQLite: nothing.

Revision ID: 0051_audit_append_durable
Revises: 0049_search_fts_prefix
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0051_audit_append_durable"
down_revision: str | None = "0049_search_fts_prefix"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here as they are at this revision: portal.services.audit_append.CHAIN_LOCK_KEY,
# portal.services.audit_append.DISK_WAIT's message and portal.audit_chain.GENESIS.
CHAIN_LOCK_KEY = 0x617564697400
GENESIS = "0" * 64

# The wait, the procedures' last statement.
DISK_WAIT = "PERFORM pg_logical_emit_message(true, 'pes.audit_event', 'flushed');"

CREATE_ONE = f"""
CREATE PROCEDURE audit_append_durable(
    p_occurred_at timestamptz,
    p_tag text,
    p_actor_person_id integer,
    p_actor_role text,
    p_subject_person_id integer,
    p_purpose text,
    p_request_id text,
    p_details json,
    p_actor_ref text,
    p_subject_ref text,
    p_canonical text
)
LANGUAGE plpgsql AS $$
BEGIN
    -- 1. The append (migration 0054: its commit does not wait for the disk, so the lock is freed
    -- at once).
    PERFORM audit_append_one(
        p_occurred_at, p_tag, p_actor_person_id, p_actor_role, p_subject_person_id, p_purpose,
        p_request_id, p_details, p_actor_ref, p_subject_ref, p_canonical
    );
    COMMIT;
    -- 2. The wait: a transaction of its own, committed synchronously (the append's setting ended
    -- with its transaction), returns once the WAL up to it, the append's included, is on disk.
    {DISK_WAIT}
END
$$
"""

CREATE_MANY = f"""
CREATE PROCEDURE audit_append_durable(
    p_occurred_at timestamptz[],
    p_tag text[],
    p_actor_person_id integer[],
    p_actor_role text[],
    p_subject_person_id integer[],
    p_purpose text[],
    p_request_id text[],
    p_details json[],
    p_actor_ref text[],
    p_subject_ref text[],
    p_canonical text[]
)
LANGUAGE plpgsql AS $$
DECLARE
    chain_end text;
    prev_hashes text[];
    row_hashes text[];
BEGIN
    -- 1. The append: its commit does not wait for the disk, so the lock is freed at once.
    PERFORM set_config('synchronous_commit', 'off', true);
    PERFORM pg_advisory_xact_lock({CHAIN_LOCK_KEY});
    -- A new statement, so a new snapshot: taken after the lock was granted.
    SELECT row_hash INTO chain_end FROM audit_event ORDER BY id DESC LIMIT 1;
    chain_end := COALESCE(chain_end, '{GENESIS}');
    FOR i IN 1 .. cardinality(p_canonical) LOOP
        prev_hashes[i] := chain_end;
        chain_end := encode(sha256(convert_to(chain_end || chr(10) || p_canonical[i], 'UTF8')), 'hex');
        row_hashes[i] := chain_end;
    END LOOP;
    INSERT INTO audit_event (
        occurred_at, tag, actor_person_id, actor_role, subject_person_id, purpose, request_id,
        details, actor_ref, subject_ref, prev_hash, row_hash
    )
    SELECT
        e.occurred_at, e.tag, e.actor_person_id, e.actor_role, e.subject_person_id, e.purpose,
        e.request_id, e.details, e.actor_ref, e.subject_ref, e.prev_hash, e.row_hash
    FROM unnest(
        p_occurred_at, p_tag, p_actor_person_id, p_actor_role, p_subject_person_id, p_purpose,
        p_request_id, p_details, p_actor_ref, p_subject_ref, prev_hashes, row_hashes
    ) WITH ORDINALITY AS e(
        occurred_at, tag, actor_person_id, actor_role, subject_person_id, purpose, request_id,
        details, actor_ref, subject_ref, prev_hash, row_hash, position
    )
    ORDER BY e.position;  -- ids in chain order
    COMMIT;
    -- 2. The wait: a transaction of its own, committed synchronously (the setting above ended with
    -- the append's transaction), returns once the WAL up to it, the append's included, is on disk.
    {DISK_WAIT}
END
$$
"""  # noqa: S608  (this file's constants, no input)

SIGNATURES = (
    "audit_append_durable(timestamptz, text, integer, text, integer, text, text, json, text, text, text)",
    "audit_append_durable(timestamptz[], text[], integer[], text[], integer[], text[], text[], json[],"
    " text[], text[], text[])",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(CREATE_ONE)
        op.execute(CREATE_MANY)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for signature in SIGNATURES:
            op.execute(f"DROP PROCEDURE {signature}")
