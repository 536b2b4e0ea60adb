"""saved vacancies: a jobseeker keeps vacancies in a list (issue 12)

Revision ID: 0032_saved_vacancies
Revises: 0031_search_listing_index
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.models.base

revision: str = "0032_saved_vacancies"
down_revision: str | None = "0031_search_listing_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "saved_vacancy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            portal.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_saved_vacancy_person_id_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["vacancy_id"],
            ["vacancy.id"],
            name=op.f("fk_saved_vacancy_vacancy_id_vacancy"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_vacancy")),
        sa.UniqueConstraint("person_id", "vacancy_id", name=op.f("uq_saved_vacancy_person_id")),
    )
    with op.batch_alter_table("saved_vacancy", schema=None) as batch_op:
        batch_op.create_index("ix_saved_vacancy_person_created", ["person_id", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_saved_vacancy_vacancy_id"), ["vacancy_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("saved_vacancy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_vacancy_vacancy_id"))
        batch_op.drop_index("ix_saved_vacancy_person_created")
    op.drop_table("saved_vacancy")
