"""The employer's vacancy form page keeps its fields' markup per process for a form shown as loaded
(`portal.web.vacancy_form_html`): the page is byte for byte what the macro writes, a changed vacancy
is shown changed, and a form with errors or a search is written every time."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models.vacancy import Vacancy
from portal.profiles import current_profile
from portal.web import vacancy_form_html
from tests.eid import EID_SETTINGS
from tests.vacancies import EN, POHJARANNIK, employer, post_form, vacancy_form

# Per request or per minute (the scripts' nonce, the session's signed token): not what this compares.
PER_REQUEST = re.compile(r'((?:nonce|name="csrf_token" type="hidden" value)=")[^"]+(")')


def _today(app) -> dt.date:
    with app.app_context():
        return current_profile().today()


def _page(client, url: str, headers: dict[str, str]) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return PER_REQUEST.sub(r"\1-\2", response.get_data(as_text=True))


@pytest.fixture
def signed_in(make_app):
    app = make_app(**EID_SETTINGS)
    client = employer(app, "unemployed", POHJARANNIK)
    changes = {"place_2": "0171", "language_2": "en", "level_2": "C1", "driving_licence": ["B", "C1"]}
    created = post_form(client, "/employer/vacancies/new", vacancy_form(_today(app), **changes))
    assert created.status_code == 303
    with app.app_context():
        vacancy_id = db.session.scalars(select(Vacancy.id)).one()
    return app, client, vacancy_id


def test_the_kept_fields_are_what_the_macro_writes(signed_in, monkeypatch):
    _app, client, vacancy_id = signed_in
    vacancy_form_html._KEPT.clear()
    pages = {}
    for language in ("en", "et", "sq"):
        headers = {"Accept-Language": language}
        for url in (f"/employer/vacancies/{vacancy_id}/edit", "/employer/vacancies/new"):
            first, kept = _page(client, url, headers), _page(client, url, headers)
            pages[(language, url)] = first
            assert kept == first
    assert len(vacancy_form_html._KEPT) == 6  # three languages, two forms
    monkeypatch.setattr(vacancy_form_html, "key_of", lambda data, search_url: None)
    for (language, url), kept in pages.items():
        assert _page(client, url, {"Accept-Language": language}) == kept
    assert "Kokk / Cook" in pages[("en", f"/employer/vacancies/{vacancy_id}/edit")]


def test_a_changed_vacancy_is_shown_changed(signed_in):
    app, client, vacancy_id = signed_in
    url = f"/employer/vacancies/{vacancy_id}/edit"
    before = _page(client, url, EN)
    with app.app_context():
        version = db.session.scalars(select(Vacancy.version)).one()
    form = vacancy_form(_today(app), title="Vanemkokk / Head cook", wage_max="2100")
    assert post_form(client, url, {**form, "version": version}).status_code == 303
    after = _page(client, url, EN)
    assert 'value="Vanemkokk / Head cook"' in after and "Kokk / Cook" not in after
    assert 'value="2100"' in after and before != after


def test_a_form_with_errors_or_a_search_is_not_kept(signed_in):
    app, client, vacancy_id = signed_in
    url = f"/employer/vacancies/{vacancy_id}/edit"
    vacancy_form_html._KEPT.clear()
    broken = post_form(client, url, vacancy_form(_today(app), title="", wage_min="a lot"))
    assert broken.status_code == 400
    assert "Enter the job title" in broken.get_data(as_text=True)
    searched = post_form(client, url, {**vacancy_form(_today(app)), "action": "search", "q": "kokk"})
    assert searched.status_code == 200
    # post_form's GETs of the page were kept; the POSTs' pages were not.
    assert len(vacancy_form_html._KEPT) == 1
    assert "Enter the job title" not in _page(client, url, EN)
