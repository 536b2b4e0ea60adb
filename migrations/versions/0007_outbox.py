"""transactional outbox

Revision ID: 0007_outbox
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.models.base

revision: str = "0007_outbox"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "topic", sa.String(length=60), nullable=False, comment="names the handler, e.g. inbox.notice"
        ),
        sa.Column(
            "key",
            sa.String(length=100),
            nullable=True,
            comment="rows with the same key are handed to their handler together",
        ),
        sa.Column("payload", sa.JSON(), nullable=False, comment="ids only, no personal data"),
        sa.Column(
            "created_at",
            portal.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "due_at",
            portal.models.base.UTCDateTime(timezone=True),
            nullable=False,
            comment="not sent before; moved on a retry",
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column(
            "claimed_until",
            portal.models.base.UTCDateTime(timezone=True),
            nullable=True,
            comment="a sender's lease; expired = free",
        ),
        sa.Column("sent_at", portal.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "failed_at",
            portal.models.base.UTCDateTime(timezone=True),
            nullable=True,
            comment="given up after the last attempt",
        ),
        sa.Column(
            "last_error", sa.String(length=300), nullable=True, comment="error class only, no personal data"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_message")),
    )
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_message_pending", ["sent_at", "failed_at", "due_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_message_pending")
    op.drop_table("outbox_message")
