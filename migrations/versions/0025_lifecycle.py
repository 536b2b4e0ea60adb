"""After registration: proposals to end a registration and why it ended, decisions without an
appeal, the nightly register checks (runs and batches) and fraud signals (issue 16)

Revision ID: 0025_lifecycle
Revises: 0024_search
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.models.base

revision: str = "0025_lifecycle"
down_revision: str | None = "0024_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reconciliation_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "tax", "population", "social_assistance", "pay", name="runkind", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("night", sa.Date(), nullable=False, comment="the country's calendar day the run is for"),
        sa.Column(
            "state",
            sa.Enum(
                "planning",
                "running",
                "finished",
                "finished_with_errors",
                name="runstate",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "started_at",
            portal.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("finished_at", portal.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "started_by_staff_id",
            sa.Integer(),
            nullable=True,
            comment="a supervisor's 'run now'; null at night",
        ),
        sa.Column("batches_total", sa.Integer(), nullable=False),
        sa.Column("batches_done", sa.Integer(), nullable=False),
        sa.Column("persons_checked", sa.Integer(), nullable=False),
        sa.Column("proposals_made", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False, comment="batch attempts that failed"),
        sa.ForeignKeyConstraint(
            ["started_by_staff_id"],
            ["staff_member.id"],
            name=op.f("fk_reconciliation_run_started_by_staff_id_staff_member"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reconciliation_run")),
        sa.UniqueConstraint("kind", "night", name="uq_reconciliation_run_kind_night"),
    )
    op.create_table(
        "signal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "worked_while_registered",
                "shared_contact",
                "contradicted_correction",
                "residence_abroad",
                "role_switches",
                name="signalkind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.Column(
            "dedupe_key",
            sa.String(length=200),
            nullable=False,
            comment="kind, person and what was found: found again adds nothing",
        ),
        sa.Column(
            "evidence",
            sa.JSON(),
            nullable=False,
            comment="register, X-Road message id, dates, what was compared",
        ),
        sa.Column(
            "state",
            sa.Enum("open", "explained", "referred", name="signalstate", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column(
            "detected_at",
            portal.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("closed_at", portal.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_by_staff_id", sa.Integer(), nullable=True),
        sa.Column("closing_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["closed_by_staff_id"],
            ["staff_member.id"],
            name=op.f("fk_signal_closed_by_staff_id_staff_member"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_signal_person_id_person"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_signal_registration_id_registration"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_signal_dedupe_key")),
    )
    with op.batch_alter_table("signal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signal_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_signal_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_signal_state"), ["state"], unique=False)

    op.create_table(
        "reconciliation_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False, comment="order within the run, from 1"),
        sa.Column("check_id", sa.String(length=36), nullable=False, comment="idempotency UUID of the call"),
        sa.Column(
            "since", sa.Date(), nullable=True, comment="the registration date of everyone in the batch"
        ),
        sa.Column("registration_ids", sa.JSON(), nullable=False, comment="who is checked, in request order"),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum("pending", "running", "done", "failed", name="batchstate", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "claim", sa.String(length=36), nullable=True, comment="the worker's claim token while running"
        ),
        sa.Column("claimed_at", portal.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", portal.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("proposals", sa.Integer(), nullable=False),
        sa.Column("xroad_id", sa.String(length=100), nullable=True, comment="X-Road-Id of the last call"),
        sa.Column(
            "error",
            sa.String(length=300),
            nullable=True,
            comment="error class and X-Road type; no personal data",
        ),
        sa.Column("outcome", sa.JSON(), nullable=False, comment="counts by outcome"),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["reconciliation_run.id"],
            name=op.f("fk_reconciliation_batch_run_id_reconciliation_run"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reconciliation_batch")),
        sa.UniqueConstraint("check_id", name=op.f("uq_reconciliation_batch_check_id")),
        sa.UniqueConstraint("run_id", "number", name="uq_reconciliation_batch_run_number"),
    )
    with op.batch_alter_table("reconciliation_batch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reconciliation_batch_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reconciliation_batch_state"), ["state"], unique=False)

    op.create_table(
        "status_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "reason",
            sa.Enum(
                "found_work",
                "own_request",
                "deceased",
                "emigrated",
                "pension_age",
                "sanction",
                "no_contact",
                name="endreason",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "source",
            sa.Enum(
                "person",
                "employer",
                "tax_check",
                "population_check",
                "counsellor",
                name="proposalsource",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("effective_on", sa.Date(), nullable=False, comment="the day the registration would end"),
        sa.Column(
            "evidence",
            sa.JSON(),
            nullable=False,
            comment="employer, since, register, X-Road message id, run: what the proposal rests on",
        ),
        sa.Column(
            "state",
            sa.Enum("open", "confirmed", "rejected", name="proposalstate", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            portal.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("closed_at", portal.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_by_staff_id", sa.Integer(), nullable=True),
        sa.Column("closing_reason", sa.Text(), nullable=True),
        sa.Column(
            "decision_id", sa.Integer(), nullable=True, comment="the decision that ended the registration"
        ),
        sa.Column("reconciliation_batch_id", sa.Integer(), nullable=True),
        sa.Column(
            "source_reference",
            sa.String(length=100),
            nullable=True,
            comment="the proposer's own id (an offer, a vacancy candidate)",
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_staff_id"],
            ["staff_member.id"],
            name=op.f("fk_status_proposal_closed_by_staff_id_staff_member"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decision.id"],
            name=op.f("fk_status_proposal_decision_id_decision"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_status_proposal_person_id_person"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reconciliation_batch_id"],
            ["reconciliation_batch.id"],
            name=op.f("fk_status_proposal_reconciliation_batch_id_reconciliation_batch"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_status_proposal_registration_id_registration"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_proposal")),
    )
    with op.batch_alter_table("status_proposal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_status_proposal_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_status_proposal_reconciliation_batch_id"),
            ["reconciliation_batch_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_status_proposal_registration_id"), ["registration_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_status_proposal_state"), ["state"], unique=False)
        batch_op.create_index(
            "uq_status_proposal_open",
            ["registration_id", "reason"],
            unique=True,
            sqlite_where=sa.text("state = 'open'"),
            postgresql_where=sa.text("state = 'open'"),
        )

    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "appealable",
                sa.Boolean(),
                server_default=sa.true(),
                nullable=False,
                comment="false where the law gives no appeal (an end at the person's own request, a death)",
            )
        )

    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "end_reason",
                sa.String(length=32),
                nullable=True,
                comment="why it ended (models.lifecycle.EndReason); set with deregistered_on",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.drop_column("end_reason")

    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_column("appealable")

    with op.batch_alter_table("status_proposal", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_status_proposal_open",
            sqlite_where=sa.text("state = 'open'"),
            postgresql_where=sa.text("state = 'open'"),
        )
        batch_op.drop_index(batch_op.f("ix_status_proposal_state"))
        batch_op.drop_index(batch_op.f("ix_status_proposal_registration_id"))
        batch_op.drop_index(batch_op.f("ix_status_proposal_reconciliation_batch_id"))
        batch_op.drop_index(batch_op.f("ix_status_proposal_person_id"))

    op.drop_table("status_proposal")
    with op.batch_alter_table("reconciliation_batch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reconciliation_batch_state"))
        batch_op.drop_index(batch_op.f("ix_reconciliation_batch_run_id"))

    op.drop_table("reconciliation_batch")
    with op.batch_alter_table("signal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signal_state"))
        batch_op.drop_index(batch_op.f("ix_signal_person_id"))
        batch_op.drop_index(batch_op.f("ix_signal_kind"))

    op.drop_table("signal")
    op.drop_table("reconciliation_run")
