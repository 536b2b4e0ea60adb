"""My data to take away: asked for in the portal, prepared by the background job, complete, only the
person's own, downloadable only by them and only for the profile's days."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import DataExport, ExportState, Person
from portal.services import data_export
from tests.eid import MARI, login
from tests.forms import submit
from tests.journeys import EN, complete, text

OTHER = MARI  # another person (a valid code, so they can sign in)


def add_other_person() -> int:
    person = Person(country="EE", national_code=OTHER, given_name="Ingrid", family_name="Other")
    db.session.add(person)
    db.session.commit()
    return person.id


def test_a_registered_person_takes_away_everything_and_only_their_own(start):
    app, client, started = start("unemployed")
    complete(client, started)
    with app.app_context():
        add_other_person()
        person = db.session.scalar(
            select(Person).where(Person.national_code != OTHER, Person.given_name != "")
        )
        code = person.national_code
    page = client.get("/jobseeker/my-data", headers=EN)
    assert "Download your data" in text(page)
    asked = submit(client, page, headers=EN)
    assert asked.status_code == 303
    listing = client.get("/jobseeker/my-data", headers=EN)
    body = text(listing)
    assert "Ready" in body  # the job ran (immediate in tests)
    json_href, pdf_href = re.findall(
        r'href="(/jobseeker/my-data/\d+/(?:json|pdf))"', listing.get_data(as_text=True)
    )
    exported = client.get(json_href)
    assert exported.status_code == 200 and exported.mimetype == "application/json"
    assert "attachment" in exported.headers["Content-Disposition"]
    data = json.loads(exported.get_data())
    schema = json.loads((Path(__file__).parents[2] / "docs" / "data-export.schema.json").read_text())
    jsonschema.validate(data, schema)  # the documented schema is the one we write
    assert data["schema_version"] == data_export.SCHEMA_VERSION
    assert data["person"]["national_code"] == code
    assert data["record"]["email"] == "jaak@example.ee"
    [registration] = data["registrations"]
    assert registration["state"] == "registered" and registration["register_data"]
    assert data["decisions"] and data["decisions"][0]["registration"] == registration["reference"]
    assert data["certificates"] and data["inbox"]
    assert set(data_export.SECTIONS) <= set(data)
    assert data["case"]["office"] and data["offers"] == [] and data["training_requests"] == []
    assert isinstance(data["plans"], list)
    assert OTHER not in exported.get_data(as_text=True) and "Ingrid" not in exported.get_data(as_text=True)
    pdf = client.get(pdf_href)
    assert pdf.status_code == 200 and pdf.get_data().startswith(b"%PDF")
    # Someone else cannot download it, even signed in.
    stranger = app.test_client()
    assert login(stranger, code=OTHER).status_code == 303
    assert stranger.get(json_href).status_code == 404
    assert stranger.get(pdf_href).status_code == 404


def test_an_expired_export_cannot_be_downloaded(start):
    app, client, _started = start("unemployed")
    page = client.get("/jobseeker/my-data", headers=EN)
    submit(client, page, headers=EN)
    with app.app_context():
        export = db.session.scalar(select(DataExport))
        assert export.state == ExportState.READY
        assert export.expires_at - export.requested_at == dt.timedelta(days=7)
        db.session.execute(
            update(DataExport).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
        db.session.commit()
        export_id = export.id
    assert client.get(f"/jobseeker/my-data/{export_id}/json").status_code == 404
    assert "Your files" not in text(client.get("/jobseeker/my-data", headers=EN))
