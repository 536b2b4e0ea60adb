"""The vacancy form's and the company profile's forms are freed when their view returns, not left
for the garbage collector (`bound_fields.release`: WTForms' fields point back at their form)."""

from __future__ import annotations

import gc

from sqlalchemy import select

from portal.extensions import db
from portal.models.vacancy import Vacancy
from portal.web.employer.views.company import CompanyForm
from portal.web.vacancy_form import VacancyForm
from tests.eid import EID_SETTINGS
from tests.vacancies import EN, POHJARANNIK, employer, post_form, vacancy_form


def _forms_collected() -> list[str]:
    """The forms the collector finds unreachable now (kept aside to be looked at, then dropped)."""
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        return [type(found).__name__ for found in gc.garbage if isinstance(found, VacancyForm | CompanyForm)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def test_the_form_pages_leave_no_form_for_the_collector(make_app):
    app = make_app(**EID_SETTINGS)
    client = employer(app, "unemployed", POHJARANNIK)
    with app.app_context():
        from portal.profiles import current_profile

        today = current_profile().today()
    assert post_form(client, "/employer/vacancies/new", vacancy_form(today)).status_code == 303
    with app.app_context():
        vacancy_id = db.session.scalar(select(Vacancy.id))
    pages = [f"/employer/vacancies/{vacancy_id}/edit", "/employer/vacancies/new", "/employer/company"]
    gc.collect()
    gc.disable()
    try:
        for path in pages:
            page = client.get(path, headers=EN)
            assert page.status_code == 200 and 'name="csrf_token"' in page.get_data(as_text=True)
            assert _forms_collected() == [], path
        # A POST with errors shows the form again, and frees it too.
        invalid = post_form(client, f"/employer/vacancies/{vacancy_id}/edit", {"title": ""})
        assert invalid.status_code == 400
        assert _forms_collected() == []
    finally:
        gc.enable()
