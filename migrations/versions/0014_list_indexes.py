"""Indexes for the lists: registrations by state, decisions by review request and by the decision
they supersede or answer (each queue and decision page scanned the whole table without them)

Revision ID: 0014_list_indexes
Revises: 0013_decision_issuer_role
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0014_list_indexes"
down_revision: str | None = "0013_decision_issuer_role"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DECISION_COLUMNS = ("review_requested_at", "supersedes_id", "responds_to_id")


def upgrade() -> None:
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_registration_state"), ["state"], unique=False)
    with op.batch_alter_table("decision", schema=None) as batch_op:
        for column in DECISION_COLUMNS:
            batch_op.create_index(batch_op.f(f"ix_decision_{column}"), [column], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("decision", schema=None) as batch_op:
        for column in reversed(DECISION_COLUMNS):
            batch_op.drop_index(batch_op.f(f"ix_decision_{column}"))
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registration_state"))
