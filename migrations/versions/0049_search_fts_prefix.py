"""Search on SQLite: FTS5 prefix indexes for words of three and four letters (issue 18)

Every word of three letters or more is searched as a prefix (`"juht"*`), and with htmx the results
follow the typing, so most searches end with a short, unfinished word. Without a prefix index FTS5
finds such a word by walking every indexed term that begins with it and merging their lists of
entries, once for the match and again for bm25's frequencies: the most terms for the shortest
prefixes. `prefix='3 4'` keeps, for each term, its first three and first four letters as terms of
their own, so a three- or four-letter word is one list; longer words share few terms and stay as
they were. Measured at 4,500 entries (`bench.instructions`, SQLite): the results fragment
(`juht`, a county, a wage) 4.30 -> 4.06 M instructions, one word (`kokk`) 6.53 -> 6.29; the
index's pages 1.6 -> 4.0 MB.

The external-content table is created anew with the option and rebuilt from `search_entry`; the
triggers of 0024_search, which name it, are unchanged. PostgreSQL: nothing (its GIN index reads a
prefix's terms from the index pages it walks).

Revision ID: 0049_search_fts_prefix
Revises: 0054_audit_append_unflushed
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0049_search_fts_prefix"
down_revision: str | None = "0054_audit_append_unflushed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fts_table(options: str) -> list[str]:
    return [
        "DROP TABLE IF EXISTS search_entry_fts",
        f"""CREATE VIRTUAL TABLE search_entry_fts USING fts5(
        title_folded, text_folded, content='search_entry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'{options})""",
        # Relevance as in 0024_search: bm25 with a word in the title worth four in the text.
        "INSERT INTO search_entry_fts(search_entry_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)')",
        "INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in _fts_table(", prefix='3 4'"):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in _fts_table(""):
        op.execute(statement)
