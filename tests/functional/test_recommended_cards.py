"""The pages' recommendation cards (`matching.recommended_cards`): the same vacancies, order, scores
and reasons as `recommended_for`, from a ranking kept per process that never shows a vacancy
offered, refused or closed since, and follows the person's record and the vacancies' edits."""

from __future__ import annotations

import datetime as dt

import flask
import pytest
from sqlalchemy import delete, event, select, update

from portal.extensions import db
from portal.models import JobseekerProfile, Offer, OfferKind, OfferState, ProfilePlace, RecommendationShown
from portal.models.vacancy import Vacancy, VacancyState
from portal.services import matching
from portal.services.matching import cards
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


def statements_of(call, *, reads_only: bool = False) -> int:
    counted = []

    def count(_connection, _cursor, statement, *_args) -> None:
        if not reads_only or not statement.lstrip("( ").upper().startswith(("DELETE", "INSERT")):
            counted.append(1)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(counted)


def view(person_id: int, limit: int) -> list[matching.Card]:
    """The cards as a page's request reads them: its session's reads end with it (on SQLite a read
    transaction sees the database as it was when it began, before the cards shown were written)."""
    try:
        return matching.recommended_cards(person_id, limit)
    finally:
        db.session.commit()


def shown_to(person_id: int, limit: int) -> set[int]:
    """The vacancies `recommendation_shown` holds as shown to the person on a page of `limit`."""
    return set(
        db.session.scalars(
            select(RecommendationShown.vacancy_id).where(
                RecommendationShown.person_id == person_id, RecommendationShown.list_size == limit
            )
        )
    )


@pytest.fixture
def context(app):
    with app.test_request_context():
        app.extensions.pop(matching.RANKING_EXTENSION, None)
        yield app


def test_the_cards_are_recommended_for_s_kept_or_not(app, caplog):
    with app.test_request_context():
        app.extensions.pop(matching.RANKING_EXTENSION, None)
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
    first = view(person.person_id, 5)
    same(first, matching.recommended_for(person.person_id, 5))
    # Kept: the facts (the record with its rows) and the cards (with their places and languages)
    # in one statement, the ids shown last time being those the kept ranking gives; no ranking
    # statement.
    assert statements_of(lambda: view(person.person_id, 5)) == 1
    assert shown_to(person.person_id, 5) == {card.vacancy.id for card in first}
    # Shown last time, by a page of another worker or instance: not all of them are those the
    # ranking gives. Their rows are not used, the cards of the kept ranking are read in a
    # statement of their own and written as shown.
    db.session.execute(
        delete(RecommendationShown).where(RecommendationShown.vacancy_id == first[0].vacancy.id)
    )
    db.session.commit()
    counted = []
    assert statements_of(lambda: counted.extend(view(person.person_id, 5)), reads_only=True) == 2
    same(counted, matching.recommended_for(person.person_id, 5))
    assert shown_to(person.person_id, 5) == {card.vacancy.id for card in first}
    assert statements_of(lambda: view(person.person_id, 5)) == 1

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
    after = view(person.person_id, 5)
    assert best not in {c.vacancy.id for c in after} and second not in {c.vacancy.id for c in after}
    same(after, matching.recommended_for(person.person_id, 5))

    # Another process edits a shown vacancy: its score changes, everything is ranked afresh.
    edited = after[0].vacancy.id
    db.session.execute(update(Vacancy).where(Vacancy.id == edited).values(occupation_code="2511"))
    db.session.commit()
    got = []
    assert statements_of(lambda: got.extend(view(person.person_id, 5))) > 2
    same(got, matching.recommended_for(person.person_id, 5))
    assert got[0].vacancy.id != edited  # now of the minor group only: below the unit group's

    # A vacancy published in this process (a flush) is ranked at once.
    newest = vacancy("2512", (TARTU,), title="Developer with the best wage", wage=(1500, 9000))
    db.session.expire_all()
    got = view(person.person_id, 5)
    assert newest.id in {c.vacancy.id for c in got}
    same(got, matching.recommended_for(person.person_id, 5))

    # The person's record changes: a new key, ranked again.
    with db.write() as session:
        profile = session.get(JobseekerProfile, person.id)
        profile.home_municipality = NARVA
        profile.places.append(ProfilePlace(municipality_code=TALLINN))
    db.session.expire_all()
    moved = view(person.person_id, 5)
    assert moved[0].vacancy.title == "Developer in Narva"
    same(moved, matching.recommended_for(person.person_id, 5))
    assert not [r for r in caplog.records if r.getMessage().startswith("matching:")]


def test_the_cards_shown_are_a_hint_in_the_database_not_in_the_worker(context, caplog):
    person = jobseeker("Mari", ("2512",), home=TARTU)
    for i in range(4):
        vacancy("2512", (TARTU,), title=f"Developer {i}", wage=(1500, 2000 + i))
    shown = {card.vacancy.id for card in view(person.person_id, 5)}
    assert len(shown) == 4 and shown_to(person.person_id, 5) == shown
    assert shown_to(person.person_id, 3) == set()  # each list size its own rows
    # Nothing of the person's is kept in the process: no extension holds their id.
    assert not [
        name
        for name, kept in flask.current_app.extensions.items()
        if isinstance(kept, dict) and any(isinstance(k, tuple) and person.person_id in k for k in kept)
    ]
    # A write that fails (a vacancy deleted meanwhile) is logged; the page goes on.
    cards._remember_shown(person.person_id, 5, (10**9,))
    assert any("were not written" in r.getMessage() for r in caplog.records)

    # Not written beside a write of the request that is not committed (SQLite: the write lock,
    # which the write would wait for, then fail).
    caplog.clear()
    db.session.execute(update(Vacancy).values(title=Vacancy.title))
    db.session.flush()
    cards._remember_shown(person.person_id, 5, ())
    db.session.rollback()
    assert shown_to(person.person_id, 5) == shown
    assert not caplog.records
