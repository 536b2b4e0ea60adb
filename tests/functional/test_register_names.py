"""The population register's names win over eID's capitals; eID names fill in for the unknown."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import Person
from tests.eid import EID_SETTINGS, login, persona
from tests.forms import submit

EN = {"Accept-Language": "en"}


def names(app, code: str) -> tuple[str, str, bool]:
    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.national_code == code))
        return person.given_name, person.family_name, person.names_from_register


def start_registration(client) -> None:
    page = client.get("/jobseeker/registration/", headers=EN)
    assert page.status_code == 200
    assert submit(client, page, headers=EN).status_code == 303


def logout(client) -> None:
    page = client.get("/jobseeker/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303


def test_register_names_replace_the_eid_capitals_and_stay_after_the_next_login(make_app, app):
    portal = make_app(**EID_SETTINGS, DEV_EID_FAULTS="upper_case_names")
    client = portal.test_client()
    jaak = persona("unemployed")
    assert login(client, code=jaak.code).status_code == 303
    assert names(portal, jaak.code) == ("JAAK-KRISTJAN", "JÕEORG", False)  # as TARA sends them

    start_registration(client)  # reads the population register
    assert names(portal, jaak.code) == ("Jaak-Kristjan", "Jõeorg", True)

    logout(client)
    assert login(client, code=jaak.code).status_code == 303
    assert names(portal, jaak.code) == ("Jaak-Kristjan", "Jõeorg", True)  # no flip back
    assert "Jaak-Kristjan Jõeorg" in client.get("/jobseeker/", headers=EN).get_data(as_text=True)


def test_eid_names_fill_in_for_a_person_the_register_does_not_know(make_app, app):
    portal = make_app(**EID_SETTINGS, DEV_EID_FAULTS="upper_case_names", XROAD_FAULTS="population:status=404")
    client = portal.test_client()
    jaak = persona("unemployed")
    assert login(client, code=jaak.code).status_code == 303
    start_registration(client)
    assert names(portal, jaak.code) == ("JAAK-KRISTJAN", "JÕEORG", False)
