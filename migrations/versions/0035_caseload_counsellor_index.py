"""Caseload: a counsellor's name-ordered index of open cases also covers every filter column, so
"my cases" with filters reads that counsellor's entries only (issue 15)

Revision ID: 0035_caseload_counsellor_index
Revises: 0034_report_decision_day
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0035_caseload_counsellor_index"
down_revision: str | None = "0034_report_decision_day"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("closed_on IS NULL")
NAME = "ix_jobseeker_case_open_counsellor_name"
ORDER = ["office", "counsellor_id", "family_key", "given_key", "id"]
COVERED = [
    "risk_level",
    "plan_status",
    "next_due_on",
    "social_assistance",
    "unemployed_since",
    "opened_on",
    "person_id",
]


def upgrade() -> None:
    op.drop_index(NAME, table_name="jobseeker_case")
    op.create_index(
        NAME, "jobseeker_case", [*ORDER, *COVERED, "closed_on"], sqlite_where=OPEN, postgresql_where=OPEN
    )


def downgrade() -> None:
    op.drop_index(NAME, table_name="jobseeker_case")
    op.create_index(NAME, "jobseeker_case", [*ORDER, "closed_on"], sqlite_where=OPEN, postgresql_where=OPEN)
