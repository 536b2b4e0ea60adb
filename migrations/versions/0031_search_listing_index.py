"""Search at 100,000 vacancies: one listing index holding every filtered column (covering the
filters and the count), instead of (kind, published_at) and (kind, wage_max)

Revision ID: 0031_search_listing_index
Revises: 0030_caseload_indexes
Create Date: 2026-12-03

`ix_search_entry_kind_wage` goes: without statistics SQLite's planner took a wage range for
selective, walked that index and sorted thousands of wide rows; the listing index answers a wage
filter in published order instead.

On PostgreSQL the two GIN indexes get `fastupdate = off`: with it on, new entries wait in a pending
list that every search reads in full until (auto)vacuum merges it; after the 100,000-vacancy load
that list made a search for a word that matches nothing cost 17 ms of server time instead of
0.1 ms. A vacancy published is a few GIN insertions more; searches stay as fast between vacuums.
See docs/performance.md (search).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0031_search_listing_index"
down_revision: str | None = "0030_caseload_indexes"
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

GIN_INDEXES = ("ix_search_entry_tsv", "ix_search_entry_title_trgm")  # created by 0024_search


def upgrade() -> None:
    # Plain CREATE/DROP INDEX (no batch mode): on SQLite a batch rebuild of search_entry would drop
    # the FTS5 triggers of 0024_search.
    op.create_index("ix_search_entry_listing", "search_entry", LISTING, unique=False)
    op.drop_index("ix_search_entry_kind_published", table_name="search_entry")
    op.drop_index("ix_search_entry_kind_wage", table_name="search_entry")
    if op.get_bind().dialect.name == "postgresql":
        for index in GIN_INDEXES:
            op.execute(f"ALTER INDEX {index} SET (fastupdate = off)")
            op.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for index in GIN_INDEXES:
            op.execute(f"ALTER INDEX {index} RESET (fastupdate)")
    op.create_index("ix_search_entry_kind_wage", "search_entry", ["kind", "wage_max"], unique=False)
    op.create_index("ix_search_entry_kind_published", "search_entry", ["kind", "published_at"], unique=False)
    op.drop_index("ix_search_entry_listing", table_name="search_entry")
