"""Alembic is the only way the schema is created or changed; this wraps its API."""

from __future__ import annotations

from functools import cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from portal.config import PROJECT_ROOT

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


# Parts of the schema only one database has, created by raw SQL in their migration and absent from
# the models: the search index's FTS5 table (and its shadow tables) on SQLite; its tsvector column
# and the GIN and trigram indexes on PostgreSQL (migration 0024_search).
BACKEND_ONLY_TABLE_PREFIX = "search_entry_fts"
BACKEND_ONLY_COLUMNS = frozenset({("search_entry", "tsv")})
BACKEND_ONLY_INDEXES = frozenset({"ix_search_entry_tsv", "ix_search_entry_title_trgm"})


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Autogenerate and the schema test skip the backend-only parts of the search index."""
    if type_ == "table" and (name or "").startswith(BACKEND_ONLY_TABLE_PREFIX):
        return False
    if (
        type_ == "column"
        and (getattr(getattr(obj, "table", None), "name", None), name) in BACKEND_ONLY_COLUMNS
    ):
        return False
    return not (type_ == "index" and name in BACKEND_ONLY_INDEXES)


@cache
def head_revisions() -> frozenset[str]:
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revisions(connection: Connection) -> frozenset[str]:
    return frozenset(MigrationContext.configure(connection).get_current_heads())


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)
