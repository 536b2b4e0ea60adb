"""matching: the record's home municipality, social assistance, opt-out of proposals, the tax
register's employment history, and a covering index of occupations by code

Revision ID: 0021_matching
Revises: 0020_caseload
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_matching"
down_revision: str | None = "0020_caseload"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTERs, not batch mode: re-creating jobseeker_profile on SQLite would cascade-delete
    # the record's occupation, place and language rows.
    columns = (
        sa.Column(
            "home_municipality",
            sa.String(length=10),
            nullable=True,
            comment="the population register's residence municipality",
        ),
        sa.Column(
            "social_assistance_category",
            sa.String(length=20),
            nullable=True,
            comment="category of social assistance the person receives; None: none",
        ),
        sa.Column(
            "proposals_opt_out",
            sa.Boolean(),
            server_default=sa.false(),
            nullable=False,
            comment="the person does not want to be proposed to employers",
        ),
    )
    for column in columns:
        op.add_column("jobseeker_profile", column)
    op.create_index("ix_profile_occupation_isco_profile", "profile_occupation", ["isco_code", "profile_id"])
    op.create_table(
        "profile_employment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("isco_code", sa.String(length=4), nullable=False, comment="ISCO-08 unit group of the job"),
        sa.Column("employer_name", sa.String(length=300), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True, comment="None: not ended when read"),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["jobseeker_profile.id"],
            name=op.f("fk_profile_employment_profile_id_jobseeker_profile"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_employment")),
    )
    op.create_index("ix_profile_employment_profile_id", "profile_employment", ["profile_id"])
    op.create_index("ix_profile_employment_isco_profile", "profile_employment", ["isco_code", "profile_id"])


def downgrade() -> None:
    op.drop_table("profile_employment")
    op.drop_index("ix_profile_occupation_isco_profile", "profile_occupation")
    # SQLite drops columns since 3.35 without re-creating the table.
    for name in ("proposals_opt_out", "social_assistance_category", "home_municipality"):
        op.drop_column("jobseeker_profile", name)
