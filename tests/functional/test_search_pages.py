"""`/jobs` and `/trainings`: anyone searches without signing in; hostile input never breaks a page."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from portal.extensions import db
from portal.models import EntryKind
from portal.services import search as search_service
from portal.services.search import Document
from tests.journeys import EN, text

NOW = dt.datetime.now(dt.UTC)


def index(*documents: Document) -> None:
    with db.write() as session:
        search_service.put(session.connection(), list(documents))


def vacancy(ref_id: int, title: str, **values) -> Document:
    values.setdefault("published_at", NOW - dt.timedelta(hours=ref_id))
    values.setdefault("description_html", "<p>Work in a friendly team.</p>")
    return Document(kind=EntryKind.VACANCY, ref_id=ref_id, title=title, **values)


@pytest.fixture
def many(app):
    with app.app_context():
        index(
            *(
                vacancy(
                    number,
                    f"Bussijuht {number}" if number % 2 else f"Kokk {number}",
                    occupation_code="8331" if number % 2 else "5120",
                    municipalities=(("0784", "37"),) if number % 3 else (("0793", "78"),),
                    working_time="full",
                    wage_min=1000 + number,
                    wage_max=1500 + number,
                )
                for number in range(1, 131)
            ),
            Document(
                kind=EntryKind.TRAINING,
                ref_id=1,
                title="Forklift driver course",
                description_html="<p>Two weeks, certificate included.</p>",
                published_at=NOW,
                municipalities=(("0784", "37"),),
            ),
        )


def titles(response) -> list[str]:
    return re.findall(
        r'<h2 class="govuk-heading-s[^"]*"><a class="govuk-link" href="/jobs/\d+">([^<]+)</a>',
        response.get_data(as_text=True),
    )


def test_anyone_searches_without_signing_in(client, many):
    page = client.get("/jobs?q=bussijuht", headers=EN)
    assert page.status_code == 200
    assert "65 vacancies" in text(page)
    assert titles(page)[0] == "Bussijuht 1" or titles(page)[0].startswith("Bussijuht")
    assert all(title.startswith("Bussijuht") for title in titles(page))
    assert "Set-Cookie" not in page.headers  # a GET form only: nothing to keep for an anonymous visitor


def test_filters_sort_and_the_count(client, many):
    page = client.get("/jobs?county=78&sort=newest&q=kokk", headers=EN)
    assert "21 vacancies" in text(page)  # multiples of 6 up to 130
    assert titles(page)[0] == "Kokk 6"
    assert client.get("/jobs?wage=1620", headers=EN).get_data(as_text=True).count('href="/jobs/') == 11


def test_a_count_past_the_cap_says_more_than(client, many, monkeypatch):
    from portal.services.search import engine

    monkeypatch.setattr(engine, "COUNT_CAP", 100)
    page = client.get("/jobs", headers=EN)
    assert "More than 100 vacancies" in text(page)
    body = page.get_data(as_text=True)
    assert 'aria-label="Page 6"' in body and 'rel="next"' in body  # 101 rows known: 6 pages of 20
    assert "65 vacancies" in text(client.get("/jobs?q=kokk", headers=EN))  # under the cap: exact


def test_page_size_is_capped_at_100(client, many):
    page = client.get("/jobs?per_page=100000", headers=EN)
    assert page.status_code == 200
    assert len(titles(page)) == 100
    second = client.get("/jobs?per_page=100000&page=2", headers=EN)
    assert len(titles(second)) == 30


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "x" * 10_000,
        "q=%27+OR+1%3D1--",
        "q=%25",
        "q=_",
        "q=%22",
        "q=*",
        "q=%22bussijuht%22+OR+*",
        "page=99999999999999999999",
        "per_page=-5",
        "wage=1e9",
        "posted=abc",
        "sort=%27;DROP",
        "county=%27",
        "group=%25",
        "education=99",
    ],
)
def test_hostile_input_gives_results_or_none(client, many, query):
    page = client.get("/jobs?" + query, headers=EN)
    assert page.status_code == 200
    assert "vacanc" in text(page)


def test_htmx_gets_the_results_part_and_back_gets_the_page(client, many):
    fragment = client.get("/jobs?q=kokk", headers={**EN, "HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and 'hx-swap-oob="innerHTML"' in body and "65 vacancies" in body
    assert "HX-Request" in fragment.headers["Vary"]
    restored = client.get(
        "/jobs?q=kokk", headers={**EN, "HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restored.get_data(as_text=True)


def test_the_form_works_without_javascript_and_pushes_its_url(client, many):
    body = client.get("/jobs", headers=EN).get_data(as_text=True)
    form = re.search(r"<form method=\"get\" action=\"/jobs\"[^>]*>", body).group(0)
    assert 'hx-push-url="true"' in form and 'hx-target="#search-results"' in form


def test_trainings_are_their_own_search(client, many):
    page = client.get("/trainings?q=forklift", headers=EN)
    assert "1 training course" in text(page)
    assert 'href="/trainings/1"' in page.get_data(as_text=True)
    assert "Working time" not in text(page)  # vacancy-only filters are not offered
    assert "0 vacancies" in text(client.get("/jobs?q=forklift", headers=EN))


def test_the_start_page_links_to_both_searches(client):
    body = client.get("/", headers=EN).get_data(as_text=True)
    assert 'href="/jobs"' in body and 'href="/trainings"' in body


def test_anonymous_search_is_rate_limited_per_address(make_app):
    app = make_app(RATELIMIT_SEARCH="3 per minute")
    client = app.test_client()
    answers = [client.get("/jobs", environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert client.get("/jobs", environ_base={"REMOTE_ADDR": "192.0.2.8"}).status_code == 200
