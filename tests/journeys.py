"""Registration journeys through the real pages, shared by the functional tests."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import Registration
from tests.eid import EID_SETTINGS
from tests.forms import submit

EN = {"Accept-Language": "en"}


def follow(client, response):
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    return client.get(response.headers["Location"], headers=EN)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def complete(client, response, typed_contact=None, typed=None, stop_at=None):
    """From the check page to the confirmation (or the page `stop_at`, e.g. "review"), accepting every
    default (or what `typed` gives for a step: `{"preferences": {...}}`); returns the last response
    and the pages passed."""
    typed = typed or {}
    pages = [response.request.path]
    page = follow(client, response)
    while True:
        pages.append(page.request.path)
        path = page.request.path
        if stop_at and path.endswith(f"/{stop_at}"):
            return page, pages
        if path.endswith("/check"):
            response = submit(client, page, button=("action", "continue"), headers=EN)
        elif path.endswith("/contact"):
            response = submit(
                client,
                page,
                typed_contact or {"phone": "+372 5123 4567", "email": "jaak@example.ee"},
                headers=EN,
            )
        elif path.endswith("/occupations"):
            response = submit(
                client, page, typed.get("occupations"), button=("action", "continue"), headers=EN
            )
        elif path.endswith(("/preferences", "/situation", "/review")):
            response = submit(client, page, typed.get(path.rpartition("/")[2]), headers=EN)
        else:
            return page, pages
        page = follow(client, response)


def registrations(app):
    with app.app_context():
        return db.session.scalars(select(Registration)).all()


def same_browser_on(make_app, client, **settings):
    """The same signed-in browser on a portal started anew (e.g. after a register recovered)."""
    again = make_app(**EID_SETTINGS, **settings)
    recovered = again.test_client()
    recovered._cookies = client._cookies
    return again, recovered
