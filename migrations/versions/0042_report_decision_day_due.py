"""Per-day counts: every decision with a due date, and of them those issued by it (issue 18)

The back-office home's on-time share counts every decision that had a due date (not only first
registration decisions, as the reports' `on_time` does). With these two counts per day it reads the
summary for the days it covers and counts live only the days after (today, usually).

The days already summarised have no such counts: the summary's state is removed, so the next
refresh (`flask reports refresh`, the nightly job) rebuilds every day from the first decision.
Until then the reports and the home count live from the decisions, as they did before the summary.

Revision ID: 0042_report_decision_day_due
Revises: 0041_vacancy_place_codes
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0042_report_decision_day_due"
down_revision: str | None = "0041_vacancy_place_codes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("report_decision_day") as batch_op:
        batch_op.add_column(
            sa.Column(
                "due_total",
                sa.Integer(),
                nullable=False,
                server_default="0",
                comment="decisions that had a due date",
            )
        )
        batch_op.add_column(
            sa.Column(
                "due_on_time",
                sa.Integer(),
                nullable=False,
                server_default="0",
                comment="of them issued on or before it",
            )
        )
    op.execute("DELETE FROM report_summary_state WHERE name = 'decision-days'")


def downgrade() -> None:
    with op.batch_alter_table("report_decision_day") as batch_op:
        batch_op.drop_column("due_on_time")
        batch_op.drop_column("due_total")
