"""The review page names the languages the person chose, in the reader's language, not codes."""

from __future__ import annotations

import re

from tests.conftest import empty_tables
from tests.eid import persona, signed_in
from tests.forms import submit


def test_the_review_page_names_the_languages(make_app):
    app, client = signed_in(make_app, persona("unemployed").code)
    headers = {"Accept-Language": "en"}
    page = client.get("/jobseeker/registration/", headers=headers)
    while not page.request.path.endswith("/review"):
        path = page.request.path
        if path.endswith(("/check", "/occupations")):
            response = submit(client, page, button=("action", "continue"), headers=headers)
        elif path.endswith("/contact"):
            response = submit(
                client, page, {"phone": "+372 5123 4567", "email": "j@example.ee"}, headers=headers
            )
        elif path.endswith("/preferences"):
            response = submit(client, page, {"languages": ["en", "et"]}, headers=headers)
        else:
            response = submit(client, page, headers=headers)
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        page = client.get(response.headers["Location"], headers=headers)

    english = re.sub(r"\s+", " ", page.get_data(as_text=True))
    client.get("/language/et")
    estonian = re.sub(r"\s+", " ", client.get("/jobseeker/registration/review").get_data(as_text=True))
    with app.app_context():
        empty_tables()

    assert re.search(
        r'Languages</dt> <dd class="govuk-summary-list__value">\s*English, Estonian\s*</dd>', english
    )
    assert re.search(r'<dd class="govuk-summary-list__value">\s*inglise, eesti\s*</dd>', estonian)
