"""The pages' recommendation cards (`matching.recommended_cards`): the same vacancies, order, scores
and reasons as `recommended_for`, from a ranking kept per process that never shows a vacancy
offered, refused or closed since, and follows the person's record and the vacancies' edits."""

from __future__ import annotations

import datetime as dt

import flask
import pytest
from sqlalchemy import event, select, update

from portal.extensions import db
from portal.models import JobseekerProfile, Offer, OfferKind, OfferState, ProfilePlace
from portal.models.vacancy import Vacancy, VacancyState
from portal.services import matching
from portal.services.matching.loading import load
from tests.matching_data import jobseeker, vacancy

TARTU, ELVA, TALLINN, NARVA = "0793", "0171", "0784", "0511"


def same(cards, recommendations) -> None:
    assert [(c.vacancy.id, c.vacancy.title) for c in cards] == [
        (r.vacancy.id, r.vacancy.title) for r in recommendations
    ]
    for card, found in zip(cards, recommendations, strict=True):
        assert card.assessment == found.assessment
        assert card.vacancy.company.name == found.vacancy.company.name
        assert card.vacancy.municipality_codes == tuple(found.vacancy.municipality_codes)


def statements_of(call) -> int:
    counted = []

    def count(*_args) -> None:
        counted.append(1)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(counted)


@pytest.fixture
def context(app):
    with app.test_request_context():
        app.extensions.pop(matching.RANKING_EXTENSION, None)
        app.extensions.pop(matching.SHOWN_EXTENSION, None)
        yield app


def test_the_cards_are_recommended_for_s_kept_or_not(app, caplog):
    with app.test_request_context():
        app.extensions.pop(matching.RANKING_EXTENSION, None)
        app.extensions.pop(matching.SHOWN_EXTENSION, None)
        load("EE", 300, 300, seed=11, today=dt.date(2026, 12, 3))
        person_ids = db.session.scalars(
            select(JobseekerProfile.person_id).order_by(JobseekerProfile.id).limit(10)
        ).all()
        shown = 0
        for person_id in person_ids:
            for limit in (5, 20):
                fresh = matching.recommended_cards(person_id, limit)  # ranked now
                kept = matching.recommended_cards(person_id, limit)  # the kept ranking
                truth = matching.recommended_for(person_id, limit)
                same(fresh, truth)
                same(kept, truth)
                shown += len(truth)
        assert shown > 50
    assert not [r for r in caplog.records if r.getMessage().startswith("matching:")]


def test_the_kept_ranking_never_shows_what_no_longer_may_be_shown(context, caplog):
    person = jobseeker("Anu", ("2512",), home=TARTU)
    for i in range(8):
        vacancy("2512", (TARTU,), title=f"Developer {i}", wage=(1500, 2000 + i))
    vacancy("2511", (ELVA,), title="Analyst in Elva")
    vacancy("2512", (NARVA,), title="Developer in Narva")
    first = matching.recommended_cards(person.person_id, 5)
    same(first, matching.recommended_for(person.person_id, 5))
    # Kept: the facts (the record with its rows) and the cards (with their places and languages)
    # in one statement, the ids shown last time being those the kept ranking gives; no ranking
    # statement.
    assert statements_of(lambda: matching.recommended_cards(person.person_id, 5)) == 1
    # Ids shown last time that the ranking no longer gives: their rows are not used, the cards
    # of the kept ranking are read in a statement of their own.
    shown = flask.current_app.extensions[matching.SHOWN_EXTENSION]
    shown[(person.person_id, 5)] = tuple(reversed(shown[(person.person_id, 5)]))
    counted = []
    assert statements_of(lambda: counted.extend(matching.recommended_cards(person.person_id, 5))) == 2
    same(counted, matching.recommended_for(person.person_id, 5))
    assert statements_of(lambda: matching.recommended_cards(person.person_id, 5)) == 1

    # The best one is refused (an offer: no vacancy flushed), another process closes the second.
    best, second = first[0].vacancy.id, first[1].vacancy.id
    db.session.execute(update(Vacancy).where(Vacancy.id == second).values(state=VacancyState.CLOSED))
    db.session.commit()
    with db.write() as session:
        session.add(
            Offer(
                person_id=person.person_id,
                kind=OfferKind.VACANCY,
                vacancy_id=best,
                title="A job",
                state=OfferState.REFUSED,
                reply_by=dt.date(2026, 12, 20),
            )
        )
    after = matching.recommended_cards(person.person_id, 5)
    assert best not in {c.vacancy.id for c in after} and second not in {c.vacancy.id for c in after}
    same(after, matching.recommended_for(person.person_id, 5))

    # Another process edits a shown vacancy: its score changes, everything is ranked afresh.
    edited = after[0].vacancy.id
    db.session.execute(update(Vacancy).where(Vacancy.id == edited).values(occupation_code="2511"))
    db.session.commit()
    got = []
    assert statements_of(lambda: got.extend(matching.recommended_cards(person.person_id, 5))) > 2
    same(got, matching.recommended_for(person.person_id, 5))
    assert got[0].vacancy.id != edited  # now of the minor group only: below the unit group's

    # A vacancy published in this process (a flush) is ranked at once.
    newest = vacancy("2512", (TARTU,), title="Developer with the best wage", wage=(1500, 9000))
    db.session.expire_all()
    got = matching.recommended_cards(person.person_id, 5)
    assert newest.id in {c.vacancy.id for c in got}
    same(got, matching.recommended_for(person.person_id, 5))

    # The person's record changes: a new key, ranked again.
    with db.write() as session:
        profile = session.get(JobseekerProfile, person.id)
        profile.home_municipality = NARVA
        profile.places.append(ProfilePlace(municipality_code=TALLINN))
    db.session.expire_all()
    moved = matching.recommended_cards(person.person_id, 5)
    assert moved[0].vacancy.title == "Developer in Narva"
    same(moved, matching.recommended_for(person.person_id, 5))
    assert not [r for r in caplog.records if r.getMessage().startswith("matching:")]
