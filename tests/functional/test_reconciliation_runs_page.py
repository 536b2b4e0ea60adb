"""The nightly checks' list (`/back-office/reconciliation`): its page and the fragment htmx polls,
read as rows of the list's columns in one statement (`run_list.recent_runs`), the same runs, order,
progress and pages as the ORM's entities gave."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import ReconciliationRun, RunKind, RunState
from portal.services.lifecycle import run_list
from tests.functional.test_list_pages import counted

EN = {"Accept-Language": "en"}
HTMX = {**EN, "HX-Request": "true"}
PATH = "/back-office/reconciliation"
STATES = (RunState.FINISHED, RunState.FINISHED_WITH_ERRORS, RunState.RUNNING, RunState.PLANNING)


def _add_runs(count: int, *, states=STATES) -> None:
    """`count` runs on as many nights; two of them started at the same moment (the id decides)."""
    start = dt.datetime(2026, 11, 1, 1, 30, tzinfo=dt.UTC)
    with db.write() as session:
        for number in range(count):
            state = states[number % len(states)]
            session.add(
                ReconciliationRun(
                    kind=(RunKind.TAX, RunKind.POPULATION)[number % 2],
                    night=dt.date(2026, 11, 1) + dt.timedelta(days=number),
                    state=state,
                    started_at=start + dt.timedelta(days=min(number, count - 2)),
                    finished_at=start + dt.timedelta(days=number, hours=2)
                    if state in (RunState.FINISHED, RunState.FINISHED_WITH_ERRORS)
                    else None,
                    batches_total=(0, 7, 12, 1000)[number % 4],
                    batches_done=(0, 3, 5, 999)[number % 4],
                    persons_checked=1234 * number,
                    proposals_made=3 * number,
                    errors=number % 3,
                )
            )


def _text(response) -> str:
    return response.get_data(as_text=True)


def _listed_ids(page: str) -> list[int]:
    return [int(found) for found in re.findall(r'href="/back-office/reconciliation/(\d+)"', page)]


def test_the_rows_are_the_entities_newest_first_a_page_at_a_time(eid_app):
    with eid_app.app_context():
        _add_runs(23)
        entities = db.session.scalars(
            select(ReconciliationRun).order_by(
                ReconciliationRun.started_at.desc(), ReconciliationRun.id.desc()
            )
        ).all()
        columns = run_list.RunRow._fields
        expected = [tuple(getattr(run, name) for name in columns) for run in entities]
        shown = []
        for number in (1, 2):
            page = run_list.recent_runs(number)
            assert (page.total, page.page, page.pages) == (23, number, 2)
            shown += page.runs
        assert [tuple(row) for row in shown] == expected
        assert [(row.percent_done, row.is_running) for row in shown] == [
            (run.percent_done, run.is_running) for run in entities
        ]
        past = run_list.recent_runs(99)  # past the end: the last page, as `paginate` showed it
        assert (past.total, past.page, past.pages) == (23, 2, 2)
        assert [row.id for row in past.runs] == [run.id for run in entities[20:]]
        db.session.remove()
        with db.write() as session:
            for run in session.scalars(select(ReconciliationRun)):
                session.delete(run)
        assert run_list.recent_runs(1) == run_list.RunPage([], 0, 1, 1)
        assert run_list.recent_runs(3) == run_list.RunPage([], 0, 1, 1)


def test_the_page_and_its_fragment_list_the_runs_with_page_links_on_the_page_only(eid_app, client_as):
    with eid_app.app_context():
        _add_runs(23)
        newest = db.session.scalars(
            select(ReconciliationRun.id).order_by(
                ReconciliationRun.started_at.desc(), ReconciliationRun.id.desc()
            )
        ).all()
    counsellor = client_as("counsellor")
    page = _text(counsellor.get(PATH, headers=EN))
    assert _listed_ids(page) == newest[:20]
    assert 'aria-label="Page 2"' in page and 'rel="next"' in page
    assert 'hx-trigger="every 3s"' in page  # some are running
    fragment = counsellor.get(PATH, headers=HTMX)
    assert fragment.headers["Vary"] == "HX-Request, Cookie, Accept-Language"
    assert _listed_ids(_text(fragment)) == newest[:20] and "govuk-pagination" not in _text(fragment)
    assert not _text(fragment).lstrip().startswith("<!DOCTYPE")
    last = _text(counsellor.get(f"{PATH}?page=2", headers=EN))
    assert _listed_ids(last) == newest[20:] and 'rel="prev"' in last and 'rel="next"' not in last
    assert _listed_ids(_text(counsellor.get(f"{PATH}?page=99", headers=HTMX))) == newest[20:]
    assert 'hx-get="/back-office/reconciliation?page=2"' in _text(
        counsellor.get(f"{PATH}?page=99", headers=HTMX)
    )
    # Progress as the entity showed it: 999 of 1000 is 99%, nothing to do is 100%.
    assert ">999 of 1000</label>" in page and 'max="1000" value="999">99%</progress>' in page
    assert ">0 of 0</label>" in page and 'max="1" value="0">100%</progress>' in page


def test_one_page_of_finished_runs_has_no_page_links_and_does_not_poll(eid_app, client_as):
    with eid_app.app_context():
        _add_runs(3, states=(RunState.FINISHED,))
    counsellor = client_as("counsellor")
    page = _text(counsellor.get(PATH, headers=EN))
    assert len(_listed_ids(page)) == 3
    assert "govuk-pagination" not in page and "hx-trigger" not in page and "<noscript><meta" not in page
    assert "Run now" not in page  # a counsellor's page has no form


def test_the_empty_list_and_its_fragment_cost_one_statement(eid_app, client_as):
    counsellor = client_as("counsellor")
    for headers in (EN, HTMX):
        assert counsellor.get(PATH, headers=headers).status_code == 200  # warm
        with counted(eid_app) as statements:
            shown = _text(counsellor.get(PATH, headers=headers))
        assert "No check has run yet." in shown and "govuk-pagination" not in shown
        assert len(statements) == 1, statements
    with eid_app.app_context():
        _add_runs(23)
    for headers in (EN, HTMX):
        with counted(eid_app) as statements:
            assert counsellor.get(PATH, headers=headers).status_code == 200
        assert len(statements) == 1, statements  # the page and its count together
