"""Search: the places shown on the entry's row, and the id in the listing index on PostgreSQL (issue 18)

A results page read its rows' places with a statement of its own (`search_place` by entry id).
`search_entry.municipality_codes` holds the codes of the entry's places ("0296,0784": sorted,
comma-separated), written with the entry by `index.put`, so a page of results is one statement;
the filters still read `search_place` and its indexes. Back-filled from `search_place`.

On PostgreSQL `ix_search_entry_listing` includes the id: a filter-only count (and a county's
probe of `search_place` per candidate) could not be answered from the index alone, since the id
was not in it, and the planner read the table instead (a sequential scan of 830 pages for the
bench's 5,000 vacancies; 34 index pages with the id). SQLite's entries already carry the rowid,
which is the id: its index is unchanged.

Revision ID: 0045_search_entry_places
Revises: 0044_data_use_keyset_indexes
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0045_search_entry_places"
down_revision: str | None = "0044_data_use_keyset_indexes"
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
    "the municipality codes of its places, sorted, comma-separated (0296,0784); a copy "
    "of search_place's for the results to show, the filters read search_place"
)


def upgrade() -> None:
    # A plain ALTER, not batch mode: re-creating search_entry on SQLite would drop the FTS5
    # triggers of 0024_search (whose update trigger fires only for the folded text columns).
    op.add_column(
        "search_entry",
        sa.Column("municipality_codes", sa.Text(), server_default="", nullable=False, comment=COMMENT),
    )
    connection = op.get_bind()
    codes: dict[int, list[str]] = defaultdict(list)
    for entry_id, code in connection.execute(sa.text("SELECT entry_id, municipality_code FROM search_place")):
        codes[entry_id].append(code)
    rows = [{"id": entry_id, "codes": ",".join(sorted(set(found)))} for entry_id, found in codes.items()]
    statement = sa.text("UPDATE search_entry SET municipality_codes = :codes WHERE id = :id")
    for start in range(0, len(rows), 5000):
        connection.execute(statement, rows[start : start + 5000])
    if connection.dialect.name == "postgresql":
        op.drop_index("ix_search_entry_listing", table_name="search_entry")
        op.create_index("ix_search_entry_listing", "search_entry", LISTING, postgresql_include=["id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_search_entry_listing", table_name="search_entry")
        op.create_index("ix_search_entry_listing", "search_entry", LISTING)
    op.drop_column("search_entry", "municipality_codes")
