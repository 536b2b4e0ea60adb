"""The search page's presenter formats as the template filters did and links as `url_for` does."""

from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import force_locale, format_date, format_number
from werkzeug.datastructures import MultiDict

from portal.models import EntryKind
from portal.services.search import Results
from portal.web.search import presenter


@pytest.mark.parametrize("language", ["en", "et", "ru", "sr", "sq"])
def test_formats_are_the_filters_own(app, language):
    values = [
        dt.datetime(2026, 12, 3, 22, 30),  # naive UTC: the next day in Tallinn
        dt.datetime(2026, 12, 3, 21, 59, tzinfo=dt.UTC),
        dt.date(2027, 2, 5),
    ]
    with app.test_request_context("/jobs"), force_locale(language):
        formats = presenter._Formats()
        for _ in range(2):  # formatted, then from the table
            assert [formats.date(value) for value in values] == [format_date(v, "long") for v in values]
            assert [formats.number(wage) for wage in (900, 1500, 12345)] == [
                format_number(wage) for wage in (900, 1500, 12345)
            ]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "kokk & köök/ü", "page": "3"},
        {"county": "37", "working_time": "full", "posted": "30", "sort": "newest", "page": "7"},
        {"q": "juht", "per_page": "50", "remote": "1", "page": "2"},
    ],
)
def test_pagination_links_are_url_fors(app, params):
    with app.test_request_context("/jobs"):
        query = presenter.parse(EntryKind.VACANCY, MultiDict(params), "EE")
        page = presenter.pagination(EntryKind.VACANCY, Results(query=query, hits=[], total=400))
        assert page.prev_href == presenter.href(EntryKind.VACANCY, query, page=query.page - 1)
        assert page.next_href == presenter.href(EntryKind.VACANCY, query, page=query.page + 1)
        assert [item.href for item in page.items] == [
            presenter.href(EntryKind.VACANCY, query, page=item.number) for item in page.items
        ]


@pytest.mark.parametrize("language", ["en", "et"])
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "kokk & köök/ü", "page": "3"},
        {"county": "37", "working_time": "full", "posted": "30", "sort": "newest", "page": "7"},
        {"q": "juht", "per_page": "50", "remote": "1", "page": "2"},
        {"page": "40"},  # past the last page: the pushed address keeps the page asked for
    ],
)
def test_kept_links_are_the_ones_made_for_the_search(app, params, language):
    from flask import render_template_string, url_for
    from flask_babel import force_locale

    from portal.web.search import links

    links._LINKS.clear()
    with app.test_request_context("/jobs"), force_locale(language):
        query = presenter.parse(EntryKind.VACANCY, MultiDict(params), "EE")
        for total in (0, 400, 1000):
            results = Results(query=query, hits=[], total=total, more=total == 1000)
            expected = render_template_string(
                '{% from "components/pagination.html" import pagination %}{{ pagination(page) }}',
                page=presenter.pagination(EntryKind.VACANCY, results),
            )
            for _ in range(2):  # made, then kept
                made = links.links(EntryKind.VACANCY, results, "EE", language, url_for("search.jobs"))
                assert str(made.pagination) == expected
                assert made.push_href == presenter.href(EntryKind.VACANCY, query)
    assert len(links._LINKS) == 3


def test_the_links_table_is_bounded(app, monkeypatch):
    from portal.web.search import links

    monkeypatch.setattr(links, "_LINKS_MAX", 2)
    links._LINKS.clear()
    with app.test_request_context("/jobs"):
        for page in range(1, 6):
            query = presenter.parse(EntryKind.VACANCY, MultiDict({"page": str(page)}), "EE")
            links.links(EntryKind.VACANCY, Results(query=query, hits=[], total=400), "EE", "en", "/jobs")
        assert [key[4].page for key in links._LINKS] == [4, 5]


def test_the_kept_sign_in_link_is_url_fors(app, monkeypatch):
    from flask import url_for

    from portal.web.search import links

    monkeypatch.setattr(links, "_LINKS_MAX", 3)
    links._LOGIN.clear()
    paths = ["/jobs?q=kokk", "/jobs?q=k%C3%B6%C3%B6k&page=2", "/jobs?", "/jobs?q=a&b=<x>", "/jobs?q=kokk"]
    for root in ("", "/portal"):
        with app.test_request_context("/jobs", environ_base={"SCRIPT_NAME": root}):
            for path in paths:
                assert links.login_href(root, path) == url_for("auth.login", next=path)
    assert len(links._LOGIN) == 3  # bounded: the oldest went first
