"""Caseload sorted by the next action due: partial indexes of the open cases in due-date order, by
office and by office and risk level, so a page of the office's cases by due date reads its 25 entries
instead of sorting every case of the office (issue 15)

Revision ID: 0039_caseload_due_indexes
Revises: 0038_registration_region_index
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0039_caseload_due_indexes"
down_revision: str | None = "0038_registration_region_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("closed_on IS NULL")
INDEXES = {
    "ix_jobseeker_case_open_office_due": ["office", "next_due_on", "id", "closed_on"],
    "ix_jobseeker_case_open_risk_due": ["office", "risk_level", "next_due_on", "id", "closed_on"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "jobseeker_case", columns, sqlite_where=OPEN, postgresql_where=OPEN)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="jobseeker_case")
