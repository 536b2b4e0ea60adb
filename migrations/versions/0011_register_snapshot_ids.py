"""register snapshots keep the X-Road-Id of each register's answer

Drafts and registrations written before this kept no message id; the decision's facts used to
find it in the query log by a time window at every decision. This finds it once, the same way,
and stores it in the snapshot (`xroad_id` of each section), so nothing reconstructs it again.

Revision ID: 0011_register_snapshot_ids
Revises: 0010_audit_chain
Create Date: 2026-12-03
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0011_register_snapshot_ids"
down_revision: str | None = "0010_audit_chain"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PREFILL_PURPOSE = "registration as a jobseeker: prefill"
# The operation each section's prefill call logged (the service ids depend on the deployment).
OPERATIONS = {
    "getPerson": "population",
    "getQualifications": "education",
    "getEmployments": "employment",
    "getBeneficiary": "social_assistance",
    "getCoverage": "health_insurance",
}

_query = sa.table(
    "xroad_query",
    sa.column("xroad_id", sa.String),
    sa.column("operation", sa.String),
    sa.column("subject_code", sa.String),
    sa.column("purpose", sa.String),
    sa.column("outcome", sa.String),
    sa.column("occurred_at", sa.DateTime),
)


def _aware(value: Any) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _message_ids(connection: sa.Connection, national_code: str, since: dt.datetime) -> dict[str, str]:
    rows = connection.execute(
        sa.select(_query.c.operation, _query.c.xroad_id, _query.c.occurred_at)
        .where(
            _query.c.subject_code == national_code,
            _query.c.purpose == PREFILL_PURPOSE,
            _query.c.outcome.in_(("ok", "not_found")),
        )
        .order_by(_query.c.occurred_at)
    )
    found: dict[str, str] = {}
    for operation, xroad_id, occurred_at in rows:
        if operation in OPERATIONS and _aware(occurred_at) >= since - dt.timedelta(minutes=1):
            found[OPERATIONS[operation]] = xroad_id  # the latest one wins, as the old lookup did
    return found


def _backfill(connection: sa.Connection, table: str, column: str) -> None:
    rows_of = sa.table(
        table,
        sa.column("id", sa.Integer),
        sa.column("person_id", sa.Integer),
        sa.column("consent_at", sa.DateTime),
        sa.column(column, sa.JSON),
    )
    person = sa.table("person", sa.column("id", sa.Integer), sa.column("national_code", sa.String))
    rows = connection.execute(
        sa.select(rows_of.c.id, rows_of.c[column], rows_of.c.consent_at, person.c.national_code).join(
            person, person.c.id == rows_of.c.person_id
        )
    ).all()
    for row_id, stored, consent_at, national_code in rows:
        data = dict(stored or {})
        sections = data.get("sections") or {}
        if not sections or all("xroad_id" in section for section in sections.values()):
            continue
        ids = _message_ids(connection, national_code, _aware(consent_at))
        for name, section in sections.items():
            section.setdefault("xroad_id", ids.get(name) if section.get("status") != "failed" else None)
        connection.execute(sa.update(rows_of).where(rows_of.c.id == row_id).values({column: data}))


def upgrade() -> None:
    connection = op.get_bind()
    _backfill(connection, "registration", "register_data")
    _backfill(connection, "registration_draft", "prefill")


def downgrade() -> None:
    # The ids are extra keys the earlier code ignores: nothing to undo.
    pass
