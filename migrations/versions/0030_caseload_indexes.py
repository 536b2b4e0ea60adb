"""Caseload at 100,000 jobseekers: partial indexes of the open cases for the list's orders, its
count and the figures beside the filters (issue 15)

Revision ID: 0030_caseload_indexes
Revises: 0029_contract_preference
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030_caseload_indexes"
down_revision: str | None = "0029_contract_preference"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("closed_on IS NULL")
INDEXES = {
    "ix_jobseeker_case_open_office_name": ["office", "family_key", "given_key", "id", "closed_on"],
    "ix_jobseeker_case_open_counsellor_name": [
        "office",
        "counsellor_id",
        "family_key",
        "given_key",
        "id",
        "closed_on",
    ],
    "ix_jobseeker_case_open_office_opened": ["office", "opened_on", "id", "closed_on"],
    "ix_jobseeker_case_open_filters": [
        "office",
        "risk_level",
        "counsellor_id",
        "plan_status",
        "next_due_on",
        "social_assistance",
        "unemployed_since",
        "opened_on",
        "family_key",
        "given_key",
        "person_id",
        "closed_on",
    ],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(
            name, "jobseeker_case", columns, unique=False, sqlite_where=OPEN, postgresql_where=OPEN
        )


def downgrade() -> None:
    for name in reversed(INDEXES):
        op.drop_index(name, table_name="jobseeker_case")
