"""Shared fixtures: a migrated database per test session, emptied after every test.

Set `PORTAL_DATABASE_URL` to run the whole suite on PostgreSQL (CI does).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, text

from portal import create_app, migrations
from portal.database import build_engine
from portal.extensions import db
from portal.models import Base
from tests.pages import check_page


def reset_schema(engine: Engine) -> None:
    """Drop everything, including Alembic's table, so migrations start from empty."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            Base.metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("PORTAL_DATABASE_URL")
    if not url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'portal.sqlite3'}"
    engine = build_engine(url)
    reset_schema(engine)
    migrations.upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture
def instance_path(tmp_path: Path) -> Path:
    path = tmp_path / "instance"
    path.mkdir()
    return path


@pytest.fixture
def make_app(database_url: str, instance_path: Path) -> Iterator:
    created: list[Flask] = []

    def factory(**overrides: object) -> Flask:
        settings = {"ENV": "test", "DATABASE_URL": database_url, "LOG_FORMAT": "text"}
        settings.update(overrides)
        app = create_app(settings, instance_path=instance_path)
        created.append(app)
        return app

    yield factory
    for app in created:
        app.extensions["database_engine"].dispose()


@pytest.fixture
def app(make_app) -> Iterator[Flask]:
    app = make_app()
    yield app
    with app.app_context():
        empty_tables()


def empty_tables() -> None:
    db.session.remove()
    with db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


class PageCheckingClient(FlaskClient):
    """A test client that checks every HTML page it receives (see tests/pages.py)."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and not response.headers.get("HX-Request"):
            body = response.get_data(as_text=True)
            if body.lstrip().lower().startswith("<!doctype html"):
                check_page(body)
        return response


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = PageCheckingClient
    return app.test_client()
