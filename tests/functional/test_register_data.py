"""The temporary "my register data" page: every register read at once, each call in the query log."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import QueryDirection, XRoadQuery
from tests.eid import persona, signed_in


def outgoing(app):
    with app.app_context():
        return db.session.scalars(
            select(XRoadQuery).where(XRoadQuery.direction == QueryDirection.OUTGOING).order_by(XRoadQuery.id)
        ).all()


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_a_person_sees_what_each_register_holds_and_every_call_is_logged(make_app, app):
    unemployed = persona("unemployed")
    portal, client = signed_in(make_app, unemployed.code)
    response = client.get("/jobseeker/register-data", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    page = text_of(response)
    assert "Jõeorg" in page and "Population register" in page and "Health insurance register" in page
    assert "did not answer" not in page
    rows = outgoing(portal)
    assert len(rows) == 6
    assert {row.service.split("/")[3] for row in rows} == {
        "population",
        "education",
        "tax",
        "sas",
        "business",
        "health",
    }
    for row in rows:
        assert (row.subject_code, row.on_behalf_of) == (unemployed.code, f"EE{unemployed.code}")
        # He receives no social assistance: that register answers that it does not know him.
        expected = ("not_found", 404) if "/sas/" in row.service else ("ok", 200)
        assert (row.outcome, row.http_status) == expected
        assert row.purpose == "person viewed own register data"
        assert row.client == "DEV/GOV/70000001/pes"


def test_a_failing_register_leaves_the_others_on_the_page(make_app, app):
    unemployed = persona("unemployed")
    portal, client = signed_in(
        make_app,
        unemployed.code,
        XROAD_FAULTS="education:xroad_error=Server.ServerProxy.DatabaseError",
        XROAD_RETRIES=1,
    )
    page = text_of(client.get("/jobseeker/register-data", headers={"Accept-Language": "en"}))
    assert "Some registers did not answer" in page
    assert "This register did not answer" in page
    assert "Jõeorg" in page
    education = [row for row in outgoing(portal) if "/education/" in row.service]
    assert [(row.attempt, row.outcome, row.error_type) for row in education] == [
        (1, "xroad_error", "Server.ServerProxy.DatabaseError"),
        (2, "xroad_error", "Server.ServerProxy.DatabaseError"),
    ]


def test_a_register_that_does_not_know_the_person_says_so_plainly(make_app, app):
    unknown = persona("unknown-to-education")
    _portal, client = signed_in(make_app, unknown.code)
    page = text_of(client.get("/jobseeker/register-data", headers={"Accept-Language": "en"}))
    assert "This register holds no data about you." in page
    assert "Some registers did not answer" not in page


def test_the_page_is_translated(make_app, app):
    _portal, client = signed_in(make_app, persona("unemployed").code)
    page = text_of(client.get("/jobseeker/register-data", headers={"Accept-Language": "et"}))
    assert 'lang="et"' in page
    assert "Population register" not in page
