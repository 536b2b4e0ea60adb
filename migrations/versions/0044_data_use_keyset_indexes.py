"""Who used my data, paged by keyset: the person's audit events by actor role and the X-Road
messages about them by direction, each in page order (moment, id), so a page reads its 25 entries
and one more from each part instead of counting and sorting every use of the person (issue 18)

The indexes of (person, moment) and (code, moment) they replace served only this page (and the
lookups by person or code, which the new ones serve as well).

Revision ID: 0044_data_use_keyset_indexes
Revises: 0043_vacancy_matching_include_id
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0044_data_use_keyset_indexes"
down_revision: str | None = "0043_vacancy_matching_include_id"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_audit_event_subject_role_occurred",
        "audit_event",
        ["subject_person_id", "actor_role", "occurred_at", "id"],
    )
    op.drop_index("ix_audit_event_subject_occurred", table_name="audit_event")
    op.create_index(
        "ix_xroad_query_subject_direction_occurred",
        "xroad_query",
        ["subject_code", "direction", "occurred_at", "id"],
    )
    op.drop_index("ix_xroad_query_subject_occurred", table_name="xroad_query")


def downgrade() -> None:
    op.create_index("ix_xroad_query_subject_occurred", "xroad_query", ["subject_code", "occurred_at"])
    op.drop_index("ix_xroad_query_subject_direction_occurred", table_name="xroad_query")
    op.create_index("ix_audit_event_subject_occurred", "audit_event", ["subject_person_id", "occurred_at"])
    op.drop_index("ix_audit_event_subject_role_occurred", table_name="audit_event")
