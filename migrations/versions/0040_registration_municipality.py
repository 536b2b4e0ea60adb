"""The reports' region filter, per row: the registration's population-register municipality as a
column of its own (a copy of the register snapshot's JSON, back-filled here and kept by every write),
indexed with the person both ways. Whether a row's person lives in the region is then one probe of
(person_id, municipality) read from the index alone; with 0038's expression index each of the
reports page's figures read the region's ~20,000 registrations again (SQLite 3.40 reads the table
row behind every entry of an expression index: it is never covering). 0038's index is replaced by
(municipality, person_id), which the figures over many rows read instead, and the index of
person_id alone by (person_id, municipality) (issue 17)

Revision ID: 0040_registration_municipality
Revises: 0039_caseload_due_indexes
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0040_registration_municipality"
down_revision: str | None = "0039_caseload_due_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The path `portal.models.registration.population_municipality` reads in Python, in each database's
# notation (0038's index expression).
PATH_POSTGRESQL = "{sections,population,values,municipality_code}"
PATH_SQLITE = "$.sections.population.values.municipality_code"
POSTGRESQL = f"(register_data #>> '{PATH_POSTGRESQL}')"
SQLITE = f"json_extract(register_data, '{PATH_SQLITE}')"
INDEXES = {
    "ix_registration_person_municipality": ["person_id", "municipality"],
    "ix_registration_municipality_person": ["municipality", "person_id"],
}


def _expression() -> str:
    return POSTGRESQL if op.get_bind().dialect.name == "postgresql" else SQLITE


def upgrade() -> None:
    # A plain ALTER, not batch mode: SQLite's batch mode would copy the table and its 100,000s of rows.
    op.add_column(
        "registration",
        sa.Column(
            "municipality",
            sa.String(),
            nullable=True,
            comment="the population register's municipality in register_data (a copy, for the reports)",
        ),
    )
    # Only a string is a code (`population_municipality`); PostgreSQL's #>> gives any value as text.
    if op.get_bind().dialect.name == "postgresql":
        is_text = f"jsonb_typeof(register_data::jsonb #> '{PATH_POSTGRESQL}') = 'string'"
    else:
        is_text = f"json_type(register_data, '{PATH_SQLITE}') = 'text'"
    op.execute(f"UPDATE registration SET municipality = {_expression()} WHERE {is_text}")  # noqa: S608 - constants
    for name, columns in INDEXES.items():
        op.create_index(name, "registration", columns)
    op.drop_index("ix_registration_population_municipality", table_name="registration")
    # (person_id, municipality) serves every lookup by person; with both, SQLite probed the one of
    # person_id alone and read the table row behind it.
    op.drop_index("ix_registration_person_id", table_name="registration")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE registration")  # the planner's statistics of the new column


def downgrade() -> None:
    op.execute(
        f"CREATE INDEX ix_registration_population_municipality ON registration ({_expression()}, person_id)"
    )
    op.create_index("ix_registration_person_id", "registration", ["person_id"])
    for name in INDEXES:
        op.drop_index(name, table_name="registration")
    op.drop_column("registration", "municipality")
