"""My offers on PostgreSQL reads its list (offers, candidacies, the unread count) with the person's
facts and the cards shown last in one statement (`cards.read_with_shown_cards`): the same page as
with the list and the cards read apart, and one statement where there were two."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import InboxMessage, Person
from portal.services.matching import cards
from tests.eid import JAAN
from tests.functional.test_list_pages import counted
from tests.matching_data import jobseeker, vacancy
from tests.offers_world import offer_to


def _page(client, language: str) -> str:
    text = client.get("/jobseeker/offers", headers={"Accept-Language": language}).get_data(as_text=True)
    return re.sub(r'nonce="[^"]*"|"[\w-]{20,}\.[\w-]{6}\.[\w-]{20,}"', '""', text)


@pytest.mark.parametrize("language", ["en", "et"])
def test_my_offers_read_with_the_cards_is_my_offers_read_apart(eid_app, client_as, monkeypatch, language):
    client = client_as("jobseeker")
    with eid_app.app_context():
        jobseeker("Jaan", ("2512",), home="0793", national_code=JAAN, languages=(("et", "B1"),))
        for n in range(3):
            vacancy("2512", ("0793",), title=f"Developer {n}", languages=(("et", "B2"),))
        person_id = db.session.scalar(select(Person.id).where(Person.national_code == JAAN))
        offer_to(eid_app, person_id)
        with db.write() as session:
            session.add(InboxMessage(person_id=person_id, kind="offer"))
    _page(client, language)  # the cards shown, so that the next views read them with the list
    with counted(eid_app) as statements:
        together = _page(client, language)
    assert "Developer 2" in together and 'href="/jobseeker/offers/' in together
    with eid_app.app_context():
        sqlite = db.is_sqlite
    assert len(statements) == (2 if sqlite else 1)
    monkeypatch.setattr(cards, "read_with_shown_cards", lambda *_args: None)
    with counted(eid_app) as statements:
        assert _page(client, language) == together
    assert len(statements) == 2
