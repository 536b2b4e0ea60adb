"""Matching: the vacancy's id in `ix_vacancy_matching` on PostgreSQL (issue 14)

Vacancies for a person read the person's occupation ranges from the covering index. PostgreSQL
could not answer them from the index alone: the id the ranking returns was not in it (SQLite's
entries carry the rowid, which is the id), so each of the ~2,000-4,000 vacancies of a range was
read from the table too (a bitmap heap scan, ~1,600 blocks for a sub-major group). The index
gets the id as an included column on PostgreSQL; SQLite's is unchanged (re-created the same).

Revision ID: 0043_vacancy_matching_include_id
Revises: 0042_report_decision_day_due
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0043_vacancy_matching_include_id"
down_revision: str | None = "0042_report_decision_day_due"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MATCHING = [
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
    "place_codes",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite's index already covers the id (the rowid)
    op.drop_index("ix_vacancy_matching", table_name="vacancy")
    op.create_index("ix_vacancy_matching", "vacancy", MATCHING, postgresql_include=["id"])


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_vacancy_matching", table_name="vacancy")
    op.create_index("ix_vacancy_matching", "vacancy", MATCHING)
