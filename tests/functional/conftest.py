"""Fixtures of the functional tests."""

from __future__ import annotations

import pytest

from tests.conftest import empty_tables
from tests.eid import persona, signed_in
from tests.forms import submit
from tests.journeys import EN


@pytest.fixture
def start(make_app, app):
    """Sign in as a persona (optionally with register faults) and press "Start now"."""
    apps = []

    def begin(key: str, **settings):
        app, client = signed_in(make_app, persona(key).code, **settings)
        apps.append(app)
        page = client.get("/jobseeker/registration/", headers=EN)
        assert page.status_code == 200
        return app, client, submit(client, page, headers=EN)

    yield begin
    if apps:
        with apps[0].app_context():
            empty_tables()
