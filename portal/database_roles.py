"""Two PostgreSQL roles: the owner (migrator) that runs `flask db upgrade` and owns every table,
and the application role the running portal connects as. The application role may read and
write the portal's tables, but on the audit tables only INSERT and SELECT: a compromised or buggy
portal cannot rewrite or erase its own audit trail. (Foreign-key actions such as ON DELETE SET
NULL run with the table owner's rights, so erasing a person still works.)"""

from __future__ import annotations

from sqlalchemy import Connection, text

# Append-only: what happened, and which registers were asked about whom.
AUDIT_TABLES = ("audit_event", "xroad_query")
READ_ONLY_TABLES = ("alembic_version",)
APP_ROLE_SETTING = "PORTAL_DATABASE_APP_ROLE"
# The one change the application may make to the query log: replace an anonymised person's personal
# code (migration 0027; runs with the owner's rights and checks the person is anonymised).
PSEUDONYMISE_FUNCTION = "pseudonymise_xroad_query"


def _quoted(connection: Connection, role: str) -> str:
    exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}).scalar()
    if not exists:
        raise ValueError(f"PostgreSQL role {role!r} does not exist; create it first")
    return connection.dialect.identifier_preparer.quote_identifier(role)


def grant_application_role(connection: Connection, role: str) -> None:
    """Idempotent; also sets default privileges so tables later migrations create are covered."""
    app = _quoted(connection, role)
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {app}",
    ]
    for table in AUDIT_TABLES:
        statements.append(f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {table} FROM {app}")
        statements.append(f"GRANT SELECT, INSERT ON {table} TO {app}")
    for table in READ_ONLY_TABLES:
        statements.append(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {table} FROM {app}")
    function = connection.execute(
        text(f"SELECT to_regprocedure('{PSEUDONYMISE_FUNCTION}(text, text, text)')")
    ).scalar()
    if function is not None:  # created by a later migration than the one that first grants
        statements.append(f"GRANT EXECUTE ON FUNCTION {PSEUDONYMISE_FUNCTION}(text, text, text) TO {app}")
    for statement in statements:
        connection.execute(text(statement))


def revoke_application_role(connection: Connection, role: str) -> None:
    app = _quoted(connection, role)
    for statement in (
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM {app}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM {app}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {app}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {app}",
        f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM {app}",
        f"REVOKE USAGE ON SCHEMA public FROM {app}",
    ):
        connection.execute(text(statement))
