"""Matching: the vacancy's municipality codes on its row and in `ix_vacancy_matching` (issue 14)

Vacancies for a person scored the place with a correlated subquery on `vacancy_place` for every
published vacancy of the person's occupation ranges (up to ~11,500 of 100,000). With the codes on
the row (',0784,0793,', sorted), the place is scored from the covering index and the ranking's
floor applies before any subquery. Back-filled from `vacancy_place`; kept by every flush
(`models.vacancy.refresh_place_codes`) and by the bulk loaders.

Revision ID: 0041_vacancy_place_codes
Revises: 0040_registration_municipality
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0041_vacancy_place_codes"
down_revision: str | None = "0040_registration_municipality"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MATCHING = [
    "occupation_code",
    "state",
    "deadline",
    "published_at",
    "remote",
    "working_time",
    "contract",
    "education_level",
    "driving_licence",
    "start_date",
    "wage_max",
]
COMMENT = (
    "the municipality codes of its places, sorted, each between commas (,0784,0793,); "
    "empty: none. A copy for matching, kept after every flush (refresh_place_codes)"
)


def upgrade() -> None:
    # A plain ALTER, not batch mode: re-creating vacancy on SQLite would cascade-delete its rows.
    op.add_column(
        "vacancy", sa.Column("place_codes", sa.Text(), server_default="", nullable=False, comment=COMMENT)
    )
    connection = op.get_bind()
    codes: dict[int, list[str]] = defaultdict(list)
    for vacancy_id, code in connection.execute(
        sa.text("SELECT vacancy_id, municipality_code FROM vacancy_place")
    ):
        codes[vacancy_id].append(code)
    rows = [
        {"id": vacancy_id, "codes": "," + ",".join(sorted(set(found))) + ","}
        for vacancy_id, found in codes.items()
    ]
    statement = sa.text("UPDATE vacancy SET place_codes = :codes WHERE id = :id")
    for start in range(0, len(rows), 5000):
        connection.execute(statement, rows[start : start + 5000])
    op.drop_index("ix_vacancy_matching", table_name="vacancy")
    op.create_index("ix_vacancy_matching", "vacancy", [*MATCHING, "place_codes"])


def downgrade() -> None:
    op.drop_index("ix_vacancy_matching", table_name="vacancy")
    op.create_index("ix_vacancy_matching", "vacancy", MATCHING)
    op.drop_column("vacancy", "place_codes")
