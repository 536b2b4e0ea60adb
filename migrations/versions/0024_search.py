"""Search: the index of published vacancies and trainings (with FTS5 on SQLite, tsvector + GIN,
unaccent and pg_trgm on PostgreSQL) and jobseekers' saved searches

Revision ID: 0024_search
Revises: 0023_employment_plan
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.models.base

revision: str = "0024_search"
down_revision: str | None = "0023_employment_plan"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = [
    # External content: the text lives once, in search_entry; the FTS5 table holds only the index.
    "DROP TABLE IF EXISTS search_entry_fts",
    """CREATE VIRTUAL TABLE search_entry_fts USING fts5(
        title_folded, text_folded, content='search_entry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    # Relevance: bm25 with a word in the title worth four in the text.
    "INSERT INTO search_entry_fts(search_entry_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)')",
    """CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_entry BEGIN
        INSERT INTO search_entry_fts(rowid, title_folded, text_folded)
        VALUES (new.id, new.title_folded, new.text_folded);
    END""",
    """CREATE TRIGGER search_entry_fts_delete AFTER DELETE ON search_entry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, title_folded, text_folded)
        VALUES ('delete', old.id, old.title_folded, old.text_folded);
    END""",
    """CREATE TRIGGER search_entry_fts_update AFTER UPDATE OF title_folded, text_folded ON search_entry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, title_folded, text_folded)
        VALUES ('delete', old.id, old.title_folded, old.text_folded);
        INSERT INTO search_entry_fts(rowid, title_folded, text_folded)
        VALUES (new.id, new.title_folded, new.text_folded);
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_entry_fts_update",
    "DROP TRIGGER IF EXISTS search_entry_fts_delete",
    "DROP TRIGGER IF EXISTS search_entry_fts_insert",
    "DROP TABLE IF EXISTS search_entry_fts",
]
POSTGRES_UP = [
    # Both are "trusted" extensions (PostgreSQL 13+): the database owner may create them.
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE TEXT SEARCH CONFIGURATION portal_search (COPY = pg_catalog.simple)",
    """ALTER TEXT SEARCH CONFIGURATION portal_search
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple""",
    """ALTER TABLE search_entry ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('portal_search'::regconfig, title_folded), 'A')
        || setweight(to_tsvector('portal_search'::regconfig, text_folded), 'B')) STORED""",
    "CREATE INDEX ix_search_entry_tsv ON search_entry USING gin (tsv)",
    "CREATE INDEX ix_search_entry_title_trgm ON search_entry USING gin (title_folded gin_trgm_ops)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS ix_search_entry_title_trgm",
    "DROP INDEX IF EXISTS ix_search_entry_tsv",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS tsv",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS portal_search",
]


def upgrade() -> None:
    op.create_table(
        "search_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("vacancy", "training", name="entrykind", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("ref_id", sa.Integer(), nullable=False, comment="id of the vacancy or training"),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("organisation", sa.String(length=300), nullable=False, comment="employer or provider"),
        sa.Column(
            "summary", sa.String(length=400), nullable=False, comment="start of the description, plain text"
        ),
        sa.Column(
            "title_folded", sa.String(length=300), nullable=False, comment="title, lower case, no diacritics"
        ),
        sa.Column(
            "text_folded",
            sa.Text(),
            nullable=False,
            comment="description, organisation and occupation titles in every language, folded",
        ),
        sa.Column("occupation_code", sa.String(length=4), nullable=True, comment="ISCO-08 unit group"),
        sa.Column("occupation_group", sa.String(length=1), nullable=True, comment="ISCO-08 major group"),
        sa.Column("remote", sa.Boolean(), nullable=False),
        sa.Column("working_time", sa.String(length=20), nullable=True),
        sa.Column("contract", sa.String(length=20), nullable=True),
        sa.Column("wage_min", sa.Integer(), nullable=True),
        sa.Column(
            "wage_max", sa.Integer(), nullable=True, comment="a 'minimum wage' filter compares with this"
        ),
        sa.Column("education_level", sa.Integer(), nullable=True, comment="ISCED level required, 0-8"),
        sa.Column("published_at", portal.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True, comment="apply by (vacancy) or start (training)"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entry")),
        sa.UniqueConstraint("kind", "ref_id", name=op.f("uq_search_entry_kind")),
    )
    with op.batch_alter_table("search_entry", schema=None) as batch_op:
        batch_op.create_index("ix_search_entry_kind_published", ["kind", "published_at"], unique=False)
        batch_op.create_index("ix_search_entry_kind_deadline", ["kind", "deadline"], unique=False)
        batch_op.create_index(
            "ix_search_entry_kind_group", ["kind", "occupation_group", "published_at"], unique=False
        )
        batch_op.create_index("ix_search_entry_kind_wage", ["kind", "wage_max"], unique=False)
    op.create_table(
        "search_place",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=10), nullable=False),
        sa.Column("county_code", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["search_entry.id"],
            name=op.f("fk_search_place_entry_id_search_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("entry_id", "municipality_code", name=op.f("pk_search_place")),
    )
    with op.batch_alter_table("search_place", schema=None) as batch_op:
        batch_op.create_index("ix_search_place_municipality", ["municipality_code", "entry_id"], unique=False)
        batch_op.create_index("ix_search_place_county", ["county_code", "entry_id"], unique=False)
    op.create_table(
        "saved_search",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("vacancy", "training", name="entrykind", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("query", sa.JSON(), nullable=False, comment="the search's parameters, normalised"),
        sa.Column(
            "label", sa.String(length=200), nullable=False, comment="what the person sees in their list"
        ),
        sa.Column("alerts", sa.Boolean(), nullable=False, comment="daily e-mail of new matches"),
        sa.Column(
            "alerted_up_to",
            portal.models.base.UTCDateTime(timezone=True),
            nullable=False,
            comment="entries published after this are new for the next alert",
        ),
        sa.Column(
            "created_at",
            portal.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_saved_search_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_search")),
    )
    with op.batch_alter_table("saved_search", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_search_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_saved_search_alerts"), ["alerts"], unique=False)

    statements = POSTGRES_UP if op.get_bind().dialect.name == "postgresql" else SQLITE_UP
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    statements = POSTGRES_DOWN if op.get_bind().dialect.name == "postgresql" else SQLITE_DOWN
    for statement in statements:
        op.execute(statement)
    with op.batch_alter_table("saved_search", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_search_alerts"))
        batch_op.drop_index(batch_op.f("ix_saved_search_person_id"))
    op.drop_table("saved_search")
    with op.batch_alter_table("search_place", schema=None) as batch_op:
        batch_op.drop_index("ix_search_place_county")
        batch_op.drop_index("ix_search_place_municipality")
    op.drop_table("search_place")
    with op.batch_alter_table("search_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_search_entry_kind_wage")
        batch_op.drop_index("ix_search_entry_kind_group")
        batch_op.drop_index("ix_search_entry_kind_deadline")
        batch_op.drop_index("ix_search_entry_kind_published")
    op.drop_table("search_entry")
