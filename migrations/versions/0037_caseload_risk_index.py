"""The reports' caseload by risk level: a partial index of the open cases by risk level and plan
status, so the figure counts them from the index (SQLite read every case by the risk-level index)

Revision ID: 0037_caseload_risk_index
Revises: 0036_matching_covering_index
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0037_caseload_risk_index"
down_revision: str | None = "0036_matching_covering_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("closed_on IS NULL")


def upgrade() -> None:
    op.create_index(
        "ix_jobseeker_case_open_risk",
        "jobseeker_case",
        ["risk_level", "plan_status"],
        unique=False,
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )


def downgrade() -> None:
    op.drop_index("ix_jobseeker_case_open_risk", table_name="jobseeker_case")
