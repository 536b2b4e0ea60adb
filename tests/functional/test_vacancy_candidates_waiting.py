"""The employer home's "candidates waiting": people on the shortlist of one of the company's
published vacancies who still consent and have no outcome from the company yet."""

from __future__ import annotations

import datetime as dt

from portal.extensions import db
from portal.models import Candidate, CandidateSource, ConsentField, Outcome, VacancyState
from portal.services.vacancies import queries
from tests import offers_world as world
from tests.eid import EID_SETTINGS
from tests.vacancies import EN, POHJARANNIK, employer


def _candidate(vacancy_id: int, person_id: int, **values) -> None:
    with db.write() as session:
        session.add(
            Candidate(
                vacancy_id=vacancy_id,
                person_id=person_id,
                source=CandidateSource.APPLICATION,
                consented_fields=[ConsentField.NAME.value],
                **values,
            )
        )


def _world() -> dict[str, int]:
    """Hand-made: two published vacancies and a closed one of Põhjarannik, one of Tartu Puit."""
    assert world.OTHER_EMPLOYER_CODE == POHJARANNIK
    people = [world.person(code) for code in ("38001085718", "49403136526", "37605030299", "48705120261")]
    cook = world.vacancy("Cook", employer_code=POHJARANNIK)
    waiter = world.vacancy("Waiter", employer_code=POHJARANNIK)
    closed = world.vacancy("Dishwasher", employer_code=POHJARANNIK, state=VacancyState.CLOSED)
    elsewhere = world.vacancy("Joiner")  # Tartu Puit OÜ
    _candidate(cook, people[0])  # waits
    _candidate(cook, people[1])  # waits
    _candidate(cook, people[2], outcome=Outcome.INVITED, outcome_at=dt.datetime.now(dt.UTC))  # answered
    _candidate(cook, people[3], consent_withdrawn_at=dt.datetime.now(dt.UTC))  # left the shortlist
    _candidate(waiter, people[0])  # waits
    _candidate(closed, people[1])  # its shortlist is gone
    _candidate(elsewhere, people[2])  # another company's
    return {"cook": cook, "waiter": waiter}


def test_candidates_waiting_counts_only_unanswered_consenting_candidates_of_open_vacancies(app):
    with app.app_context():
        assert queries.candidates_waiting(POHJARANNIK) == 0
        assert queries.vacancies_with_waiting_candidates(POHJARANNIK) == []
        ids = _world()
        assert queries.candidates_waiting(POHJARANNIK) == 3
        assert queries.vacancies_with_waiting_candidates(POHJARANNIK) == [
            (ids["cook"], "Cook", 2),
            (ids["waiter"], "Waiter", 1),
        ]
        assert queries.candidates_waiting(world.EMPLOYER_CODE) == 1
        assert queries.vacancies_with_waiting_candidates(POHJARANNIK, limit=1) == [(ids["cook"], "Cook", 2)]
        # Together: the rows' sum while they are fewer than the limit, else the count.
        assert queries.waiting_candidates(POHJARANNIK) == (
            3,
            [(ids["cook"], "Cook", 2), (ids["waiter"], "Waiter", 1)],
        )
        assert queries.waiting_candidates(POHJARANNIK, limit=2) == (
            3,
            [(ids["cook"], "Cook", 2), (ids["waiter"], "Waiter", 1)],
        )
        assert queries.waiting_candidates(POHJARANNIK, limit=1) == (3, [(ids["cook"], "Cook", 2)])


def test_the_employer_home_shows_the_candidates_waiting_with_links_to_the_shortlists(make_app):
    app = make_app(**EID_SETTINGS)
    with app.app_context():
        ids = _world()
    boss = employer(app, "unemployed", POHJARANNIK)
    home = boss.get("/employer/", headers=EN).get_data(as_text=True)
    assert "3 candidates are waiting for your answer" in home
    assert f'href="/employer/vacancies/{ids["cook"]}/shortlist">Cook</a>: 2 waiting' in home
    assert f'href="/employer/vacancies/{ids["waiter"]}/shortlist">Waiter</a>: 1 waiting' in home
    assert "Joiner" not in home and "Dishwasher" not in home
    shortlist = boss.get(f"/employer/vacancies/{ids['cook']}/shortlist", headers=EN)
    assert shortlist.status_code == 200


def test_an_employer_with_nobody_waiting_reads_where_candidates_come_from(make_app):
    app = make_app(**EID_SETTINGS)
    boss = employer(app, "unemployed", POHJARANNIK)
    home = boss.get("/employer/", headers=EN).get_data(as_text=True)
    assert "0 candidates are waiting for your answer" in home
    assert "appear on the vacancy&#39;s shortlist" in home or "appear on the vacancy's shortlist" in home
