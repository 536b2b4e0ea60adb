"""Every registration step links back to the one before it, with a plain link (no JavaScript)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PageCheckingClient, empty_tables
from tests.eid import persona, signed_in
from tests.forms import submit

EN = {"Accept-Language": "en"}
BACK = re.compile(r'<main[^>]*>.*?<a class="govuk-back-link" href="([^"]+)">', re.DOTALL)


def back_link(page) -> str | None:
    found = BACK.search(page.get_data(as_text=True))
    return found.group(1) if found else None


@pytest.fixture
def journey(make_app):
    apps = []

    def begin(key: str):
        app, client = signed_in(make_app, persona(key).code)
        app.test_client_class = PageCheckingClient
        apps.append(app)
        return client

    yield begin
    if apps:
        with apps[0].app_context():
            empty_tables()


def follow(client, response):
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    return client.get(response.headers["Location"], headers=EN)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (
            "unemployed",
            {
                "/jobseeker/registration/": "/jobseeker/",
                "/jobseeker/registration/check": "/jobseeker/registration/",
                "/jobseeker/registration/contact": "/jobseeker/registration/check",
                "/jobseeker/registration/occupations": "/jobseeker/registration/contact",
                "/jobseeker/registration/preferences": "/jobseeker/registration/occupations",
                "/jobseeker/registration/review": "/jobseeker/registration/preferences",
            },
        ),
        (
            "employed",  # one step more: the situation step comes before the review
            {
                "/jobseeker/registration/preferences": "/jobseeker/registration/occupations",
                "/jobseeker/registration/situation": "/jobseeker/registration/preferences",
                "/jobseeker/registration/review": "/jobseeker/registration/situation",
            },
        ),
    ],
)
def test_each_step_links_back_to_the_step_before(journey, key, expected):
    client = journey(key)
    page = client.get("/jobseeker/registration/", headers=EN)
    seen = {}
    while True:
        path = page.request.path
        seen[path] = back_link(page)
        if path.endswith(("/check", "/occupations")):
            response = submit(client, page, button=("action", "continue"), headers=EN)
        elif path.endswith("/contact"):
            response = submit(
                client, page, {"phone": "+372 5123 4567", "email": "jaak@example.ee"}, headers=EN
            )
        elif path.endswith("/review"):
            break
        else:
            response = submit(client, page, headers=EN)
        page = follow(client, response)

    assert {path: seen.get(path) for path in expected} == expected
    # The link leads somewhere real, and going back keeps what was saved.
    assert client.get(seen["/jobseeker/registration/review"], headers=EN).status_code == 200


def test_a_correction_page_links_back_to_the_check_page(journey):
    client = journey("unemployed")
    started = submit(client, client.get("/jobseeker/registration/", headers=EN), headers=EN)
    check = follow(client, started)
    correct = re.search(r'href="(/jobseeker/registration/correct/[^"]+)"', check.get_data(as_text=True))
    page = client.get(correct.group(1), headers=EN)

    assert back_link(page) == "/jobseeker/registration/check"
