"""The vacancy lists cost a fixed number of SQL statements, whatever the number of rows shown."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import event

from portal.extensions import db
from portal.models.base import utcnow
from portal.models.vacancy import (
    ApplyMethod,
    ContractType,
    EmployerCompany,
    Vacancy,
    VacancyPlace,
    VacancyState,
    VacancyWorkingTime,
)
from tests.eid import EID_SETTINGS
from tests.vacancies import EN, POHJARANNIK, counsellor, employer


def _add(app, count: int, state: VacancyState) -> None:
    with app.app_context():
        if db.session.get(EmployerCompany, 1) is None and not db.session.query(EmployerCompany).count():
            db.session.add(EmployerCompany(registry_code=POHJARANNIK, name="Põhjarannik OÜ"))
        for number in range(count):
            db.session.add(
                Vacancy(
                    employer_code=POHJARANNIK,
                    title=f"Kokk {number}",
                    occupation_code="5120",
                    description="<p>Kokk</p>",
                    working_time=VacancyWorkingTime.FULL,
                    contract=ContractType.PERMANENT,
                    wage_min=1200,
                    wage_max=1500,
                    currency="EUR",
                    deadline=dt.date.today() + dt.timedelta(days=20),
                    apply_method=ApplyMethod.PORTAL,
                    state=state,
                    check_flags=["duplicate"] if number % 2 else [],
                    published_at=utcnow() if state == VacancyState.PUBLISHED else None,
                    places=[VacancyPlace(municipality_code="0784"), VacancyPlace(municipality_code="0793")],
                )
            )
        db.session.commit()


def _statements(app, client, path: str) -> int:
    engine = app.extensions["database_engine"]
    counted = 0

    def count(*_args) -> None:
        nonlocal counted
        counted += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path, headers=EN).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return counted


def test_the_lists_cost_the_same_with_two_rows_or_twenty(make_app):
    app = make_app(**EID_SETTINGS)
    boss = employer(app, "unemployed", POHJARANNIK)
    boss.get("/employer/", headers=EN)  # the company profile row
    staff = counsellor(app)
    paths = {
        boss: ["/employer/vacancies/?state=submitted", "/employer/"],
        staff: ["/back-office/vacancies/"],
    }
    _add(app, 2, VacancyState.SUBMITTED)
    few = {path: _statements(app, client, path) for client, urls in paths.items() for path in urls}
    _add(app, 20, VacancyState.SUBMITTED)
    many = {path: _statements(app, client, path) for client, urls in paths.items() for path in urls}
    assert many == few
    page = staff.get("/back-office/vacancies/", headers=EN).get_data(as_text=True)
    assert "22 vacancies are waiting for a check" in page
    assert page.count('<tr class="govuk-table__row">') == 1 + 20  # the header and a page of 20
    second = boss.get("/employer/vacancies/?state=submitted&page=2", headers=EN).get_data(as_text=True)
    assert second.count('<tr class="govuk-table__row">') == 1 + 2
