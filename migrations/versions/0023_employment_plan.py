"""Individual employment plans: the plan, its numbered versions (agreement time, what changed, the
sealed PDF) and the activities of the newest version

Revision ID: 0023_employment_plan
Revises: 0022_risk_profiling
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023_employment_plan"
down_revision: str | None = "0022_risk_profiling"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "employment_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("none", "draft", "agreed", name="planstatus", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False, comment="number of the newest version"),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_employment_plan_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employment_plan")),
        sa.UniqueConstraint("person_id", name=op.f("uq_employment_plan_person_id")),
    )
    op.create_table(
        "plan_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("activities", sa.JSON(), nullable=False, comment="the activities as drafted"),
        sa.Column("changes", sa.JSON(), nullable=False, comment="what changed since the last"),
        sa.Column("drafted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("drafted_by_person_id", sa.Integer(), nullable=True),
        sa.Column(
            "agreed_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="when the person agreed in the portal",
        ),
        sa.Column("pdf", sa.LargeBinary(), nullable=True, comment="the agreed plan, sealed"),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["drafted_by_person_id"],
            ["person.id"],
            name=op.f("fk_plan_version_drafted_by_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["employment_plan.id"],
            name=op.f("fk_plan_version_plan_id_employment_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_version")),
        sa.UniqueConstraint("plan_id", "number", name=op.f("uq_plan_version_plan_id")),
    )
    op.create_table(
        "plan_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "apply",
                "training",
                "meeting",
                "documents",
                "measure",
                "other",
                name="activitykind",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column(
            "actor",
            sa.Enum("jobseeker", "counsellor", name="actor", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "reminded_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="the reminder before the due date went out",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["employment_plan.id"],
            name=op.f("fk_plan_activity_plan_id_employment_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_activity")),
    )
    with op.batch_alter_table("plan_activity", schema=None) as batch_op:
        batch_op.create_index("ix_plan_activity_due_open", ["due_on", "done_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_activity_plan_id"), ["plan_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("plan_activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_activity_plan_id"))
        batch_op.drop_index("ix_plan_activity_due_open")
    op.drop_table("plan_activity")
    op.drop_table("plan_version")
    op.drop_table("employment_plan")
