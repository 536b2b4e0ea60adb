"""Matching: the recommended vacancies a page last showed a person, in the database (issue 18)

They were kept per worker process, per person (`cards.SHOWN_EXTENSION`), which the project's own
rule forbids (no person's data kept in a process) and which every worker and instance learnt anew.
A hint only: what to read with the person's record in one statement.

Revision ID: 0055_recommendation_shown
Revises: 0053_search_change_counter
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0055_recommendation_shown"
down_revision: str | None = "0053_search_change_counter"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "recommendation_shown",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("list_size", sa.SmallInteger(), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_recommendation_shown_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vacancy_id"],
            ["vacancy.id"],
            name=op.f("fk_recommendation_shown_vacancy_id_vacancy"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "list_size", "vacancy_id", name=op.f("pk_recommendation_shown")),
    )
    with op.batch_alter_table("recommendation_shown", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recommendation_shown_vacancy_id"), ["vacancy_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("recommendation_shown", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendation_shown_vacancy_id"))
    op.drop_table("recommendation_shown")
