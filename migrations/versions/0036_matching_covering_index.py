"""Matching: a covering index for the vacancies recommended to a person (issue 14's speed goals)

The ranking reads the published vacancies in a range of occupation codes and scores each with its
own columns; with all of them in one index, neither SQLite nor PostgreSQL reads the table.

Revision ID: 0036_matching_covering_index
Revises: 0035_caseload_counsellor_index
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0036_matching_covering_index"
down_revision: str | None = "0035_caseload_counsellor_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = [
    "occupation_code",
    "state",
    "deadline",
    "published_at",
    "remote",
    "working_time",
    "contract",
    "education_level",
    "driving_licence",
    "start_date",
    "wage_max",
]


def upgrade() -> None:
    op.create_index("ix_vacancy_matching", "vacancy", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_vacancy_matching", table_name="vacancy")
