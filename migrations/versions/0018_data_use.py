"""Data use (issue 17): "my data" exports, the person's anonymisation mark, and the indexes the
reports filter on (registrations by submission, decisions by issue)

Revision ID: 0018_data_use
Revises: 0017_offers
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from portal.models.base import UTCDateTime

revision: str = "0018_data_use"
down_revision: str | None = "0017_offers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "data_export",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False, comment="the PDF summary's language"),
        sa.Column(
            "state",
            sa.Enum("pending", "ready", "failed", name="exportstate", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("requested_at", UTCDateTime(), nullable=False),
        sa.Column("ready_at", UTCDateTime(), nullable=True),
        sa.Column("expires_at", UTCDateTime(), nullable=False, comment="deleted by the retention job after"),
        sa.Column("json_content", sa.LargeBinary(), nullable=True),
        sa.Column("pdf_content", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_data_export_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_export")),
    )
    with op.batch_alter_table("data_export", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_data_export_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_data_export_expires_at"), ["expires_at"], unique=False)
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "anonymised_at",
                UTCDateTime(),
                nullable=True,
                comment="set by the retention job: names, birth date and code replaced (docs/data-use.md)",
            )
        )
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_registration_submitted_at"), ["submitted_at"], unique=False)
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_issued_at"), ["issued_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_issued_at"))
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registration_submitted_at"))
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("anonymised_at")
    with op.batch_alter_table("data_export", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_data_export_expires_at"))
        batch_op.drop_index(batch_op.f("ix_data_export_person_id"))
    op.drop_table("data_export")
