"""`flask --app app db upgrade`, `flask --app app seed`: the same code paths as the web app."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from portal import migrations
from portal.extensions import db

db_cli = AppGroup("db", help="Database schema (Alembic migrations).")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Migrate the database to REVISION (default: head)."""
    migrations.upgrade(db.engine, revision)
    click.echo(f"database at {revision}")


@db_cli.command("downgrade")
@click.argument("revision")
def downgrade(revision: str) -> None:
    """Migrate the database down to REVISION (e.g. base)."""
    migrations.downgrade(db.engine, revision)
    click.echo(f"database at {revision}")


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def revision(message: str) -> None:
    """Autogenerate a new migration from the models."""
    from alembic import command

    command.revision(migrations.alembic_config(db.engine), message=message, autogenerate=True)


@click.command("seed")
@with_appcontext
def seed() -> None:
    """Add demo data; running it again changes nothing."""
    from portal.services.seed import seed_demo_data

    result = seed_demo_data()
    click.echo(f"demo data: {result.created} created, {result.unchanged} already present")


def init_app(app: Flask) -> None:
    app.cli.add_command(db_cli)
    app.cli.add_command(seed)
