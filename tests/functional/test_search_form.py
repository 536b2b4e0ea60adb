"""The search form's filters, rendered once per kind, profile, language and values chosen
(`portal/web/search/form.py`): what the page shows is what rendering them anew gives."""

from __future__ import annotations

import threading

import pytest
from flask import url_for
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict

from portal.models import EntryKind
from portal.web.search import form, presenter

EN = {"Accept-Language": "en"}
CHOICES = [
    {},
    {"county": "37"},
    {"municipality": "0784", "remote": "1"},
    {"working_time": "full", "contract": "permanent", "wage": "1500", "education": "3"},
    {"group": "5", "posted": "30", "sort": "deadline"},
    {"q": "kokk", "page": "3", "per_page": "50"},  # the words and the page are not in the form
]


def fresh(kind: EntryKind, query, language: str) -> str:
    """The form rendered now, without the table."""
    form._FORMS.clear()
    return str(form.filters_form(kind, query, "EE", language, url_for(presenter.ENDPOINTS[kind])))


@pytest.mark.parametrize("language", ["en", "et"])
@pytest.mark.parametrize("kind", [EntryKind.VACANCY, EntryKind.TRAINING])
def test_a_kept_form_is_the_one_rendered_for_its_values(app, kind, language):
    with app.test_request_context("/jobs"), force_locale(language):
        expected = {}
        for params in CHOICES:
            query = presenter.parse(kind, MultiDict(params), "EE")
            expected[str(params)] = fresh(kind, query, language)
        form._FORMS.clear()
        for _ in range(2):  # rendered into the table, then looked up
            for params in CHOICES:
                query = presenter.parse(kind, MultiDict(params), "EE")
                url = url_for(presenter.ENDPOINTS[kind])
                assert str(form.filters_form(kind, query, "EE", language, url)) == expected[str(params)]
    # Each set of values has its own form: the values chosen are the ones marked (a training's
    # search reads no working time, contract, wage or education).
    assert len(set(expected.values())) == len(CHOICES) - (1 if kind is EntryKind.VACANCY else 2)
    assert expected[str({})] == expected[str(CHOICES[-1])]


def test_the_values_chosen_are_marked_in_the_language_read(client, app):
    form._FORMS.clear()
    page = client.get("/jobs?county=37&working_time=full", headers=EN).get_data(as_text=True)
    assert '<option value="37" selected>' in page and '<option value="full" selected>' in page
    plain = client.get("/jobs", headers=EN).get_data(as_text=True)
    assert "selected>" not in plain.split('id="filter-group"')[1].split("</form>")[0]
    estonian = client.get("/jobs", headers={"Accept-Language": "et"}).get_data(as_text=True)
    english_label = "Occupation group"
    assert english_label in plain and english_label not in estonian


def test_the_table_is_bounded(app, monkeypatch):
    monkeypatch.setattr(form, "_FORMS_MAX", 3)
    form._FORMS.clear()
    with app.test_request_context("/jobs"):
        for wage in range(1, 8):
            query = presenter.parse(EntryKind.VACANCY, MultiDict({"wage": str(wage)}), "EE")
            form.filters_form(EntryKind.VACANCY, query, "EE", "en", "/jobs")
        assert len(form._FORMS) == 3
        assert [key[-4] for key in form._FORMS] == [5, 6, 7]  # the oldest went first


def test_threads_filling_the_table_at_once_do_not_fail(app, monkeypatch):
    monkeypatch.setattr(form, "_FORMS_MAX", 4)
    form._FORMS.clear()
    failures: list[BaseException] = []

    def fill(offset: int) -> None:
        try:
            with app.test_request_context("/jobs"):
                for wage in range(offset, offset + 30):
                    query = presenter.parse(EntryKind.VACANCY, MultiDict({"wage": str(wage)}), "EE")
                    form.filters_form(EntryKind.VACANCY, query, "EE", "en", "/jobs")
        except BaseException as error:  # reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=fill, args=(1 + 100 * number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(form._FORMS) <= 4
