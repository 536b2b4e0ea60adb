"""Shared fixtures: a migrated database per test session, emptied after every test.

Set `PORTAL_DATABASE_URL` to run the whole suite on PostgreSQL (CI does).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, text

from portal import create_app, doctor, migrations
from portal.database import build_engine
from portal.extensions import db
from portal.models import Base
from tests.pages import check_page


def pytest_configure(config: pytest.Config) -> None:
    """Before any test: without WeasyPrint's system libraries every test that builds a PDF, and,
    as warnings are errors, the whole collection fails on a HarfBuzz traceback far from its cause."""
    if (missing := doctor.weasyprint_problem()) is not None:
        pytest.exit(f"{missing}\n(`make doctor` checks everything the tests need)", returncode=4)


def reset_schema(engine: Engine) -> None:
    """Drop everything, including Alembic's table, so migrations start from empty."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            Base.metadata.drop_all(connection)
            # Virtual tables (the search index's FTS5) and the index's change counter (kept by
            # triggers) are not in the models' metadata.
            connection.execute(text("DROP TABLE IF EXISTS search_entry_fts"))
            connection.execute(text("DROP TABLE IF EXISTS search_change"))
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
        # Sealing a PDF takes a second or two: only the tests about documents seal them at issue.
        settings = {
            "ENV": "test",
            "DATABASE_URL": database_url,
            "LOG_FORMAT": "text",
            "DOCUMENTS_AT_ISSUE": False,
        }
        settings.update(overrides)
        app = create_app(settings, instance_path=instance_path)
        created.append(app)
        return app

    yield factory
    # Whichever fixture or test built the apps, the next test starts from empty tables: a row
    # left behind (a login's audit event) failed an unrelated test that happened to run next.
    on_test_database = [app for app in created if app.config["PORTAL"]["DATABASE_URL"] == database_url]
    if on_test_database:
        with on_test_database[0].app_context():
            empty_tables()
    for app in created:
        app.extensions["database_engine"].dispose()


@pytest.fixture
def app(make_app) -> Flask:
    return make_app()


def empty_tables() -> None:
    db.session.remove()
    with db.engine.begin() as connection:
        # Decisions point at the decisions they supersede or answer (ON DELETE RESTRICT).
        connection.execute(text("UPDATE decision SET supersedes_id = NULL, responds_to_id = NULL"))
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


class PageCheckingClient(FlaskClient):
    """A test client that checks every HTML page it receives (see tests/pages.py)."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        # The development eID provider stands in for an external system: not our pages.
        ours = not response.request.path.startswith("/dev-eid/")
        if ours and response.mimetype == "text/html" and not response.headers.get("HX-Request"):
            body = response.get_data(as_text=True)
            if body.lstrip().lower().startswith("<!doctype html"):
                check_page(body)
        return response


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = PageCheckingClient
    return app.test_client()


@pytest.fixture
def eid_app(make_app) -> Flask:
    """The portal with the development eID provider mounted, as `make run` has it."""
    from tests.eid import EID_SETTINGS

    return make_app(**EID_SETTINGS)


@pytest.fixture
def eid_client(eid_app: Flask) -> FlaskClient:
    eid_app.test_client_class = PageCheckingClient
    return eid_app.test_client()


@pytest.fixture
def client_as(eid_app: Flask):
    """A test client signed in through the real eID flow, acting in `role`."""
    from portal.models import StaffRole
    from portal.services.staff import add_staff
    from tests.eid import JAAN, MARI, login

    def make(role: str | None, acr: str = "high") -> FlaskClient:
        eid_app.test_client_class = PageCheckingClient
        client = eid_app.test_client()
        if role is None:
            return client
        code = JAAN if role == "jobseeker" else MARI
        if role != "jobseeker":
            with eid_app.app_context():
                add_staff(eid_app.extensions["profile"], code, StaffRole(role), "Tallinn")
        response = login(client, code=code, acr=acr)
        assert response.status_code == 303, response.get_data(as_text=True)[:300]
        if role != "jobseeker":
            page = client.get("/roles")
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True))
            switched = client.post("/roles", data={"role": role, "csrf_token": token.group(1)})
            assert switched.status_code == 303, switched.get_data(as_text=True)[:300]
        return client

    return make
