"""Saved vacancies: a signed-in jobseeker saves a vacancy from its page or from the search results
(a POST form without JavaScript; with htmx the button is swapped in place), lists them (paginated in
SQL, closed and expired ones marked) and removes them; nobody reads or changes another's list."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select, update

from portal.extensions import db
from portal.models import AuditEvent, Person, SavedVacancy
from portal.models.vacancy import ClosureReason, Vacancy, VacancyState
from portal.services import saved_vacancies
from tests import offers_world as world
from tests.eid import JAAN, persona
from tests.forms import submit
from tests.journeys import EN, text
from tests.vacancies import client_for, employer

HX = {**EN, "HX-Request": "true"}


def _vacancy(app, title: str, **values) -> int:
    with app.app_context():
        vacancy_id = world.vacancy(title)
        if values:
            db.session.execute(update(Vacancy).where(Vacancy.id == vacancy_id).values(**values))
            db.session.commit()
        return vacancy_id


def _person_id(app, code: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Person.id).where(Person.national_code == code))


def _saved(app, code: str = JAAN) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(SavedVacancy.vacancy_id)
                .join(Person, Person.id == SavedVacancy.person_id)
                .where(Person.national_code == code)
                .order_by(SavedVacancy.id)
            )
        )


def test_a_jobseeker_saves_and_removes_a_vacancy_from_its_page_without_javascript(client_as, eid_app):
    jobseeker = client_as("jobseeker")
    vacancy_id = _vacancy(eid_app, "Forklift driver")
    page = jobseeker.get(f"/jobs/{vacancy_id}", headers=EN)
    assert "Save this vacancy" in text(page)
    saved = submit(jobseeker, page, action="/jobseeker/saved-vacancies", headers=EN)
    assert saved.status_code == 303 and saved.headers["Location"].startswith(f"/jobs/{vacancy_id}")
    assert _saved(eid_app) == [vacancy_id]
    again = jobseeker.get(saved.headers["Location"], headers=EN)
    assert "Vacancy saved." in text(again) and "Remove from saved vacancies" in text(again)
    listing = jobseeker.get("/jobseeker/saved-vacancies", headers=EN)
    assert f'href="/jobs/{vacancy_id}">Forklift driver</a>' in listing.get_data(as_text=True)
    assert "You keep 1 vacancy." in text(listing)
    remove_action = re.search(
        r'action="(/jobseeker/saved-vacancies/\d+/remove)"', again.get_data(as_text=True)
    )
    removed = submit(jobseeker, again, action=remove_action.group(1), headers=EN)
    assert removed.status_code == 303 and removed.headers["Location"].startswith(f"/jobs/{vacancy_id}")
    assert _saved(eid_app) == []
    assert "You have no saved vacancies" in text(jobseeker.get("/jobseeker/saved-vacancies", headers=EN))
    home = jobseeker.get("/jobseeker/", headers=EN).get_data(as_text=True)
    assert 'href="/jobseeker/saved-vacancies"' in home


def test_with_htmx_the_button_toggles_in_place_and_says_what_happened(client_as, eid_app):
    jobseeker = client_as("jobseeker")
    vacancy_id = _vacancy(eid_app, "Night porter")
    page = jobseeker.get(f"/jobs/{vacancy_id}", headers=EN).get_data(as_text=True)
    assert 'hx-post="/jobseeker/saved-vacancies"' in page and 'hx-swap="outerHTML"' in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    on = jobseeker.post(
        "/jobseeker/saved-vacancies",
        data={"csrf_token": token, "vacancy_id": str(vacancy_id), "next": f"/jobs/{vacancy_id}"},
        headers=HX,
    )
    assert on.status_code == 200
    fragment = on.get_data(as_text=True)
    assert "<html" not in fragment and "Remove from saved vacancies" in fragment
    assert f'id="save-vacancy-{vacancy_id}"' in fragment  # the same button id: htmx gives the focus back
    assert 'hx-swap-oob="true"' in fragment and "Vacancy saved." in fragment
    remove = re.search(r'hx-post="(/jobseeker/saved-vacancies/\d+/remove)"', fragment).group(1)
    off = jobseeker.post(remove, data={"csrf_token": token, "next": f"/jobs/{vacancy_id}"}, headers=HX)
    assert off.status_code == 200
    assert "Save this vacancy" in off.get_data(as_text=True)
    assert "Vacancy removed from your saved vacancies." in off.get_data(as_text=True)
    assert _saved(eid_app) == []


def test_a_jobseeker_saves_from_the_search_results_and_comes_back_to_the_same_search(client_as, eid_app):
    jobseeker = client_as("jobseeker")
    first = _vacancy(eid_app, "Harbour crane operator")
    second = _vacancy(eid_app, "Harbour pilot")
    results = jobseeker.get("/jobs?q=harbour", headers=EN)
    body = results.get_data(as_text=True)
    assert body.count('action="/jobseeker/saved-vacancies"') == 2
    token = re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)
    saved = jobseeker.post(
        "/jobseeker/saved-vacancies",
        data={"csrf_token": token, "vacancy_id": str(second), "next": "/jobs?q=harbour"},
        headers=EN,
    )
    assert saved.status_code == 303 and saved.headers["Location"] == "/jobs?q=harbour"
    back = jobseeker.get("/jobs?q=harbour", headers=EN).get_data(as_text=True)
    assert "Vacancy saved." in back
    assert back.count('action="/jobseeker/saved-vacancies"') == 1  # the first one is still to save
    assert re.search(rf'name="vacancy_id" value="{first}"', back)
    assert 'Remove from saved vacancies<span class="govuk-visually-hidden">: Harbour pilot' in back
    assert _saved(eid_app) == [second]
    # Listed without words (newest first, or closing soonest) the saved one is marked too: on
    # PostgreSQL the page's statement reads it (engine.folds_saved), on SQLite one of its own.
    for listing in ("/jobs", "/jobs?sort=deadline", "/jobs?q=harbour&sort=newest"):
        shown = jobseeker.get(listing, headers=EN).get_data(as_text=True)
        assert 'Remove from saved vacancies<span class="govuk-visually-hidden">: Harbour pilot' in shown
        assert re.search(rf'name="vacancy_id" value="{first}"', shown)
    # A redirect goes to this site only.
    outside = jobseeker.post(
        "/jobseeker/saved-vacancies",
        data={"csrf_token": token, "vacancy_id": str(first), "next": "//evil.example/"},
        headers=EN,
    )
    assert outside.headers["Location"] == "/jobseeker/saved-vacancies"


def test_the_list_marks_closed_and_expired_vacancies_and_is_paginated_in_sql(client_as, eid_app):
    jobseeker = client_as("jobseeker")
    person_id = _person_id(eid_app, JAAN)
    open_id = _vacancy(eid_app, "Baker")
    filled = _vacancy(eid_app, "Butcher")
    expired = _vacancy(eid_app, "Candlestick maker")
    past_deadline = _vacancy(eid_app, "Chimney sweep")
    with eid_app.app_context():
        for vacancy_id in (open_id, filled, expired, past_deadline):
            saved_vacancies.save(person_id, vacancy_id)
        db.session.execute(
            update(Vacancy)
            .where(Vacancy.id == filled)
            .values(state=VacancyState.CLOSED, closure_reason=ClosureReason.FILLED)
        )
        db.session.execute(
            update(Vacancy)
            .where(Vacancy.id == expired)
            .values(
                state=VacancyState.CLOSED, closure_reason=ClosureReason.EXPIRED, deadline=dt.date(2026, 1, 5)
            )
        )
        db.session.execute(
            update(Vacancy).where(Vacancy.id == past_deadline).values(deadline=dt.date(2026, 1, 5))
        )
        db.session.commit()
    page = jobseeker.get("/jobseeker/saved-vacancies", headers=EN).get_data(as_text=True)
    items = re.findall(r"<li class=\"govuk-!-margin-bottom-6\">(.*?)</li>", page, re.S)
    assert len(items) == 4
    by_title = {
        re.search(r"(Baker|Butcher|Candlestick maker|Chimney sweep)", item).group(1): item for item in items
    }
    assert f'href="/jobs/{open_id}"' in by_title["Baker"] and "Apply by" in by_title["Baker"]
    assert "Closed" in by_title["Butcher"] and 'href="/jobs/' not in by_title["Butcher"]
    assert "Expired" in by_title["Candlestick maker"] and "5 January 2026" in by_title["Candlestick maker"]
    assert "Expired" in by_title["Chimney sweep"] and 'href="/jobs/' not in by_title["Chimney sweep"]

    with eid_app.app_context():
        more = [world.vacancy(f"Extra job {n:02d}") for n in range(19)]
        with db.write() as session:
            session.add_all(SavedVacancy(person_id=person_id, vacancy_id=vacancy_id) for vacancy_id in more)
        first = saved_vacancies.saved_list(person_id, 1, dt.date.today())
        second = saved_vacancies.saved_list(person_id, 2, dt.date.today())
        assert (first.total, len(first.items), len(second.items)) == (23, 20, 3)
        assert {row.saved.id for row in first.items}.isdisjoint(row.saved.id for row in second.items)
    page_two = jobseeker.get("/jobseeker/saved-vacancies?page=2", headers=EN).get_data(as_text=True)
    assert "You keep 23 vacancies." in page_two and 'aria-current="page"' in page_two
    assert len(re.findall(r"<li class=\"govuk-!-margin-bottom-6\">", page_two)) == 3


def test_nobody_reads_or_changes_another_person_s_saved_vacancies(client_as, eid_app):
    jobseeker = client_as("jobseeker")
    vacancy_id = _vacancy(eid_app, "Lighthouse keeper")
    page = jobseeker.get(f"/jobs/{vacancy_id}", headers=EN)
    assert submit(jobseeker, page, action="/jobseeker/saved-vacancies", headers=EN).status_code == 303
    with eid_app.app_context():
        saved_id = db.session.scalar(select(SavedVacancy.id))
    other = client_for(eid_app, persona("employed").code)
    own = other.get("/jobseeker/saved-vacancies", headers=EN)
    assert own.status_code == 200 and "Lighthouse keeper" not in text(own)
    assert "Lighthouse keeper" not in text(
        other.get(f"/jobseeker/saved-vacancies?person_id={_person_id(eid_app, JAAN)}", headers=EN)
    )
    token = re.search(r'name="csrf_token" value="([^"]+)"', own.get_data(as_text=True)).group(1)
    refused = other.post(
        f"/jobseeker/saved-vacancies/{saved_id}/remove", data={"csrf_token": token}, headers=EN
    )
    assert refused.status_code == 404
    assert _saved(eid_app) == [vacancy_id]
    with eid_app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.tag == "access:refused")).one()
        assert event.details == {"record": "saved_vacancy", "id": saved_id}
        assert event.actor_person_id == _person_id(eid_app, persona("employed").code)


def test_only_published_vacancies_are_saved_once_and_only_by_a_signed_in_jobseeker(client_as, eid_app):
    jobseeker = client_as("jobseeker")
    vacancy_id = _vacancy(eid_app, "Ferry deckhand")
    draft = _vacancy(eid_app, "Secret draft", state=VacancyState.DRAFT)
    page = jobseeker.get(f"/jobs/{vacancy_id}", headers=EN).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def post(value: str, client=jobseeker, **extra):
        return client.post(
            "/jobseeker/saved-vacancies", data={"csrf_token": token, "vacancy_id": value, **extra}, headers=EN
        )

    assert post(str(vacancy_id)).status_code == 303
    assert post(str(vacancy_id)).status_code == 303  # again: still one row
    assert post(str(draft)).status_code == 404
    assert post("999999").status_code == 404
    assert post("1 OR 1=1").status_code == 400
    assert (
        jobseeker.post("/jobseeker/saved-vacancies", data={"vacancy_id": str(vacancy_id)}).status_code == 400
    )
    assert _saved(eid_app) == [vacancy_id]
    with eid_app.app_context():
        assert db.session.scalar(select(func.count(SavedVacancy.id))) == 1

    anonymous = client_as(None)
    public = anonymous.get(f"/jobs/{vacancy_id}", headers=EN)
    assert "Sign in to save this vacancy" in text(public) and "Save this vacancy<" not in public.get_data(
        as_text=True
    )
    assert anonymous.get("/jobseeker/saved-vacancies").status_code in (302, 303, 401)
    boss = employer(eid_app, "representative", world.EMPLOYER_CODE)
    as_employer = boss.get(f"/jobs/{vacancy_id}", headers=EN).get_data(as_text=True)
    assert "Save this vacancy" not in as_employer and "Sign in to save" not in as_employer
