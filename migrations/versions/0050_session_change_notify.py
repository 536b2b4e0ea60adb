"""Login sessions: PostgreSQL notifies the workers when a session's row changes (issue 18)

Each worker process keeps the login sessions it read (`portal.services.session_cache`) and drops
one when it hears on the channel `pes_session_change`:

- the token's hash, when a `login_session` row is deleted or changes in anything but a forward move
  of `last_seen_at` (ended, role switched, acting for another company; a stamp moved back brings
  the idle end nearer, so it notifies too). A forward stamp is the once-a-minute touch, which the
  workers do not need to hear about (they re-read a session whose stamp is a minute old);
- `person:<id>` when that person's staff row is added, changed or removed, or their names,
  country or national code (which the session row carries) change;
- `*` when one of these tables is truncated.

SQLite: nothing (one machine; its sessions are read from the database on every request).

Revision ID: 0050_session_change_notify
Revises: 0051_audit_append_durable
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0050_session_change_notify"
down_revision: str | None = "0051_audit_append_durable"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here as it is at this revision: portal.services.session_cache.CHANNEL.
CHANNEL = "pes_session_change"


def _person_function(column: str) -> str:
    """Notifies `person:<the row's {column}>` (old and new): one function per column name."""
    return f"""
CREATE FUNCTION session_change_notify_person_{column}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM pg_notify('{CHANNEL}', 'person:' || OLD.{column});
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.{column} IS DISTINCT FROM OLD.{column}) THEN
        PERFORM pg_notify('{CHANNEL}', 'person:' || NEW.{column});
    END IF;
    RETURN NULL;
END
$$
"""


UPGRADE = [
    f"""
CREATE FUNCTION session_change_notify_login() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', OLD.token_hash);
    IF TG_OP = 'UPDATE' AND NEW.token_hash IS DISTINCT FROM OLD.token_hash THEN
        PERFORM pg_notify('{CHANNEL}', NEW.token_hash);
    END IF;
    RETURN NULL;
END
$$
""",
    _person_function("id"),
    _person_function("person_id"),
    f"""
CREATE FUNCTION session_change_notify_all() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', '*');
    RETURN NULL;
END
$$
""",
    """
CREATE TRIGGER login_session_change_notify
AFTER UPDATE ON login_session FOR EACH ROW
WHEN (
    to_jsonb(OLD) - 'last_seen_at' IS DISTINCT FROM to_jsonb(NEW) - 'last_seen_at'
    OR NEW.last_seen_at < OLD.last_seen_at
)
EXECUTE FUNCTION session_change_notify_login()
""",
    """
CREATE TRIGGER login_session_delete_notify
AFTER DELETE ON login_session FOR EACH ROW
EXECUTE FUNCTION session_change_notify_login()
""",
    """
CREATE TRIGGER person_change_notify
AFTER UPDATE OF id, given_name, family_name, country, national_code ON person FOR EACH ROW
WHEN (
    (OLD.id, OLD.given_name, OLD.family_name, OLD.country, OLD.national_code)
    IS DISTINCT FROM (NEW.id, NEW.given_name, NEW.family_name, NEW.country, NEW.national_code)
)
EXECUTE FUNCTION session_change_notify_person_id()
""",
    """
CREATE TRIGGER staff_member_change_notify
AFTER INSERT OR UPDATE OR DELETE ON staff_member FOR EACH ROW
EXECUTE FUNCTION session_change_notify_person_person_id()
""",
    *(
        f"""
CREATE TRIGGER {table}_truncate_notify AFTER TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION session_change_notify_all()
"""
        for table in ("login_session", "person", "staff_member")
    ),
]

DOWNGRADE = """
DROP TRIGGER IF EXISTS login_session_change_notify ON login_session;
DROP TRIGGER IF EXISTS login_session_delete_notify ON login_session;
DROP TRIGGER IF EXISTS login_session_truncate_notify ON login_session;
DROP TRIGGER IF EXISTS person_change_notify ON person;
DROP TRIGGER IF EXISTS person_truncate_notify ON person;
DROP TRIGGER IF EXISTS staff_member_change_notify ON staff_member;
DROP TRIGGER IF EXISTS staff_member_truncate_notify ON staff_member;
DROP FUNCTION IF EXISTS session_change_notify_login();
DROP FUNCTION IF EXISTS session_change_notify_person_id();
DROP FUNCTION IF EXISTS session_change_notify_person_person_id();
DROP FUNCTION IF EXISTS session_change_notify_all();
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in UPGRADE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(DOWNGRADE)
