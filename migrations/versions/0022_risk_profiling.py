"""Risk profiling: each assessment with its factors and the counsellor's confirmation or override,
and the person's requests for reconsideration

Revision ID: 0022_risk_profiling
Revises: 0021_matching
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_risk_profiling"
down_revision: str | None = "0021_matching"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEVEL = sa.Enum("low", "medium", "high", name="risklevel", native_enum=False, length=16)


def upgrade() -> None:
    op.create_table(
        "risk_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False, comment="registration or on_demand"),
        sa.Column("model_version", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("computed_level", LEVEL, nullable=False),
        sa.Column("factors", sa.JSON(), nullable=False, comment="each factor: key, value as read, points"),
        sa.Column("barriers", sa.JSON(), nullable=False, comment="declared by the person"),
        sa.Column("level", LEVEL, nullable=True, comment="confirmed or overridden"),
        sa.Column("decided_by_person_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by_person_id"],
            ["person.id"],
            name=op.f("fk_risk_assessment_decided_by_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_risk_assessment_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_assessment")),
    )
    with op.batch_alter_table("risk_assessment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_risk_assessment_person_computed", ["person_id", "computed_at"], unique=False
        )

    op.create_table(
        "risk_reconsideration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_person_id", sa.Integer(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("new_level", LEVEL, nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by_person_id"],
            ["person.id"],
            name=op.f("fk_risk_reconsideration_answered_by_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["risk_assessment.id"],
            name=op.f("fk_risk_reconsideration_assessment_id_risk_assessment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_risk_reconsideration_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_reconsideration")),
    )
    with op.batch_alter_table("risk_reconsideration", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_risk_reconsideration_answered_at"), ["answered_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_risk_reconsideration_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("risk_reconsideration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_reconsideration_person_id"))
        batch_op.drop_index(batch_op.f("ix_risk_reconsideration_answered_at"))
    op.drop_table("risk_reconsideration")
    with op.batch_alter_table("risk_assessment", schema=None) as batch_op:
        batch_op.drop_index("ix_risk_assessment_person_computed")
    op.drop_table("risk_assessment")
