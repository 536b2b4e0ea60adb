"""Alembic is the only way the schema is created or changed; this wraps its API.

Alembic itself (with Mako and Pygments, about 11 MiB) is imported only by the commands that migrate:
the web process asks whether the schema is at head on every readiness probe, and answers that from
the revision files and the `alembic_version` table without it (tests/unit/test_migrations.py checks
both answers against Alembic's own).
"""

from __future__ import annotations

import ast
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from portal.config import PROJECT_ROOT

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
VERSION_TABLE = "alembic_version"  # Alembic's default; migrations/env.py does not change it


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


# Parts of the schema only one database has, created by raw SQL in their migration and absent from
# the models: the search index's FTS5 table (and its shadow tables) on SQLite; its tsvector column
# and the GIN and trigram indexes on PostgreSQL (migration 0024_search). On both, the index's change
# counter, written by triggers only (migration 0053_search_change_counter).
BACKEND_ONLY_TABLE_PREFIX = "search_entry_fts"
TRIGGER_ONLY_TABLES = frozenset({"search_change"})
BACKEND_ONLY_COLUMNS = frozenset({("search_entry", "tsv")})
BACKEND_ONLY_INDEXES = frozenset({"ix_search_entry_tsv", "ix_search_entry_title_trgm"})


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Autogenerate and the schema test skip the backend-only parts of the schema."""
    if type_ == "table" and (
        (name or "").startswith(BACKEND_ONLY_TABLE_PREFIX) or name in TRIGGER_ONLY_TABLES
    ):
        return False
    if (
        type_ == "column"
        and (getattr(getattr(obj, "table", None), "name", None), name) in BACKEND_ONLY_COLUMNS
    ):
        return False
    return not (type_ == "index" and name in BACKEND_ONLY_INDEXES)


def _revision_ids(path) -> tuple[str, tuple[str, ...]]:
    """(revision, down revisions) of one revision file, read from its module-level assignments."""
    found: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            name, value = node.target.id, node.value
        elif (
            isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
        ):
            name, value = node.targets[0].id, node.value
        else:
            continue
        if name in ("revision", "down_revision"):
            found[name] = ast.literal_eval(value)
    down = found.get("down_revision")
    downs = () if down is None else (down,) if isinstance(down, str) else tuple(down)  # type: ignore[arg-type]
    return str(found["revision"]), downs


@cache
def head_revisions() -> frozenset[str]:
    """The revisions no other revision builds on (what `alembic heads` prints), from the files."""
    revisions, builds_on = set(), set()
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        revision, downs = _revision_ids(path)
        revisions.add(revision)
        builds_on.update(downs)
    return frozenset(revisions - builds_on)


def current_revisions(connection: Connection) -> frozenset[str]:
    """The revisions the database is at (empty before the first migration)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return frozenset()
    return frozenset(connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())  # noqa: S608


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(engine), revision)
