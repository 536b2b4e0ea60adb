"""Per-day counts of decisions for the reports, refreshed nightly (docs/reports.md, "Per-day counts")

Revision ID: 0034_report_decision_day
Revises: 0033_meetings
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.models.base

revision: str = "0034_report_decision_day"
down_revision: str | None = "0033_meetings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Whether a decision was opened: the digital-delivery figure probes it per decision.
    op.create_index(op.f("ix_inbox_message_decision_id"), "inbox_message", ["decision_id"], unique=False)
    op.create_table(
        "report_decision_day",
        sa.Column("day", sa.Date(), nullable=False, comment="the country's calendar day of issue"),
        sa.Column(
            "office",
            sa.String(length=100),
            nullable=False,
            comment="the person's case office at the refresh; '' for none",
        ),
        sa.Column(
            "municipality",
            sa.String(length=10),
            nullable=False,
            comment="the population register's municipality at registration",
        ),
        sa.Column("registered", sa.Integer(), nullable=False, comment="first registration decisions"),
        sa.Column("registered_automatic", sa.Integer(), nullable=False, comment="of them made by a rule"),
        sa.Column(
            "registration_decisions",
            sa.Integer(),
            nullable=False,
            comment="first decisions, registered or refused",
        ),
        sa.Column("days_total", sa.Float(), nullable=False, comment="sum of days from the application"),
        sa.Column("on_time", sa.Integer(), nullable=False, comment="made by the statutory deadline"),
        sa.Column("issued", sa.Integer(), nullable=False, comment="every decision issued"),
        sa.Column("opened", sa.Integer(), nullable=False, comment="of them opened in the portal's inbox"),
        sa.PrimaryKeyConstraint("day", "office", "municipality", name=op.f("pk_report_decision_day")),
    )
    op.create_table(
        "report_summary_state",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("built_through", sa.Date(), nullable=False),
        sa.Column("refreshed_at", portal.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_report_summary_state")),
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_inbox_message_decision_id"), table_name="inbox_message")
    op.drop_table("report_summary_state")
    op.drop_table("report_decision_day")
