"""Offers and answers, refusals under review, the list order, shortlists and status-end proposals
(issue 13, docs/offers.md)

Revision ID: 0017_offers
Revises: 0016_vacancies
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.models.base

revision: str = "0017_offers"
down_revision: str | None = "0016_vacancies"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "list_standing",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column(
            "priority", sa.Boolean(), nullable=False, comment="social assistance of the priority category"
        ),
        sa.Column(
            "moved_to_end_at",
            portal.models.base.UTCDateTime(timezone=True),
            nullable=True,
            comment="set by a confirmed first refusal (Kosovo)",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_list_standing_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_list_standing")),
    )
    with op.batch_alter_table("list_standing", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_list_standing_moved_to_end_at"), ["moved_to_end_at"], unique=False
        )

    op.create_table(
        "offer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("proposed_by_staff_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum("vacancy", "training", "measure", name="offerkind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("vacancy_id", sa.Integer(), nullable=True),
        sa.Column("training_id", sa.Integer(), nullable=True),
        sa.Column("measure_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False, comment="what was offered, as offered"),
        sa.Column("employer_name", sa.String(length=300), nullable=True),
        sa.Column("note", sa.Text(), nullable=True, comment="the counsellor's note to the person"),
        sa.Column(
            "state",
            sa.Enum(
                "proposed",
                "accepted",
                "refused",
                "expired",
                "withdrawn",
                name="offerstate",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("proposed_at", portal.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "reply_by", sa.Date(), nullable=False, comment="last day to answer (the country's calendar)"
        ),
        sa.Column(
            "reminded_at",
            portal.models.base.UTCDateTime(timezone=True),
            nullable=True,
            comment="the day-before reminder was queued",
        ),
        sa.Column(
            "closed_at",
            portal.models.base.UTCDateTime(timezone=True),
            nullable=True,
            comment="expired or withdrawn",
        ),
        sa.Column("withdrawn_reason", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_offer_person_id_person"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["vacancy_id"], ["vacancy.id"], name=op.f("fk_offer_vacancy_id_vacancy"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["training_id"], ["training.id"], name=op.f("fk_offer_training_id_training"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["measure.id"], name=op.f("fk_offer_measure_id_measure"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_staff_id"],
            ["staff_member.id"],
            name=op.f("fk_offer_proposed_by_staff_id_staff_member"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer")),
    )
    with op.batch_alter_table("offer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offer_measure_id"), ["measure_id"], unique=False)
        batch_op.create_index("ix_offer_person_proposed", ["person_id", "proposed_at"], unique=False)
        batch_op.create_index("ix_offer_state_reply_by", ["state", "reply_by"], unique=False)
        batch_op.create_index(batch_op.f("ix_offer_training_id"), ["training_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_offer_vacancy_id"), ["vacancy_id"], unique=False)

    op.create_table(
        "candidate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=True),
        sa.Column(
            "source",
            sa.Enum("offer", "application", name="candidatesource", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("consented_fields", sa.JSON(), nullable=False),
        sa.Column("consented_at", portal.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("consent_withdrawn_at", portal.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            portal.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "outcome",
            sa.Enum(
                "invited",
                "interviewed",
                "hired",
                "not-selected",
                name="outcome",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("outcome_at", portal.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True, comment="hired: first working day"),
        sa.Column(
            "not_selected_reason",
            sa.Enum(
                "qualifications",
                "experience",
                "language",
                "other-candidate",
                "no-show",
                "declined",
                "position-closed",
                name="notselectedreason",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offer.id"], name=op.f("fk_candidate_offer_id_offer"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_candidate_person_id_person"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["vacancy_id"], ["vacancy.id"], name=op.f("fk_candidate_vacancy_id_vacancy"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate")),
        sa.UniqueConstraint("vacancy_id", "person_id", name=op.f("uq_candidate_vacancy_id")),
    )
    with op.batch_alter_table("candidate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_candidate_person_id"), ["person_id"], unique=False)
        batch_op.create_index("ix_candidate_vacancy_created", ["vacancy_id", "created_at"], unique=False)

    op.create_table(
        "offer_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("accept", "refuse", name="answerkind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "reason",
            sa.Enum(
                "health",
                "caring-duties",
                "wage",
                "distance",
                "working",
                "training-clash",
                "other",
                "no-reason",
                "expired",
                name="refusalreason",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("reason_text", sa.Text(), nullable=True),
        sa.Column("consented_fields", sa.JSON(), nullable=False),
        sa.Column("answered_at", portal.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offer.id"], name=op.f("fk_offer_answer_offer_id_offer"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_offer_answer_person_id_person"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_answer")),
        sa.UniqueConstraint("offer_id", name=op.f("uq_offer_answer_offer_id")),
    )
    with op.batch_alter_table("offer_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offer_answer_person_id"), ["person_id"], unique=False)

    op.create_table(
        "refusal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "reason",
            sa.Enum(
                "health",
                "caring-duties",
                "wage",
                "distance",
                "working",
                "training-clash",
                "other",
                "no-reason",
                "expired",
                name="refusalreason",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("reason_text", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            portal.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "review_state",
            sa.Enum("pending", "valid", "not-valid", name="reviewstate", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("reviewed_by_staff_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", portal.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "reasoning", sa.Text(), nullable=True, comment="the counsellor's reasoning, shown to the person"
        ),
        sa.Column(
            "breach_number", sa.Integer(), nullable=True, comment="n-th confirmed breach (not valid only)"
        ),
        sa.Column(
            "consequence",
            sa.Enum(
                "none",
                "move-to-end",
                "suspension-proposal",
                "warning",
                "end-registration",
                name="consequence",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("legal_basis", sa.String(length=300), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column(
            "sas_state",
            sa.Enum(
                "not-needed",
                "pending",
                "accepted",
                "not-beneficiary",
                "failed",
                name="sasreportstate",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "sas_refusal_id",
            sa.String(length=36),
            nullable=True,
            comment="generated once when confirmed; the same on every retry",
        ),
        sa.Column("sas_recommendation", sa.String(length=20), nullable=True),
        sa.Column("sas_received_at", portal.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "sas_beneficiary_status", sa.String(length=20), nullable=True, comment="as the receipt said"
        ),
        sa.Column("sas_error", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decision.id"],
            name=op.f("fk_refusal_decision_id_decision"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offer.id"], name=op.f("fk_refusal_offer_id_offer"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_refusal_person_id_person"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_staff_id"],
            ["staff_member.id"],
            name=op.f("fk_refusal_reviewed_by_staff_id_staff_member"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refusal")),
        sa.UniqueConstraint("offer_id", name=op.f("uq_refusal_offer_id")),
        sa.UniqueConstraint("sas_refusal_id", name=op.f("uq_refusal_sas_refusal_id")),
    )
    with op.batch_alter_table("refusal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_refusal_person_id"), ["person_id"], unique=False)
        batch_op.create_index("ix_refusal_review_state_created", ["review_state", "created_at"], unique=False)

    op.create_table(
        "status_end_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("refusal_id", sa.Integer(), nullable=True),
        sa.Column(
            "reason",
            sa.String(length=40),
            nullable=False,
            comment="EMPLOYED or REFUSED_SUITABLE_WORK (SAS codes)",
        ),
        sa.Column(
            "start_date",
            sa.Date(),
            nullable=False,
            comment="hired: the first working day; else the decision's day",
        ),
        sa.Column(
            "state",
            sa.Enum("proposed", "confirmed", "rejected", name="statusendstate", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            portal.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("decided_at", portal.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by_staff_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidate.id"],
            name=op.f("fk_status_end_proposal_candidate_id_candidate"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_staff_id"],
            ["staff_member.id"],
            name=op.f("fk_status_end_proposal_decided_by_staff_id_staff_member"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_status_end_proposal_person_id_person"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["refusal_id"],
            ["refusal.id"],
            name=op.f("fk_status_end_proposal_refusal_id_refusal"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_end_proposal")),
        sa.UniqueConstraint("candidate_id", name=op.f("uq_status_end_proposal_candidate_id")),
        sa.UniqueConstraint("refusal_id", name=op.f("uq_status_end_proposal_refusal_id")),
    )
    with op.batch_alter_table("status_end_proposal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_status_end_proposal_person_id"), ["person_id"], unique=False)
        batch_op.create_index("ix_status_end_proposal_state_created", ["state", "created_at"], unique=False)

    with op.batch_alter_table("inbox_message", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "offer_id",
                sa.Integer(),
                nullable=True,
                comment="an offer, its reminder, withdrawal or review",
            )
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_inbox_message_offer_id_offer"), "offer", ["offer_id"], ["id"], ondelete="RESTRICT"
        )


def downgrade() -> None:
    with op.batch_alter_table("inbox_message", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_inbox_message_offer_id_offer"), type_="foreignkey")
        batch_op.drop_column("offer_id")
    with op.batch_alter_table("status_end_proposal", schema=None) as batch_op:
        batch_op.drop_index("ix_status_end_proposal_state_created")
        batch_op.drop_index(batch_op.f("ix_status_end_proposal_person_id"))

    op.drop_table("status_end_proposal")
    with op.batch_alter_table("refusal", schema=None) as batch_op:
        batch_op.drop_index("ix_refusal_review_state_created")
        batch_op.drop_index(batch_op.f("ix_refusal_person_id"))

    op.drop_table("refusal")
    with op.batch_alter_table("offer_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offer_answer_person_id"))

    op.drop_table("offer_answer")
    with op.batch_alter_table("candidate", schema=None) as batch_op:
        batch_op.drop_index("ix_candidate_vacancy_created")
        batch_op.drop_index(batch_op.f("ix_candidate_person_id"))

    op.drop_table("candidate")
    with op.batch_alter_table("offer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offer_vacancy_id"))
        batch_op.drop_index(batch_op.f("ix_offer_training_id"))
        batch_op.drop_index("ix_offer_state_reply_by")
        batch_op.drop_index("ix_offer_person_proposed")
        batch_op.drop_index(batch_op.f("ix_offer_measure_id"))

    op.drop_table("offer")
    with op.batch_alter_table("list_standing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_list_standing_moved_to_end_at"))

    op.drop_table("list_standing")
