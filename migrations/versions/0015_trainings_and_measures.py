"""Trainings and labour-market measures: the catalogue (training, measure) and the jobseekers'
requests to join a training (training_request, one open request per person and training)

Revision ID: 0015_trainings_and_measures
Revises: 0014_list_indexes
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.models.base

revision: str = "0015_trainings_and_measures"
down_revision: str | None = "0014_list_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_SQL = "state IN ('requested', 'approved')"


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column(
            "created_at",
            portal.models.base.UTCDateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            portal.models.base.UTCDateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "training",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "provider_name",
            sa.String(length=200),
            nullable=False,
            comment="who teaches it, e.g. a vocational training centre",
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "isco_code",
            sa.String(length=4),
            nullable=True,
            comment="ISCO-08 unit group of the occupation it leads to",
        ),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False, comment="hours of instruction in total"),
        sa.Column(
            "municipality_code",
            sa.String(length=10),
            nullable=True,
            comment="where it is taught; None when remote only",
        ),
        sa.Column(
            "remote", sa.Boolean(), nullable=False, comment="taught remotely (alone or besides a place)"
        ),
        sa.Column(
            "language", sa.String(length=8), nullable=False, comment="language of instruction, ISO 639-1"
        ),
        sa.Column("seats_total", sa.Integer(), nullable=False),
        sa.Column(
            "seats_taken",
            sa.Integer(),
            nullable=False,
            comment="approved requests; raised only by a conditional UPDATE (no overbooking)",
        ),
        sa.Column(
            "certificate",
            sa.String(length=300),
            nullable=False,
            comment="the certificate or qualification obtained on completion",
        ),
        sa.Column(
            "state",
            sa.Enum("draft", "published", "closed", name="trainingstate", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column("created_by_staff_id", sa.Integer(), nullable=True),
        *_timestamps(),
        sa.Column("published_at", portal.models.base.UTCDateTime(), nullable=True),
        sa.Column("closed_at", portal.models.base.UTCDateTime(), nullable=True),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_training_ends_after_start")),
        sa.CheckConstraint("hours > 0", name=op.f("ck_training_hours_positive")),
        sa.CheckConstraint(
            "seats_taken >= 0 AND seats_taken <= seats_total", name=op.f("ck_training_seats_within_total")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_staff_id"],
            ["staff_member.id"],
            name=op.f("fk_training_created_by_staff_id_staff_member"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training")),
    )
    with op.batch_alter_table("training", schema=None) as batch_op:
        for column in ("isco_code", "municipality_code", "state"):
            batch_op.create_index(batch_op.f(f"ix_training_{column}"), [column], unique=False)

    op.create_table(
        "measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "wage_subsidy",
                "on_the_job_training",
                "work_practice",
                "self_employment_grant",
                "public_works",
                name="measurekind",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "eligibility_key",
            sa.String(length=60),
            nullable=False,
            comment="key of the eligibility rule in the country profile (profiles/measures.py)",
        ),
        sa.Column(
            "active", sa.Boolean(), nullable=False, comment="offered now; inactive ones stay for history"
        ),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure")),
    )
    with op.batch_alter_table("measure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_measure_kind"), ["kind"], unique=False)

    op.create_table(
        "training_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("training_id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "requested",
                "approved",
                "rejected",
                "withdrawn",
                name="trainingrequeststate",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False, comment="the person's own words: why this training"),
        sa.Column(
            "decision_reason", sa.Text(), nullable=True, comment="the counsellor's reason for the answer"
        ),
        sa.Column("decided_by_staff_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", portal.models.base.UTCDateTime(), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True, comment="set when the law needs a decision"),
        sa.Column("withdrawn_at", portal.models.base.UTCDateTime(), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["decided_by_staff_id"],
            ["staff_member.id"],
            name=op.f("fk_training_request_decided_by_staff_id_staff_member"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decision.id"],
            name=op.f("fk_training_request_decision_id_decision"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_training_request_person_id_person"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["training_id"],
            ["training.id"],
            name=op.f("fk_training_request_training_id_training"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_request")),
    )
    with op.batch_alter_table("training_request", schema=None) as batch_op:
        for column in ("person_id", "training_id", "state"):
            batch_op.create_index(batch_op.f(f"ix_training_request_{column}"), [column], unique=False)
        batch_op.create_index(
            "uq_training_request_open",
            ["person_id", "training_id"],
            unique=True,
            sqlite_where=sa.text(OPEN_SQL),
            postgresql_where=sa.text(OPEN_SQL),
        )


def downgrade() -> None:
    with op.batch_alter_table("training_request", schema=None) as batch_op:
        batch_op.drop_index("uq_training_request_open")
        for column in ("state", "training_id", "person_id"):
            batch_op.drop_index(batch_op.f(f"ix_training_request_{column}"))
    op.drop_table("training_request")
    with op.batch_alter_table("measure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measure_kind"))
    op.drop_table("measure")
    with op.batch_alter_table("training", schema=None) as batch_op:
        for column in ("state", "municipality_code", "isco_code"):
            batch_op.drop_index(batch_op.f(f"ix_training_{column}"))
    op.drop_table("training")
