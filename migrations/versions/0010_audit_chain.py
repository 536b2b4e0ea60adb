"""Audit trail: pseudonyms that survive erasure, a hash chain, and (PostgreSQL) an application
role that may only INSERT and SELECT on the audit tables

Revision ID: 0010_audit_chain
Revises: 0009_acting_alone_register_names
Create Date: 2026-12-03

The grants are made when `PORTAL_DATABASE_APP_ROLE` names the role the running portal connects
as (docs/operations.md, "Database roles"); `flask db grant ROLE` makes them later. On SQLite there
are no roles and nothing is granted. Events written before this revision are chained here, in id
order, without pseudonyms (the key is the portal's secret, unknown to a migration).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from portal import audit_chain
from portal.database_roles import APP_ROLE_SETTING, grant_application_role

revision: str = "0010_audit_chain"
down_revision: str | None = "0009_acting_alone_register_names"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "actor_ref",
                sa.String(length=40),
                nullable=True,
                comment="pseudonym of the actor (keyed hash of the national code); survives erasure",
            )
        )
        batch_op.add_column(
            sa.Column(
                "subject_ref",
                sa.String(length=40),
                nullable=True,
                comment="pseudonym of the subject; survives erasure",
            )
        )
        batch_op.add_column(
            sa.Column(
                "prev_hash", sa.String(length=64), nullable=True, comment="row_hash of the event before"
            )
        )
        batch_op.add_column(
            sa.Column(
                "row_hash",
                sa.String(length=64),
                nullable=True,
                comment="sha256 of prev_hash and this event's canonical content (portal/audit_chain.py)",
            )
        )
    _chain_existing_events()
    bind = op.get_bind()
    role = os.environ.get(APP_ROLE_SETTING, "").strip()
    if bind.dialect.name == "postgresql" and role:
        grant_application_role(bind, role)


def _chain_existing_events() -> None:
    bind = op.get_bind()
    events = sa.table(
        "audit_event",
        sa.column("id", sa.Integer),
        sa.column("occurred_at", sa.DateTime(timezone=True)),
        sa.column("tag", sa.String),
        sa.column("actor_role", sa.String),
        sa.column("purpose", sa.String),
        sa.column("request_id", sa.String),
        sa.column("details", sa.JSON),
        sa.column("prev_hash", sa.String),
        sa.column("row_hash", sa.String),
    )
    prev = audit_chain.GENESIS
    for row in bind.execute(sa.select(events).order_by(events.c.id)).mappings().all():
        occurred_at = row["occurred_at"]
        if occurred_at.tzinfo is None:  # SQLite keeps no offset; stored values are UTC
            occurred_at = occurred_at.replace(tzinfo=dt.UTC)
        row_hash = audit_chain.chain_hash(
            prev,
            audit_chain.canonical(
                occurred_at=occurred_at,
                tag=row["tag"],
                actor_role=row["actor_role"],
                actor_ref=None,
                subject_ref=None,
                purpose=row["purpose"],
                request_id=row["request_id"],
                details=row["details"],
            ),
        )
        bind.execute(
            events.update().where(events.c.id == row["id"]).values(prev_hash=prev, row_hash=row_hash)
        )
        prev = row_hash


def downgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_column("row_hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("subject_ref")
        batch_op.drop_column("actor_ref")
