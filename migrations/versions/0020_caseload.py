"""Caseloads: each registered jobseeker's case (office by home municipality, responsible counsellor
by round robin within the office) and confidential case notes; existing registrations get a case

Revision ID: 0020_caseload
Revises: 0019_employer_messages
Create Date: 2026-12-03
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from itertools import cycle

import sqlalchemy as sa
from alembic import op

revision: str = "0020_caseload"
down_revision: str | None = "0019_employer_messages"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "jobseeker_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "office",
            sa.String(length=200),
            nullable=False,
            comment="the office serving the home municipality",
        ),
        sa.Column("counsellor_id", sa.Integer(), nullable=True, comment="the responsible counsellor"),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False, comment="the day the person registered"),
        sa.Column("closed_on", sa.Date(), nullable=True, comment="registration ended; off the caseload"),
        sa.Column("family_key", sa.String(length=200), nullable=False),
        sa.Column("given_key", sa.String(length=200), nullable=False),
        sa.Column(
            "risk_level",
            sa.Enum("low", "medium", "high", name="risklevel", native_enum=False, length=16),
            nullable=True,
        ),
        sa.Column(
            "plan_status",
            sa.Enum("none", "draft", "agreed", name="planstatus", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column(
            "next_due_on", sa.Date(), nullable=True, comment="earliest due date of an open plan activity"
        ),
        sa.Column(
            "social_assistance",
            sa.Boolean(),
            server_default=sa.false(),
            nullable=False,
            comment="receiving social assistance (register, at registration)",
        ),
        sa.Column(
            "unemployed_since",
            sa.Date(),
            nullable=True,
            comment="end of the last job (tax register), else the registration day",
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["counsellor_id"],
            ["staff_member.id"],
            name=op.f("fk_jobseeker_case_counsellor_id_staff_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_jobseeker_case_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobseeker_case")),
        sa.UniqueConstraint("person_id", name=op.f("uq_jobseeker_case_person_id")),
    )
    with op.batch_alter_table("jobseeker_case", schema=None) as batch_op:
        batch_op.create_index(
            "ix_jobseeker_case_office_family", ["office", "family_key", "given_key"], unique=False
        )
        batch_op.create_index(
            "ix_jobseeker_case_counsellor_family", ["counsellor_id", "family_key", "given_key"], unique=False
        )
        batch_op.create_index("ix_jobseeker_case_office_assigned", ["office", "assigned_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobseeker_case_risk_level"), ["risk_level"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobseeker_case_next_due_on"), ["next_due_on"], unique=False)

    op.create_table(
        "case_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("author_person_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["author_person_id"],
            ["person.id"],
            name=op.f("fk_case_note_author_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_case_note_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_note")),
    )
    with op.batch_alter_table("case_note", schema=None) as batch_op:
        batch_op.create_index("ix_case_note_person_created", ["person_id", "created_at"], unique=False)

    _assign_existing(op.get_bind())


def _assign_existing(connection: sa.Connection) -> None:
    """Every active registration gets a case: the office of the person's home municipality (the
    profile of the person's country) and the office's counsellors in turn, oldest first."""
    from portal.profiles import PROFILES
    from portal.services.caseload_facts import facts_from_snapshot

    rows = connection.execute(
        sa.text(
            "SELECT r.person_id, r.register_data, r.submitted_at, r.registered_on, p.country, "
            "p.given_name, p.family_name FROM registration r JOIN person p ON p.id = r.person_id "
            "WHERE r.state IN ('pending', 'registered') ORDER BY r.submitted_at, r.id"
        )
    ).all()
    if not rows:
        return
    counsellors: dict[str, list[int]] = {}
    for staff_id, office in connection.execute(
        sa.text("SELECT id, office FROM staff_member WHERE role = 'counsellor' ORDER BY id")
    ):
        counsellors.setdefault(office, []).append(staff_id)
    turns = {office: cycle(ids) for office, ids in counsellors.items()}
    now = dt.datetime.now(dt.UTC)
    table = sa.table(
        "jobseeker_case",
        *(
            sa.column(name)
            for name in (
                "person_id",
                "office",
                "counsellor_id",
                "assigned_at",
                "opened_on",
                "family_key",
                "given_key",
                "plan_status",
                "social_assistance",
                "unemployed_since",
                "created_at",
                "updated_at",
            )
        ),
    )
    for person_id, register_data, submitted_at, registered_on, country, given, family in rows:
        profile = PROFILES.get(country)
        data = json.loads(register_data) if isinstance(register_data, str) else register_data
        facts = facts_from_snapshot(data)
        office = profile.offices.office_for(facts.municipality_code).name if profile else ""
        if isinstance(submitted_at, str):
            submitted_at = dt.datetime.fromisoformat(submitted_at)
        opened = registered_on or submitted_at.date()
        if isinstance(opened, str):
            opened = dt.date.fromisoformat(opened)
        turn = turns.get(office)
        connection.execute(
            table.insert().values(
                person_id=person_id,
                office=office,
                counsellor_id=next(turn) if turn else None,
                assigned_at=now,
                opened_on=opened,
                family_key=(family or "").casefold(),
                given_key=(given or "").casefold(),
                plan_status="none",
                social_assistance=facts.social_assistance,
                unemployed_since=facts.last_job_ended_on or opened,
                created_at=now,
                updated_at=now,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("case_note", schema=None) as batch_op:
        batch_op.drop_index("ix_case_note_person_created")
    op.drop_table("case_note")
    with op.batch_alter_table("jobseeker_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobseeker_case_next_due_on"))
        batch_op.drop_index(batch_op.f("ix_jobseeker_case_risk_level"))
        batch_op.drop_index("ix_jobseeker_case_office_assigned")
        batch_op.drop_index("ix_jobseeker_case_counsellor_family")
        batch_op.drop_index("ix_jobseeker_case_office_family")
    op.drop_table("jobseeker_case")
