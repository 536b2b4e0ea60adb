"""Audit trail: one event appended to the chain in one round trip on PostgreSQL (issue 18)

A case page writes one audit event in a transaction of its own: BEGIN, the chain's advisory lock,
the INSERT that reads the chain's end and hashes onto it, COMMIT — four round trips, each ~0.15 ms
of the server's CPU besides the client's. `audit_append_one` does the lock and the INSERT in one
call, made outside a transaction (the connection is in autocommit), so the call is the
transaction: one round trip.

Why it is correct under concurrency: the function is VOLATILE, and under READ COMMITTED a
volatile PL/pgSQL function takes a new snapshot for each statement it runs, so the read of the
chain's end, run after the lock is granted, sees every event committed by the lock's previous
holder (which commits before its transaction-scoped lock is released). The lock is the one every
other append takes (`portal.services.audit_append.CHAIN_LOCK_KEY`), so all paths stay serialised.
The hash is `audit_chain.chain_hash`: SHA-256 of the end, a newline and the canonical form, as
UTF-8, in hex. SECURITY INVOKER (the default): the caller's rights to the table apply, so the
application role may still only add and read events.

SQLite: nothing (the portal's SQLite path writes the event with one INSERT in its own transaction).

Revision ID: 0046_audit_append_one
Revises: 0045_search_entry_places
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0046_audit_append_one"
down_revision: str | None = "0045_search_entry_places"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here as they are at this revision: portal.services.audit_append.CHAIN_LOCK_KEY and
# portal.audit_chain.GENESIS.
CHAIN_LOCK_KEY = 0x617564697400
GENESIS = "0" * 64

CREATE = f"""
CREATE FUNCTION audit_append_one(
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
) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    chain_end text;
BEGIN
    PERFORM pg_advisory_xact_lock({CHAIN_LOCK_KEY});
    -- A new statement, so a new snapshot: taken after the lock was granted.
    SELECT row_hash INTO chain_end FROM audit_event ORDER BY id DESC LIMIT 1;
    chain_end := COALESCE(chain_end, '{GENESIS}');
    INSERT INTO audit_event (
        occurred_at, tag, actor_person_id, actor_role, subject_person_id, purpose, request_id,
        details, actor_ref, subject_ref, prev_hash, row_hash
    ) VALUES (
        p_occurred_at, p_tag, p_actor_person_id, p_actor_role, p_subject_person_id, p_purpose,
        p_request_id, p_details, p_actor_ref, p_subject_ref, chain_end,
        encode(sha256(convert_to(chain_end || chr(10) || p_canonical, 'UTF8')), 'hex')
    );
END
$$
"""  # noqa: S608  (this file's constants, no input)

SIGNATURE = "audit_append_one(timestamptz, text, integer, text, integer, text, text, json, text, text, text)"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(CREATE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION {SIGNATURE}")
