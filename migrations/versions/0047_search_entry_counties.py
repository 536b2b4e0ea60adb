"""Search: the county codes on the entry's row and in the listing index (issue 18)

The county filter probed `search_place` (county, entry) once for each entry the listing index
offered: three quarters of a county search's statement on SQLite. `search_entry.county_codes` holds
the entry's county codes (",37,78,": sorted, distinct, each between commas, "" without any),
written with the entry by `index.put`, and `ix_search_entry_listing` ends with it, so the filter
is read from the index entry the listing walks anyway. The municipality filter still reads
`search_place`. Back-filled from `search_place`.

Revision ID: 0047_search_entry_counties
Revises: 0046_audit_append_one
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0047_search_entry_counties"
down_revision: str | None = "0046_audit_append_one"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LISTING = [
    "kind",
    "published_at",
    "deadline",
    "working_time",
    "contract",
    "wage_max",
    "remote",
    "occupation_group",
    "education_level",
]
COMMENT = (
    "the county codes of its places, sorted, each between commas (,37,78,); a copy of "
    "search_place's for the county filter, read from the listing index"
)


def _listing(columns: list[str]) -> None:
    op.drop_index("ix_search_entry_listing", table_name="search_entry")
    op.create_index("ix_search_entry_listing", "search_entry", columns, postgresql_include=["id"])


def upgrade() -> None:
    # A plain ALTER, not batch mode: re-creating search_entry on SQLite would drop the FTS5
    # triggers of 0024_search (whose update trigger fires only for the folded text columns).
    op.add_column(
        "search_entry",
        sa.Column("county_codes", sa.Text(), server_default="", nullable=False, comment=COMMENT),
    )
    connection = op.get_bind()
    counties: dict[int, set[str]] = defaultdict(set)
    for entry_id, county in connection.execute(
        sa.text("SELECT entry_id, county_code FROM search_place WHERE county_code != ''")
    ):
        counties[entry_id].add(county)
    rows = [{"id": entry_id, "codes": f",{','.join(sorted(found))},"} for entry_id, found in counties.items()]
    statement = sa.text("UPDATE search_entry SET county_codes = :codes WHERE id = :id")
    for start in range(0, len(rows), 5000):
        connection.execute(statement, rows[start : start + 5000])
    _listing([*LISTING, "county_codes"])


def downgrade() -> None:
    _listing(LISTING)
    op.drop_column("search_entry", "county_codes")
