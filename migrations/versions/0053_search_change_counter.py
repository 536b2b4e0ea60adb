"""Search: a change counter of the index, so a worker may keep search results (issue 18)

`search_change` holds one row whose `counter` moves in every transaction that writes
`search_entry` or `search_place`, whoever writes them (publishing, editing, closing or expiring a
vacancy or training, `flask search generate`/`reindex`, a bulk load, plain SQL): triggers, not the
portal's code, move it. A worker keeps the results of an anonymous search under the counter it read
before running it (`portal.services.search.kept`), so a kept result is of the index as it is.

- SQLite: a trigger per written row adds one in the writer's transaction (one writer at a time).
- PostgreSQL: a deferred constraint trigger per written row adds one at commit, once per
  transaction (a transaction-local setting marks it done), so the counter row's lock is held only
  while the writer commits, never while it goes on to take other locks (the audit chain's); a
  TRUNCATE adds one at once.

Not in the models (like the FTS5 table): no code writes it, and the tests' emptying of every
model's table between tests must leave its row.

Revision ID: 0053_search_change_counter
Revises: 0050_session_change_notify
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0053_search_change_counter"
down_revision: str | None = "0050_session_change_notify"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("search_entry", "search_place")
OPERATIONS = ("insert", "update", "delete")

SQLITE_UP = [
    "CREATE TABLE search_change (id INTEGER PRIMARY KEY CHECK (id = 1), counter INTEGER NOT NULL)",
    "INSERT INTO search_change (id, counter) VALUES (1, 0)",
    *(
        f"""CREATE TRIGGER {table}_change_{operation} AFTER {operation.upper()} ON {table} BEGIN
        UPDATE search_change SET counter = counter + 1;
    END"""  # noqa: S608 - this file's constants, no input
        for table in TABLES
        for operation in OPERATIONS
    ),
]
SQLITE_DOWN = [
    *(f"DROP TRIGGER IF EXISTS {table}_change_{operation}" for table in TABLES for operation in OPERATIONS),
    "DROP TABLE IF EXISTS search_change",
]
POSTGRES_UP = [
    "CREATE TABLE search_change (id integer PRIMARY KEY CHECK (id = 1), counter bigint NOT NULL)",
    "INSERT INTO search_change (id, counter) VALUES (1, 0)",
    """
CREATE FUNCTION search_change_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Once per transaction: its other rows' triggers find the setting made (it ends with it).
    IF current_setting('pes.search_changed', true) IS DISTINCT FROM 'yes' THEN
        PERFORM set_config('pes.search_changed', 'yes', true);
        UPDATE search_change SET counter = counter + 1 WHERE id = 1;
    END IF;
    RETURN NULL;
END
$$
""",
    *(
        f"""
CREATE CONSTRAINT TRIGGER {table}_change AFTER INSERT OR UPDATE OR DELETE ON {table}
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION search_change_count()
"""
        for table in TABLES
    ),
    *(
        f"""
CREATE TRIGGER {table}_change_truncate AFTER TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION search_change_count()
"""
        for table in TABLES
    ),
]
POSTGRES_DOWN = [
    *(f"DROP TRIGGER IF EXISTS {table}_change ON {table}" for table in TABLES),
    *(f"DROP TRIGGER IF EXISTS {table}_change_truncate ON {table}" for table in TABLES),
    "DROP FUNCTION IF EXISTS search_change_count()",
    "DROP TABLE IF EXISTS search_change",
]


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRES_UP if postgresql else SQLITE_UP:
        op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRES_DOWN if postgresql else SQLITE_DOWN:
        op.execute(statement)
