"""The counsellors' check: publish or return with a reason, direct publishing with a check
afterwards, material edits back to the check, closing, the daily expiry, reports, registering a
vacancy for an employer; every change is on record with who and when."""

from __future__ import annotations

import datetime as dt
import json
import re

from sqlalchemy import select, update

from portal.extensions import db
from portal.models.vacancy import (
    ClosureReason,
    EmployerCompany,
    EmployerMessage,
    Vacancy,
    VacancyReport,
    VacancyState,
    VacancyStateChange,
)
from portal.profiles import current_profile
from tests.eid import EID_SETTINGS
from tests.vacancies import (
    EN,
    POHJARANNIK,
    counsellor,
    date_fields,
    employer,
    post_form,
    token_of,
    vacancy_form,
)


def _today(app) -> dt.date:
    with app.app_context():
        return current_profile().today()


def _vacancy(app, vacancy_id: int | None = None) -> Vacancy:
    with app.app_context():
        query = select(Vacancy) if vacancy_id is None else select(Vacancy).where(Vacancy.id == vacancy_id)
        return db.session.scalars(query.order_by(Vacancy.id.desc())).first()


def _submitted(app, client, **changes) -> Vacancy:
    assert (
        post_form(client, "/employer/vacancies/new", vacancy_form(_today(app), **changes)).status_code == 303
    )
    vacancy = _vacancy(app)
    page = client.get(f"/employer/vacancies/{vacancy.id}", headers=EN).get_data(as_text=True)
    sent = client.post(
        f"/employer/vacancies/{vacancy.id}/submit",
        data={"csrf_token": token_of(page), "version": str(vacancy.version)},
    )
    assert sent.status_code == 303 and "problem" not in sent.headers["Location"]
    return _vacancy(app, vacancy.id)


def _post(client, page_url: str, action: str, data: dict | None = None):
    page = client.get(page_url, headers=EN).get_data(as_text=True)
    return client.post(action, data={**(data or {}), "csrf_token": token_of(page)}, headers=EN)


def test_a_counsellor_publishes_a_submitted_vacancy_and_the_public_page_shows_it(make_app):
    app = make_app(**EID_SETTINGS)
    boss = employer(app, "unemployed", POHJARANNIK)
    vacancy = _submitted(app, boss)
    assert vacancy.state == VacancyState.SUBMITTED
    staff = counsellor(app)
    queue = staff.get("/back-office/vacancies/", headers=EN).get_data(as_text=True)
    assert "Kokk / Cook" in queue and "Põhjarannik OÜ" in queue
    check_url = f"/back-office/vacancies/{vacancy.id}"
    published = _post(staff, check_url, f"{check_url}/publish")
    assert published.status_code == 303
    public = staff.get(f"/jobs/{vacancy.id}", headers=EN)
    assert public.status_code == 200
    page = public.get_data(as_text=True)
    posting = json.loads(
        re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S).group(1)
    )
    assert posting["@type"] == "JobPosting" and posting["title"] == "Kokk / Cook"
    assert posting["hiringOrganization"]["name"] == "Põhjarannik OÜ"
    assert posting["baseSalary"]["value"]["minValue"] == 1400 and posting["baseSalary"]["currency"] == "EUR"
    assert posting["validThrough"].startswith((_today(app) + dt.timedelta(days=30)).isoformat())
    assert "hx-disable" in page and "Printable version" in page and "Report this vacancy" in page
    assert staff.get(f"/jobs/{vacancy.id}/print", headers=EN).status_code == 200
    with app.app_context():
        changes = db.session.scalars(
            select(VacancyStateChange)
            .where(VacancyStateChange.vacancy_id == vacancy.id)
            .order_by(VacancyStateChange.id)
        ).all()
        assert [(c.to_state, c.actor_role.value) for c in changes][-1] == (
            VacancyState.PUBLISHED,
            "counsellor",
        )
        assert db.session.scalars(select(EmployerMessage.kind)).all() == ["vacancy_published"]
    inbox = boss.get("/employer/inbox", headers=EN).get_data(as_text=True)
    assert "Your vacancy was published" in inbox


def test_a_counsellor_returns_a_vacancy_with_a_reason_the_employer_reads(make_app):
    app = make_app(**EID_SETTINGS)
    boss = employer(app, "unemployed", POHJARANNIK)
    vacancy = _submitted(app, boss)
    staff = counsellor(app)
    check_url = f"/back-office/vacancies/{vacancy.id}"
    empty = _post(staff, check_url, f"{check_url}/return", {"reason": ""})
    assert empty.status_code == 400 and "Enter why you are returning the vacancy" in empty.get_data(
        as_text=True
    )
    returned = _post(staff, check_url, f"{check_url}/return", {"reason": "State the working hours."})
    assert returned.status_code == 303
    assert _vacancy(app, vacancy.id).state == VacancyState.DRAFT
    page = boss.get(f"/employer/vacancies/{vacancy.id}", headers=EN).get_data(as_text=True)
    assert "A counsellor returned this vacancy to you:" in page and "State the working hours." in page
    assert "State the working hours." in boss.get("/employer/inbox", headers=EN).get_data(as_text=True)
    # Publishing what is no longer waiting is refused, not applied twice.
    stale = _post(staff, check_url, f"{check_url}/return", {"reason": "again"})
    assert stale.status_code == 303 and "stale=1" in stale.headers["Location"]


def test_the_check_flags_wording_low_wage_and_duplicates(make_app):
    app = make_app(**EID_SETTINGS)
    boss = employer(app, "unemployed", POHJARANNIK)
    first = _submitted(app, boss)
    assert first.check_flags == []
    second = _submitted(
        app,
        boss,
        description="<p>We look for a young cook, men only.</p>",
        wage_min="500",
        wage_max="900",
    )
    assert set(second.check_flags) == {"wording", "low_wage", "duplicate"}
    staff = counsellor(app)
    page = staff.get(f"/back-office/vacancies/{second.id}", headers=EN).get_data(as_text=True)
    assert "Possibly discriminatory wording" in page and "men only" in page and "young" in page
    assert "Wage below the legal minimum" in page and "886" in page and "Possible duplicate" in page
    part_time = _submitted(app, boss, title="Abikokk", working_time="part", wage_min="500", wage_max="600")
    assert "low_wage" not in part_time.check_flags  # pro rata: not compared with the full-time minimum


def test_a_verified_employer_publishes_directly_and_the_check_follows(make_app):
    app = make_app(**EID_SETTINGS)  # Estonia's profile allows direct publishing
    boss = employer(app, "unemployed", POHJARANNIK)
    boss.get("/employer/", headers=EN)
    with app.app_context():
        db.session.execute(update(EmployerCompany).values(verified=True))
        db.session.commit()
    vacancy = _submitted(app, boss)
    assert vacancy.state == VacancyState.PUBLISHED and vacancy.needs_check
    assert boss.get(f"/jobs/{vacancy.id}").status_code == 200
    staff = counsellor(app)
    assert "Published directly: check afterwards" in staff.get(
        "/back-office/vacancies/", headers=EN
    ).get_data(as_text=True)
    check_url = f"/back-office/vacancies/{vacancy.id}"
    assert _post(staff, check_url, f"{check_url}/publish").status_code == 303
    after = _vacancy(app, vacancy.id)
    assert after.state == VacancyState.PUBLISHED and not after.needs_check
    assert f'href="/back-office/vacancies/{vacancy.id}"' not in staff.get("/back-office/vacancies/").get_data(
        as_text=True
    )


def test_a_kosovo_employer_is_always_checked_first(make_app):
    app = make_app(PROFILE="XK", **EID_SETTINGS)
    boss = employer(app, "representative", "812345678", profile="XK")  # Agron Shala, sole right
    boss.get("/employer/", headers=EN)
    with app.app_context():
        db.session.execute(update(EmployerCompany).values(verified=True))
        db.session.commit()
    vacancy = _submitted(app, boss, place_1="PR", language_1="sq", wage_min="300", wage_max="400")
    assert vacancy.state == VacancyState.SUBMITTED  # the profile has no direct publishing
    assert vacancy.check_flags == ["low_wage"]  # below Kosovo's 350 EUR


def test_editing_a_published_vacancy_keeps_it_published_unless_the_edit_is_material(make_app):
    app = make_app(**EID_SETTINGS)
    boss = employer(app, "unemployed", POHJARANNIK)
    vacancy = _submitted(app, boss)
    staff = counsellor(app)
    check_url = f"/back-office/vacancies/{vacancy.id}"
    _post(staff, check_url, f"{check_url}/publish")
    edit_url = f"/employer/vacancies/{vacancy.id}/edit"
    page = boss.get(edit_url, headers=EN).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    today = _today(app)
    minor = post_form(boss, edit_url, vacancy_form(today, version=version, title="Kokk (vahetustega)"))
    assert minor.status_code == 303
    after = _vacancy(app, vacancy.id)
    assert after.state == VacancyState.PUBLISHED and after.edited_at is not None
    assert "Updated" in boss.get(f"/jobs/{vacancy.id}", headers=EN).get_data(as_text=True)
    material = post_form(boss, edit_url, vacancy_form(today, version=str(after.version), wage_min="1500"))
    assert material.status_code == 303
    assert _vacancy(app, vacancy.id).state == VacancyState.SUBMITTED
    assert boss.get(f"/jobs/{vacancy.id}").status_code == 404
    stale = post_form(boss, edit_url, vacancy_form(today, version=version, title="Old tab"))
    assert stale.status_code == 400 and "changed in another window" in stale.get_data(as_text=True)


def test_closing_a_vacancy_records_why(make_app):
    app = make_app(**EID_SETTINGS)
    boss = employer(app, "unemployed", POHJARANNIK)
    vacancy = _submitted(app, boss)
    close_url = f"/employer/vacancies/{vacancy.id}/close"
    missing = post_form(boss, close_url, {"version": str(vacancy.version)})
    assert missing.status_code == 400 and "Select why you are closing the vacancy" in missing.get_data(
        as_text=True
    )
    closed = post_form(boss, close_url, {"version": str(vacancy.version), "reason": "filled"})
    assert closed.status_code == 303
    after = _vacancy(app, vacancy.id)
    assert after.state == VacancyState.CLOSED and after.closure_reason == ClosureReason.FILLED
    assert boss.get(close_url, headers=EN).status_code == 404
    assert boss.get(f"/employer/vacancies/{vacancy.id}/edit", headers=EN).status_code == 404


def test_the_daily_job_expires_vacancies_past_their_deadline_and_tells_the_employer(make_app):
    from portal.services.vacancies.workflow import expire_past_deadline

    app = make_app(**EID_SETTINGS)
    boss = employer(app, "unemployed", POHJARANNIK)
    vacancy = _submitted(app, boss)
    staff = counsellor(app)
    check_url = f"/back-office/vacancies/{vacancy.id}"
    _post(staff, check_url, f"{check_url}/publish")
    today = _today(app)
    with app.app_context():
        assert expire_past_deadline(today) == []
        db.session.execute(update(Vacancy).values(deadline=today - dt.timedelta(days=1)))
        db.session.commit()
        assert expire_past_deadline(today) == [vacancy.id]
        assert expire_past_deadline(today) == []  # idempotent
        row = db.session.get(Vacancy, vacancy.id)
        assert (row.state, row.closure_reason) == (VacancyState.CLOSED, ClosureReason.EXPIRED)
        last = db.session.scalars(
            select(VacancyStateChange).order_by(VacancyStateChange.id.desc()).limit(1)
        ).one()
        assert (last.actor_role.value, last.actor_person_id, last.reason) == ("system", None, "expired")
    assert "Your vacancy expired" in boss.get("/employer/inbox", headers=EN).get_data(as_text=True)
    assert boss.get(f"/jobs/{vacancy.id}").status_code == 404


def test_a_report_puts_a_published_vacancy_back_in_the_check_queue(make_app):
    app = make_app(**EID_SETTINGS)
    boss = employer(app, "unemployed", POHJARANNIK)
    vacancy = _submitted(app, boss)
    staff = counsellor(app)
    check_url = f"/back-office/vacancies/{vacancy.id}"
    _post(staff, check_url, f"{check_url}/publish")
    visitor = app.test_client()
    report_url = f"/jobs/{vacancy.id}/report"
    sent = post_form(visitor, report_url, {"reason": "They asked me to pay for the training."})
    assert sent.status_code == 303 and "reported=1" in sent.headers["Location"]
    queue = staff.get("/back-office/vacancies/", headers=EN).get_data(as_text=True)
    assert "Reported by a visitor" in queue
    assert "They asked me to pay" in staff.get(check_url, headers=EN).get_data(as_text=True)
    _post(staff, check_url, f"{check_url}/publish")
    with app.app_context():
        assert db.session.scalars(select(VacancyReport.handled_at)).one() is not None
    assert visitor.get("/jobs/999999").status_code == 404


def test_the_check_page_lists_the_open_reports_oldest_first_and_its_forms_carry_the_session_token(make_app):
    """The open reports are read with the vacancy (joined); a handled one is not shown. The publish,
    verify and return forms carry the session's CSRF token, which each of them accepts."""
    app = make_app(**EID_SETTINGS)
    boss = employer(app, "unemployed", POHJARANNIK)
    vacancy = _submitted(app, boss)
    staff = counsellor(app)
    check_url = f"/back-office/vacancies/{vacancy.id}"
    _post(staff, check_url, f"{check_url}/publish")
    visitor = app.test_client()
    for reason in ("Handled: a wrong wage.", "Second: pay to apply.", "Third: no such company."):
        post_form(visitor, f"/jobs/{vacancy.id}/report", {"reason": reason})
        if reason.startswith("Handled"):
            _post(staff, check_url, f"{check_url}/publish")
    page = staff.get(check_url, headers=EN).get_data(as_text=True)
    assert "Handled: a wrong wage." not in page
    assert page.index("Second: pay to apply.") < page.index("Third: no such company.")
    tokens = re.findall(r'<input id="csrf-(\w+)" name="csrf_token" type="hidden" value="([^"]+)">', page)
    assert [name for name, _token in tokens] == ["publish", "verify", "return"]
    assert len({token for _name, token in tokens}) == 1 and tokens[0][1] == token_of(page)
    returned = staff.post(f"{check_url}/return", data={"csrf_token": tokens[2][1]}, headers=EN)
    assert returned.status_code == 400 and "Enter why you are returning the vacancy" in returned.get_data(
        as_text=True
    )
    assert staff.post(f"{check_url}/publish", data={"csrf_token": "forged"}, headers=EN).status_code == 400
    assert staff.post(f"{check_url}/publish", data={"csrf_token": tokens[0][1]}).status_code == 303


def test_a_counsellor_registers_a_vacancy_for_an_employer_who_called(make_app):
    app = make_app(**EID_SETTINGS)
    staff = counsellor(app)
    today = _today(app)
    unknown = post_form(staff, "/back-office/vacancies/new", vacancy_form(today, registry_code="99999999"))
    assert unknown.status_code == 400
    assert "does not know an active company" in unknown.get_data(as_text=True)
    done = post_form(staff, "/back-office/vacancies/new", vacancy_form(today, registry_code=POHJARANNIK))
    assert done.status_code == 303
    vacancy = _vacancy(app)
    assert vacancy.state == VacancyState.PUBLISHED and vacancy.created_by_role.value == "counsellor"
    with app.app_context():
        kinds = db.session.scalars(select(EmployerMessage.kind).order_by(EmployerMessage.id)).all()
        assert kinds == ["vacancy_registered", "vacancy_published"]
    boss = employer(app, "unemployed", POHJARANNIK)
    assert "Kokk / Cook" in boss.get("/employer/vacancies/?state=published", headers=EN).get_data(
        as_text=True
    )


def test_the_employer_home_counts_vacancies_by_state(make_app):
    app = make_app(**EID_SETTINGS)
    boss = employer(app, "unemployed", POHJARANNIK)
    _submitted(app, boss)
    assert (
        post_form(boss, "/employer/vacancies/new", vacancy_form(_today(app), title="Draft only")).status_code
        == 303
    )
    home = boss.get("/employer/", headers=EN).get_data(as_text=True)
    assert "Draft: 1" in home and "Waiting for a check: 1" in home and "Published: 0" in home
    assert 'id="candidates"' in home
    assert boss.get("/employer/vacancies/?state=nonsense").status_code == 404
    assert boss.get("/employer/vacancies/?state=draft&page=0").status_code == 404


def test_date_rules_follow_the_profile(make_app):
    app = make_app(**EID_SETTINGS)
    boss = employer(app, "unemployed", POHJARANNIK)
    today = _today(app)
    past = post_form(
        boss,
        "/employer/vacancies/new",
        vacancy_form(today, **date_fields("deadline", today - dt.timedelta(days=1))),
    )
    assert past.status_code == 400 and "must be today or later" in past.get_data(as_text=True)
    fixed = post_form(
        boss,
        "/employer/vacancies/new",
        vacancy_form(
            today, contract="fixed_term", **date_fields("contract_end", today + dt.timedelta(days=90))
        ),
    )
    assert fixed.status_code == 303
    assert _vacancy(app).contract_end == today + dt.timedelta(days=90)
