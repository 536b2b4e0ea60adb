"""decisions record the role their issuer had when issuing them

Revision ID: 0013_decision_issuer_role
Revises: 0012_jobseeker_profile
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_decision_issuer_role"
down_revision: str | None = "0012_jobseeker_profile"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ROLE = sa.Enum("counsellor", "supervisor", "administrator", name="staffrole", native_enum=False, length=32)


def upgrade() -> None:
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "issuer_role",
                _ROLE,
                nullable=True,
                comment="the issuing staff member's role when the decision was issued",
            )
        )
    # Decisions issued before: the role the staff member has now is the best record there is.
    op.execute(
        "UPDATE decision SET issuer_role = (SELECT role FROM staff_member "
        "WHERE staff_member.id = decision.issued_by_staff_id) WHERE issued_by_staff_id IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_column("issuer_role")
