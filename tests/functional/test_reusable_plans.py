"""Statements PostgreSQL keeps one plan for (issue 18): a prepared statement is planned once for
any values (its generic plan) only when that plan does not look dearer than the ones made for the
values. A state bound as a parameter (`Vacancy.state == VacancyState.SUBMITTED`) or a LIMIT/OFFSET
bound as one made the generic plans of the back-office home's counts and of the vacancy check queue
look ten to a hundred times dearer, and both were planned again on every request; the employer
home's counts read the rows where the index alone answers. The statements' constants are now
written in their SQL (`paging.written_constants`, `paging.written_limit`); the values a request
passes stay parameters."""

from __future__ import annotations

import re

from sqlalchemy.dialects import postgresql

from portal.models.vacancy import VacancyState
from portal.services import home_figures
from portal.services.vacancies import check_queue, queries
from tests.eid import EID_SETTINGS
from tests.functional.test_vacancy_lists import _add, _statements
from tests.vacancies import EN, counsellor


def _sql(statement) -> str:
    return statement.compile(dialect=postgresql.psycopg.dialect()).string


def _parameters(statement) -> set[str]:
    """The parameters left in the SQL psycopg prepares."""
    return set(re.findall(r"%\((\w+)\)s", _sql(statement)))


def test_the_back_office_homes_counts_bind_only_what_the_request_passes():
    for supervisor, passed in ((False, {"staff_person_id"}), (True, {"staff_person_id", "signal_state"})):
        statement = home_figures._statement(supervisor, "Europe/Tallinn")
        sql = _sql(statement)
        # The meetings' two states stay an expanding IN (rendered as two parameters at execution).
        assert _parameters(statement) == passed and sql.count("POSTCOMPILE") == 1
        assert "registration.state = 'pending'" in sql and "vacancy.state = 'submitted'" in sql


def test_the_check_queues_first_page_has_no_parameter_and_a_written_limit():
    first = _sql(check_queue._QUEUE_PAGE)
    assert _parameters(check_queue._QUEUE_PAGE) == set()
    assert re.search(r"LIMIT 20\s*$", first) and "OFFSET" not in first
    assert _parameters(check_queue._LATER_PAGE) == {"page_offset"}
    assert _parameters(check_queue.CHECK_QUEUE_COUNT) == set()


def test_the_employer_homes_counts_count_the_index_entries_not_the_ids():
    sql = _sql(queries._COUNTS_AND_UNREAD)
    assert sql.startswith("SELECT vacancy.state, count(*)")
    assert _parameters(queries._COUNTS_AND_UNREAD) == {"employer_code"}


def test_the_check_queues_later_pages_follow_the_first(make_app):
    app = make_app(**EID_SETTINGS)
    staff = counsellor(app)
    _add(app, 22, VacancyState.SUBMITTED)
    _add(app, 3, VacancyState.PUBLISHED)  # published without a check wanted: not in the queue
    first = _statements(app, staff, "/back-office/vacancies/")
    assert _statements(app, staff, "/back-office/vacancies/?page=2") == first
    with app.test_request_context():
        one, two = check_queue.check_queue(1), check_queue.check_queue(2)
        past = check_queue.check_queue(3)
    assert (one.total, two.total, past.total) == (22, 22, 22)
    assert len(one.items) == 20 and len(two.items) == 2 and past.items == []
    ids = [vacancy.id for vacancy, _name, _reported in one.items + two.items]
    assert len(set(ids)) == 22
    assert all(vacancy.state == VacancyState.SUBMITTED for vacancy, _n, _r in one.items + two.items)
    second = staff.get("/back-office/vacancies/?page=2", headers=EN).get_data(as_text=True)
    assert "22 vacancies are waiting for a check" in second
    assert second.count('<tr class="govuk-table__row">') == 1 + 2
