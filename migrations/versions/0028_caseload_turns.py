"""Caseload: the office's turn row that serialises round-robin assignment, and the indexes of the
"offers waiting for an answer" and "refusals to confirm" filters (issue 15)

Revision ID: 0028_caseload_turns
Revises: 0027_xroad_query_pseudonymise
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.models.base

revision: str = "0028_caseload_turns"
down_revision: str | None = "0027_xroad_query_pseudonymise"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "office_turn",
        sa.Column("office", sa.String(length=200), nullable=False),
        sa.Column(
            "last_counsellor_id", sa.Integer(), nullable=True, comment="given the office's latest new case"
        ),
        sa.Column(
            "assignments", sa.Integer(), nullable=False, comment="cases assigned by turn (the lock's counter)"
        ),
        sa.Column(
            "updated_at",
            portal.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["last_counsellor_id"],
            ["staff_member.id"],
            name=op.f("fk_office_turn_last_counsellor_id_staff_member"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("office", name=op.f("pk_office_turn")),
    )
    # Each office's turn continues from the counsellor of its latest case, as before the row.
    op.execute(
        """
        INSERT INTO office_turn (office, last_counsellor_id, assignments)
        SELECT c.office,
               (SELECT l.counsellor_id FROM jobseeker_case l
                 WHERE l.office = c.office AND l.counsellor_id IS NOT NULL
                 ORDER BY l.assigned_at DESC, l.id DESC LIMIT 1),
               count(*)
          FROM jobseeker_case c
         GROUP BY c.office
        """
    )
    op.create_index(
        "ix_offer_person_state_reply_by", "offer", ["person_id", "state", "reply_by"], unique=False
    )
    op.create_index("ix_refusal_person_review_state", "refusal", ["person_id", "review_state"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_refusal_person_review_state", table_name="refusal")
    op.drop_index("ix_offer_person_state_reply_by", table_name="offer")
    op.drop_table("office_turn")
