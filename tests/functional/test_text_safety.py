"""Names and free text are stored in Unicode NFC and never with control or bidi characters: a
right-to-left override would reorder a name or a reason on the page and in the sealed PDF."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.integrations.eid import Identity
from portal.models import Appeal, AuditEvent, AuditTag, Person
from portal.models.register_snapshot import Population, Section, Status
from portal.services import auth
from portal.services.persons import adopt_register_names
from tests.functional.test_appeals import add_decision, english, post_appeal, text_of

JAAK = "Jaak-Kristjan Jõeorg"
NFD = unicodedata.normalize("NFD", "Jõeorg")  # "o" + COMBINING TILDE
RLO = "\u202e"


def identity(given: str, family: str) -> Identity:
    return Identity(
        country="EE",
        national_code="38001085718",
        given_name=given,
        family_name=family,
        date_of_birth=dt.date(1980, 1, 8),
        acr="high",
        amr=("mID",),
    )


def person(code: str = "38001085718") -> Person:
    db.session.expire_all()
    return db.session.scalar(select(Person).where(Person.national_code == code))


def test_eid_names_are_stored_in_nfc(app):
    assert NFD != "Jõeorg"
    with app.app_context():
        auth.complete_login(identity("JAAK-KRISTJAN", NFD), app.extensions["profile"], None)
        assert person().family_name == "Jõeorg"


@pytest.mark.parametrize("bad", [f"J{RLO}gro", "JÕE\u0000ORG", "JÕE\u2066ORG", "JÕE\nORG", "JÕE\u200bORG"])
def test_eid_names_with_control_or_bidi_characters_are_refused(app, bad):
    with app.app_context():
        with pytest.raises(auth.LoginRefused, match="control or bidi"):
            auth.complete_login(identity("JAAK", bad), app.extensions["profile"], None)
        assert person() is None


def population(given: str, family: str) -> Section[Population]:
    values = Population(
        given_names=given,
        family_name=family,
        date_of_birth=None,
        life_status="ALIVE",
        date_of_death=None,
        citizenship="EST",
        address=None,
        municipality_code=None,
        municipality_name=None,
    )
    return Section(status=Status.OK, read_at=None, xroad_id="test-xroad-id", values=values)


def test_register_names_are_normalised_and_unsafe_ones_are_refused_with_an_anomaly(app):
    with app.app_context():
        db.session.add(
            Person(country="EE", national_code="38001085718", given_name="JAAK", family_name="JÕEORG")
        )
        db.session.commit()
        person_id = person().id
        with db.write() as session:
            assert adopt_register_names(session, person_id, population("Jaak-Kristjan", NFD))
        assert person().family_name == "Jõeorg" and person().names_from_register
        with db.write() as session:
            assert not adopt_register_names(session, person_id, population("Jaak", f"Jõe{RLO}gro"))
        assert person().full_name == JAAK  # unchanged
        [anomaly] = db.session.scalars(
            select(AuditEvent).where(AuditEvent.tag == AuditTag.REGISTER_ANOMALY)
        ).all()
        assert anomaly.subject_person_id == person_id
        assert anomaly.details == {"register": "population", "field": "names", "characters": ["U+202E"]}


def test_no_path_stores_an_unsafe_name(app):
    with app.app_context(), pytest.raises(ValueError, match="U\\+202E"):
        Person(country="EE", national_code="38001085718", given_name=f"Mari{RLO}", family_name="Maasikas")


def test_free_text_with_bidi_or_control_characters_is_refused(eid_app, client_as):
    client = english(client_as("jobseeker"))
    decision_id = add_decision(eid_app)
    for reason in (f"My employment ended {RLO}0202 rebmetpeS 03 no", "Ended\u0007 on 30 September"):
        response = post_appeal(client, decision_id, reason=reason)
        assert response.status_code == 400
        assert "Remove the control or text-direction characters from this answer" in text_of(response)
    with eid_app.app_context():
        assert db.session.scalar(select(Appeal)) is None


def test_free_text_is_stored_in_nfc_and_keeps_its_line_breaks(eid_app, client_as):
    client = english(client_as("jobseeker"))
    decision_id = add_decision(eid_app)
    reason = unicodedata.normalize("NFD", "Töötasu lõppes.\r\nVaata lisa.")
    assert post_appeal(client, decision_id, reason=reason).status_code == 303
    with eid_app.app_context():
        stored = db.session.scalar(select(Appeal)).reason
    assert stored == unicodedata.normalize("NFC", stored) and "Töötasu lõppes." in stored and "\n" in stored
