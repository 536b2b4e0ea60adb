"""Audit trail: the chain's lock is freed before the disk write (issue 18)

`audit_append_one` (migration 0046) took the chain's advisory lock, appended the event and
committed; a transaction-scoped lock is released only after the commit's WAL is flushed, so every
audited page of every worker waited in line for the previous append's disk write (an fdatasync,
3-5 ms on the bench machine): at most ~200 appends a second in all. The function now sets
`synchronous_commit` off for its own transaction, so its commit, and with it the lock's release,
does not wait for the disk. The caller then waits for the disk without the lock
(`portal.services.audit_append.DISK_WAIT`: a transaction that writes WAL commits synchronously, and
its commit waits for the WAL up to its own commit record, the append's included). So an event is
still on disk before the page that wrote it answers; what changes is that the waits overlap.

Anyone calling `audit_append_one` must wait for the flush the same way before relying on the event
being durable.

Revision ID: 0054_audit_append_unflushed
Revises: 0047_search_entry_counties
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0054_audit_append_unflushed"
down_revision: str | None = "0047_search_entry_counties"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here as they are at this revision: portal.services.audit_append.CHAIN_LOCK_KEY and
# portal.audit_chain.GENESIS.
CHAIN_LOCK_KEY = 0x617564697400
GENESIS = "0" * 64

# What this revision adds to 0046's body (the downgrade takes it out again).
UNFLUSHED = """\
    -- This transaction's commit does not wait for the disk: the caller waits afterwards, without
    -- the chain's lock (see the migration).
    PERFORM set_config('synchronous_commit', 'off', true);
"""

FUNCTION = f"""
CREATE OR REPLACE FUNCTION audit_append_one(
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
{UNFLUSHED}    PERFORM pg_advisory_xact_lock({CHAIN_LOCK_KEY});
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


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTION.replace(UNFLUSHED, "", 1))
