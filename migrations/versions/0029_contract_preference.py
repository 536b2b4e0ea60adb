"""the record's contract preference: which kinds of contract (permanent, fixed-term, seasonal) the
person would take; matching compares it with the vacancy's contract (issue 14)

Revision ID: 0029_contract_preference
Revises: 0028_caseload_turns
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029_contract_preference"
down_revision: str | None = "0028_caseload_turns"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = (("permanent", "permanent"), ("fixed_term", "fixed-term"), ("seasonal", "seasonal"))


def upgrade() -> None:
    # Plain ALTERs, not batch mode: re-creating jobseeker_profile on SQLite would cascade-delete
    # the record's occupation, place and language rows. Existing records: any kind (all true).
    for kind, words in KINDS:
        op.add_column(
            "jobseeker_profile",
            sa.Column(
                f"contract_{kind}",
                sa.Boolean(),
                server_default=sa.true(),
                nullable=False,
                comment=f"would take a {words} contract",
            ),
        )


def downgrade() -> None:
    for kind, _ in reversed(KINDS):
        op.drop_column("jobseeker_profile", f"contract_{kind}")
