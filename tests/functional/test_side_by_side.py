"""`side_by_side`: SELECTs of different columns read as one statement give each part's rows as its
own statement gives them (values, types, order), empty parts included; and the jobseeker's home,
which reads its overview with the person's facts and cards so on PostgreSQL, is the same page as
with each read a statement of its own."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import bindparam, select

from portal.models import Person, Registration
from portal.services import core_rows
from portal.services.matching import cards
from portal.services.side_by_side import side_by_side, split
from tests.eid import JAAN
from tests.functional.test_read_kept import _people, engine_rows
from tests.matching_data import jobseeker, vacancy

PERSON = select(Person.id, Person.given_name, Person.date_of_birth, Person.created_at).where(
    Person.id == bindparam("id")
)
REGISTRATIONS = select(
    Registration.id, Registration.kind, Registration.state, Registration.submitted_at
).where(Registration.person_id.in_(bindparam("ids", expanding=True)))
# Ordered by the registration's kind first, then by id downwards, in the order's own columns.
SHAPE = side_by_side((REGISTRATIONS, (Registration.kind, Registration.id.desc())), (PERSON, (Person.id,)))


def test_each_part_gives_its_own_statements_rows(eid_app):
    first, second = _people(eid_app, 2)
    with eid_app.test_request_context():
        for values in (
            {"id": first, "ids": [first, second]},
            {"id": -1, "ids": [second]},
            {"id": second, "ids": []},
        ):
            registrations, people = split(SHAPE, core_rows.read_kept(SHAPE.statement, values)[1])
            own = REGISTRATIONS.order_by(Registration.kind, Registration.id.desc())
            assert [tuple(row) for row in registrations] == engine_rows(own, values)[1]
            assert [tuple(row) for row in people] == engine_rows(PERSON, values)[1]
        registrations, people = split(
            SHAPE, core_rows.read_kept(SHAPE.statement, {"id": first, "ids": [first]})[1]
        )
        assert (
            people[0].given_name == "Name0" and type(registrations[0].state).__name__ == "RegistrationState"
        )


def _page(client, language: str) -> str:
    text = client.get("/jobseeker/", headers={"Accept-Language": language}).get_data(as_text=True)
    return re.sub(r'nonce="[^"]*"|"[\w-]{20,}\.[\w-]{6}\.[\w-]{20,}"', '""', text)


@pytest.mark.parametrize("language", ["en", "et"])
def test_the_home_read_in_one_statement_is_the_home_read_in_three(eid_app, client_as, monkeypatch, language):
    person = client_as("jobseeker")
    with eid_app.app_context():
        jobseeker("Jaan", ("2512",), home="0793", national_code=JAAN, languages=(("et", "B1"),))
        for n in range(3):
            vacancy("2512", ("0793", "0784"), title=f"Developer {n}", languages=(("et", "B2"),))
    _page(person, language)  # the cards shown, so that the next views read them with the overview
    together = _page(person, language)
    assert "Developer 2" in together
    monkeypatch.setattr(cards, "read_with_shown_cards", lambda *_args: None)
    assert _page(person, language) == together
