"""The reports' region filter: an expression index of each registration's population-register
municipality (the register snapshot's JSON) with the person, so the filter's EXISTS finds the
region's registrations in the index instead of reading every registration's JSON

Revision ID: 0038_registration_region_index
Revises: 0037_caseload_risk_index
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0038_registration_region_index"
down_revision: str | None = "0037_caseload_risk_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The same text as `portal.services.reports.registry.population_municipality` compiles to: an
# expression index is used only for the expression it was written with.
POSTGRESQL = "(register_data #>> '{sections,population,values,municipality_code}')"
SQLITE = "json_extract(register_data, '$.sections.population.values.municipality_code')"


def upgrade() -> None:
    expression = POSTGRESQL if op.get_bind().dialect.name == "postgresql" else SQLITE
    op.execute(
        f"CREATE INDEX ix_registration_population_municipality ON registration ({expression}, person_id)"
    )


def downgrade() -> None:
    op.drop_index("ix_registration_population_municipality", table_name="registration")
