"""Alembic environment: the engine comes from the portal (CLI or tests), never from a URL here."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from portal.migrations import include_object
from portal.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        from portal import create_app
        from portal.extensions import db

        create_app()
        engine = db.engine
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # A migration may rewrite a large table: the portal's per-statement limit is for requests.
            connection.execute(text("SET statement_timeout = 0"))
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,  # SQLite can only ALTER through table copies
            compare_type=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run against a database.")
run_migrations_online()
