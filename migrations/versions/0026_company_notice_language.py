"""company notice language: the company's e-mail notices go out in the language its contact chose

Revision ID: 0026_company_notice_language
Revises: 0025_lifecycle
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026_company_notice_language"
down_revision: str | None = "0025_lifecycle"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("employer_company", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "notice_language",
                sa.String(length=8),
                nullable=True,
                comment=(
                    "language of the company's e-mail notices (et, en, ru, sq, sr); none: the profile's first"
                ),
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("employer_company", schema=None) as batch_op:
        batch_op.drop_column("notice_language")
