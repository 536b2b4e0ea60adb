"""Meetings between a counsellor and a jobseeker: kind and place, time and length, state, the
person's reason to reschedule, the old time kept when moved, attendance, the day-before reminder
and the follow-up of a missed meeting (issue 15)

Revision ID: 0033_meetings
Revises: 0032_saved_vacancies
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.models.base

revision: str = "0033_meetings"
down_revision: str | None = "0032_saved_vacancies"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("counsellor_id", sa.Integer(), nullable=True, comment="the counsellor holding the meeting"),
        sa.Column("office", sa.String(length=200), nullable=False, comment="the case's office when booked"),
        sa.Column(
            "kind",
            sa.Enum("in_person", "phone", "video", name="meetingkind", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("address", sa.String(length=300), nullable=True, comment="in person: where"),
        sa.Column("video_url", sa.String(length=500), nullable=True, comment="video: the https link"),
        sa.Column(
            "phone", sa.String(length=40), nullable=True, comment="phone: the number the counsellor calls"
        ),
        sa.Column("starts_at", portal.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=300), nullable=True, comment="what the meeting is about"),
        sa.Column(
            "state",
            sa.Enum(
                "booked",
                "reschedule_requested",
                "rescheduled",
                "attended",
                "missed",
                "cancelled",
                name="meetingstate",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("booked_at", portal.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("booked_by_person_id", sa.Integer(), nullable=True),
        sa.Column("replaces_id", sa.Integer(), nullable=True, comment="the meeting this one rescheduled"),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True, comment="rescheduled: the new meeting"),
        sa.Column("reschedule_reason", sa.Text(), nullable=True, comment="the person's reason"),
        sa.Column("reschedule_requested_at", portal.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "reschedule_answer",
            sa.Text(),
            nullable=True,
            comment="the counsellor kept the time: why, as the person reads it",
        ),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column(
            "ended_at",
            portal.models.base.UTCDateTime(timezone=True),
            nullable=True,
            comment="rescheduled, cancelled, or attendance recorded",
        ),
        sa.Column("ended_by_person_id", sa.Integer(), nullable=True),
        sa.Column(
            "reminded_at",
            portal.models.base.UTCDateTime(timezone=True),
            nullable=True,
            comment="the day-before reminder went out",
        ),
        sa.Column(
            "follow_up",
            sa.Text(),
            nullable=True,
            comment="missed: what the counsellor did under the profile's rule",
        ),
        sa.Column("followed_up_at", portal.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("followed_up_by_person_id", sa.Integer(), nullable=True),
        sa.Column(
            "updated_at",
            portal.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["booked_by_person_id"],
            ["person.id"],
            name=op.f("fk_meeting_booked_by_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["counsellor_id"],
            ["staff_member.id"],
            name=op.f("fk_meeting_counsellor_id_staff_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ended_by_person_id"],
            ["person.id"],
            name=op.f("fk_meeting_ended_by_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["followed_up_by_person_id"],
            ["person.id"],
            name=op.f("fk_meeting_followed_up_by_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_meeting_person_id_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["replaced_by_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_replaced_by_id_meeting"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["replaces_id"], ["meeting.id"], name=op.f("fk_meeting_replaces_id_meeting"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_person_starts", ["person_id", "starts_at"], unique=False)
        batch_op.create_index("ix_meeting_state_starts", ["state", "starts_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_state_starts")
        batch_op.drop_index("ix_meeting_person_starts")

    op.drop_table("meeting")
