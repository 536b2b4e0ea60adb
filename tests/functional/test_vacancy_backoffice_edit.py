"""A counsellor edits a vacancy in the back office with the employer's form and service: the same
rules (sanitised description, wage range, deadline), material edits of a published vacancy back to
the check, every edit on record with who and when, and the company told."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import Person
from portal.models.vacancy import (
    ActorRole,
    EmployerMessage,
    Vacancy,
    VacancyState,
    VacancyStateChange,
)
from portal.profiles import current_profile
from tests.eid import EID_SETTINGS, persona
from tests.vacancies import EN, POHJARANNIK, counsellor, employer, post_form, token_of, vacancy_form


def _today(app) -> dt.date:
    with app.app_context():
        return current_profile().today()


def _vacancy(app, vacancy_id: int | None = None) -> Vacancy:
    with app.app_context():
        query = select(Vacancy) if vacancy_id is None else select(Vacancy).where(Vacancy.id == vacancy_id)
        found = db.session.scalars(query.order_by(Vacancy.id.desc())).first()
        db.session.expunge(found)
        return found


def _draft(app, boss, **changes) -> Vacancy:
    assert post_form(boss, "/employer/vacancies/new", vacancy_form(_today(app), **changes)).status_code == 303
    return _vacancy(app)


def _published(app, boss, staff) -> Vacancy:
    vacancy = _draft(app, boss)
    page = boss.get(f"/employer/vacancies/{vacancy.id}", headers=EN).get_data(as_text=True)
    sent = boss.post(
        f"/employer/vacancies/{vacancy.id}/submit",
        data={"csrf_token": token_of(page), "version": str(vacancy.version)},
    )
    assert sent.status_code == 303
    check = staff.get(f"/back-office/vacancies/{vacancy.id}", headers=EN).get_data(as_text=True)
    assert 'id="edit-vacancy"' in check
    published = staff.post(
        f"/back-office/vacancies/{vacancy.id}/publish", data={"csrf_token": token_of(check)}, headers=EN
    )
    assert published.status_code == 303
    found = _vacancy(app, vacancy.id)
    assert found.state == VacancyState.PUBLISHED
    return found


def _edit(app, staff, vacancy: Vacancy, **changes):
    url = f"/back-office/vacancies/{vacancy.id}/edit"
    page = staff.get(url, headers=EN).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    return post_form(staff, url, vacancy_form(_today(app), version=version, **changes))


def _counsellor_id(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(Person.id).where(Person.national_code == persona("counsellor", "EE").code)
        )


def _history(app, vacancy_id: int) -> list[VacancyStateChange]:
    with app.app_context():
        rows = list(
            db.session.scalars(
                select(VacancyStateChange)
                .where(VacancyStateChange.vacancy_id == vacancy_id)
                .order_by(VacancyStateChange.id)
            )
        )
        db.session.expunge_all()
        return rows


def test_a_counsellor_edits_a_draft_with_the_same_sanitising_and_the_edit_is_on_record(make_app):
    app = make_app(**EID_SETTINGS)
    boss = employer(app, "unemployed", POHJARANNIK)
    staff = counsellor(app)
    vacancy = _draft(app, boss)
    page = staff.get(f"/back-office/vacancies/{vacancy.id}/edit", headers=EN)
    assert page.status_code == 200
    assert 'value="Kokk / Cook"' in page.get_data(as_text=True)
    before = dt.datetime.now(dt.UTC)
    saved = _edit(
        app,
        staff,
        vacancy,
        title="Kokk / Cook (day shift)",
        description='<p onclick="steal()" hx-get="/x" style="color:red">Cook <b>well</b></p><script>x()</script>',
    )
    assert saved.status_code == 303
    assert saved.headers["Location"].endswith(f"/back-office/vacancies/{vacancy.id}")
    after = _vacancy(app, vacancy.id)
    assert after.state == VacancyState.DRAFT and after.title == "Kokk / Cook (day shift)"
    assert after.description == "<p>Cook <b>well</b></p>"
    last = _history(app, vacancy.id)[-1]
    assert (last.actor_role, last.actor_person_id, last.reason) == (
        ActorRole.COUNSELLOR,
        _counsellor_id(app),
        "edited",
    )
    assert last.from_state == last.to_state == VacancyState.DRAFT and last.at >= before
    check = staff.get(saved.headers["Location"], headers=EN).get_data(as_text=True)
    assert "Your changes to the vacancy" in check
    with app.app_context():
        assert db.session.scalars(select(EmployerMessage.kind)).all() == ["vacancy_edited"]
    assert "A counsellor changed your vacancy" in boss.get("/employer/inbox", headers=EN).get_data(
        as_text=True
    )


def test_the_employer_s_rules_refuse_a_counsellor_s_edit_too(make_app):
    app = make_app(**EID_SETTINGS)
    boss = employer(app, "unemployed", POHJARANNIK)
    staff = counsellor(app)
    vacancy = _draft(app, boss)
    today = _today(app)
    wages = _edit(app, staff, vacancy, wage_min="2000", wage_max="1500")
    assert wages.status_code == 400
    assert "The highest wage must be the same as or more than the lowest wage" in wages.get_data(as_text=True)
    late = today + dt.timedelta(days=200)
    deadline = _edit(
        app,
        staff,
        vacancy,
        **{"deadline-day": str(late.day), "deadline-month": str(late.month), "deadline-year": str(late.year)},
    )
    assert deadline.status_code == 400
    assert "at most 6 months ahead" in deadline.get_data(as_text=True)
    assert _vacancy(app, vacancy.id).wage_max == 1800
    assert [row.reason for row in _history(app, vacancy.id)] == ["created"]


def test_a_counsellor_s_material_edit_of_a_published_vacancy_goes_back_to_the_check(make_app):
    app = make_app(**EID_SETTINGS)
    boss = employer(app, "unemployed", POHJARANNIK)
    staff = counsellor(app)
    vacancy = _published(app, boss, staff)
    minor = _edit(app, staff, vacancy, title="Kokk / Cook (updated)")
    assert minor.status_code == 303
    after = _vacancy(app, vacancy.id)
    assert after.state == VacancyState.PUBLISHED and after.edited_at is not None
    assert "Kokk / Cook (updated)" in staff.get(f"/jobs/{vacancy.id}", headers=EN).get_data(as_text=True)
    material = _edit(app, staff, after, title="Kokk / Cook (updated)", wage_min="1500", place_1="0296")
    assert material.status_code == 303
    back = _vacancy(app, vacancy.id)
    assert back.state == VacancyState.SUBMITTED and back.wage_min == 1500
    assert staff.get(f"/jobs/{vacancy.id}").status_code == 404
    last = _history(app, vacancy.id)[-1]
    assert (last.from_state, last.to_state, last.reason, last.actor_role, last.actor_person_id) == (
        VacancyState.PUBLISHED,
        VacancyState.SUBMITTED,
        "material change",
        ActorRole.COUNSELLOR,
        _counsellor_id(app),
    )
    queue = staff.get("/back-office/vacancies/", headers=EN).get_data(as_text=True)
    assert "Kokk / Cook (updated)" in queue


def test_a_counsellor_edits_a_closed_vacancy_and_it_stays_closed_and_a_stale_form_is_refused(make_app):
    app = make_app(**EID_SETTINGS)
    boss = employer(app, "unemployed", POHJARANNIK)
    staff = counsellor(app)
    vacancy = _draft(app, boss)
    close_page = boss.get(f"/employer/vacancies/{vacancy.id}/close", headers=EN).get_data(as_text=True)
    closed = boss.post(
        f"/employer/vacancies/{vacancy.id}/close",
        data={"csrf_token": token_of(close_page), "reason": "withdrawn", "version": str(vacancy.version)},
    )
    assert closed.status_code == 303
    url = f"/back-office/vacancies/{vacancy.id}/edit"
    page = staff.get(url, headers=EN).get_data(as_text=True)
    old_version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    assert (
        post_form(staff, url, vacancy_form(_today(app), version=old_version, title="Fixed typo")).status_code
        == 303
    )
    after = _vacancy(app, vacancy.id)
    assert after.state == VacancyState.CLOSED and after.title == "Fixed typo"
    stale = post_form(staff, url, vacancy_form(_today(app), version=old_version, title="Old tab"))
    assert stale.status_code == 400 and "changed in another window" in stale.get_data(as_text=True)
    assert _vacancy(app, vacancy.id).title == "Fixed typo"


def test_only_staff_reach_the_back_office_edit(make_app):
    app = make_app(**EID_SETTINGS)
    boss = employer(app, "unemployed", POHJARANNIK)
    vacancy = _draft(app, boss)
    assert boss.get(f"/back-office/vacancies/{vacancy.id}/edit", headers=EN).status_code in (403, 404)
    staff = counsellor(app)
    assert staff.get("/back-office/vacancies/999999/edit", headers=EN).status_code == 404
