"""employer messages: the company's inbox about its vacancies (published, returned, expired)

Revision ID: 0019_employer_messages
Revises: 0018_data_use
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.models.base

revision: str = "0019_employer_messages"
down_revision: str | None = "0018_data_use"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "employer_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_code", sa.String(length=20), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind", sa.String(length=40), nullable=False, comment="vacancy_published, vacancy_returned, ..."
        ),
        sa.Column("reason", sa.Text(), nullable=True, comment="a counsellor's reason, shown to the company"),
        sa.Column("created_at", portal.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", portal.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "notified_at",
            portal.models.base.UTCDateTime(timezone=True),
            nullable=True,
            comment="when the e-mail went out",
        ),
        sa.ForeignKeyConstraint(
            ["employer_code"],
            ["employer_company.registry_code"],
            name=op.f("fk_employer_message_employer_code_employer_company"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vacancy_id"],
            ["vacancy.id"],
            name=op.f("fk_employer_message_vacancy_id_vacancy"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_message")),
    )
    with op.batch_alter_table("employer_message", schema=None) as batch_op:
        batch_op.create_index(
            "ix_employer_message_employer_created", ["employer_code", "created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_employer_message_vacancy_id"), ["vacancy_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("employer_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employer_message_vacancy_id"))
        batch_op.drop_index("ix_employer_message_employer_created")

    op.drop_table("employer_message")
