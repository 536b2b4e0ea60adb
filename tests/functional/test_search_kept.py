"""An anonymous search's results are kept per process under the index's change counter, which
every writer of the index moves (migration 0053): a kept result is never older than the index."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, text, update

from portal.extensions import db
from portal.models import EntryKind, SearchEntry, Vacancy, VacancyPlace, VacancyState
from portal.models.base import utcnow
from portal.services.search import SearchQuery, search
from portal.services.search.sources import reindex
from tests.functional.test_search_index_sync import TODAY, company, vacancy

COUNTIES = frozenset({"37", "78"})
MUNICIPALITIES = frozenset({"0784", "0793"})


def anonymous(
    words: str = "", *, today: dt.date = TODAY, now: dt.datetime | None = None, **params
) -> tuple[list[int], list[str]]:
    """An anonymous request's search (no ORM session open): its hits and the statements it ran."""
    db.session.remove()
    query = SearchQuery.from_params({"q": words, **params}, counties=COUNTIES, municipalities=MUNICIPALITIES)
    seen: list[str] = []

    def count(_connection, _cursor, statement, *_rest) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        results = search(EntryKind.VACANCY, query, today=today, now=now or utcnow())
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return [hit.ref_id for hit in results.hits], seen


def kept(words: str = "", **params) -> list[int]:
    """The hits of a search run twice: the second time what the first kept (the counter read only)."""
    first, seen = anonymous(words, **params)
    # The counter, then the search (on PostgreSQL with no match, the similar titles' too).
    assert "search_change" in seen[0] and len(seen) >= 2 and all("search_entry" in s for s in seen[1:])
    again, seen = anonymous(words, **params)
    assert again == first and len(seen) == 1 and "search_change" in seen[0]
    return first


def counter() -> int:
    with db.engine.connect() as connection:
        return connection.execute(text("SELECT counter FROM search_change")).scalar_one()


def test_kept_results_follow_every_writer_of_the_index(app):
    with app.app_context():
        company()
        draft = vacancy()
        assert kept("bussijuht") == []
        with db.write() as session:  # published
            row = session.get(Vacancy, draft)
            row.state, row.published_at = VacancyState.PUBLISHED, utcnow()
        assert kept("bussijuht") == [draft] and kept("kopli") == []
        with db.write() as session:  # edited
            session.get(Vacancy, draft).title = "Trammijuht Kopli liinil"
        assert kept("kopli") == [draft] and kept("", county="78") == []
        with db.write() as session:  # a place added
            session.add(VacancyPlace(vacancy_id=draft, municipality_code="0793"))
        assert kept("", county="78") == [draft]
        second = vacancy(VacancyState.PUBLISHED, title="Kokk")
        assert kept("") == [second, draft]
        with db.write() as session:  # closed in bulk (the expiry job's statement)
            session.execute(update(Vacancy).where(Vacancy.id == draft).values(state=VacancyState.CLOSED))
        assert kept("") == [second]
        with db.write() as session:  # deleted
            session.delete(session.get(Vacancy, second))
        assert kept("") == []
        third = vacancy(VacancyState.PUBLISHED, title="Kelner")
        assert kept("") == [third]
        with db.write() as session:  # the index emptied, then rebuilt (a bulk load)
            session.execute(SearchEntry.__table__.delete())
        assert kept("") == []
        with db.write() as session:
            reindex(session.connection())
        assert kept("") == [third]


def test_plain_sql_on_the_index_moves_the_counter_too(app):
    with app.app_context():
        company()
        published = vacancy(VacancyState.PUBLISHED)
        assert kept("", municipality="0784") == [published] and kept("", county="37") == [published]
        before = counter()
        with db.engine.begin() as connection:
            connection.execute(text("DELETE FROM search_place"))
        assert counter() > before
        assert kept("", municipality="0784") == [] and kept("", county="37") == [published]
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE search_entry SET county_codes = ''"))
        assert kept("", county="37") == [] and kept("") == [published]
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE search_entry SET title_folded = 'kokk'"))
        assert kept("kokk") == [published]


def test_a_write_rolled_back_leaves_the_counter(app):
    with app.app_context():
        company()
        vacancy(VacancyState.PUBLISHED)
        before = counter()
        with db.engine.connect() as connection:
            connection.execute(text("DELETE FROM search_entry"))
            connection.rollback()
        assert counter() == before


def test_postgresql_counts_a_transaction_once_at_its_commit(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("PostgreSQL's deferred trigger (SQLite counts each row in the writer's transaction)")
        company()
        vacancy(VacancyState.PUBLISHED)
        vacancy(VacancyState.PUBLISHED, title="Kokk")
        before = counter()
        with db.engine.begin() as writer:
            writer.execute(text("UPDATE search_entry SET summary = 'x'"))
            writer.execute(text("DELETE FROM search_place"))
            assert counter() == before  # not yet, and its row not locked until the writer commits:
            with db.engine.begin() as other:
                other.execute(text("SELECT counter FROM search_change FOR UPDATE NOWAIT"))
        assert counter() == before + 1
        with db.engine.begin() as writer:
            writer.execute(text("TRUNCATE search_entry CASCADE"))
        assert counter() == before + 2


def test_a_posted_within_search_is_kept_until_its_oldest_entry_leaves_the_window(app):
    """ "Posted within" compares with the time of the search: its results are kept until the oldest
    entry of the window is as old as the window is long, then made again."""
    with app.app_context():
        company()
        older = vacancy(VacancyState.PUBLISHED)
        with db.write() as session:
            session.get(Vacancy, older).published_at = utcnow() - dt.timedelta(days=3)
        newer = vacancy(VacancyState.PUBLISHED, title="Kokk")
        now = utcnow()

        def posted(after: dt.timedelta) -> tuple[list[int], int]:
            hits, seen = anonymous("", posted="7", now=now + after)
            assert "search_change" in seen[0]
            return hits, len(seen)

        # Made: the counter, the search, the window's oldest entry; then the counter alone.
        assert posted(dt.timedelta(0)) == ([newer, older], 3)
        assert posted(dt.timedelta(days=3, hours=23)) == ([newer, older], 1)
        assert posted(dt.timedelta(days=4, minutes=1)) == ([newer], 3)  # the older one is 7 days old
        assert posted(dt.timedelta(days=6)) == ([newer], 1)
        assert posted(dt.timedelta(days=7, minutes=1)) == ([], 3)
        # Nothing is left in the window: only a write (which moves the counter) can add to it.
        assert posted(dt.timedelta(days=30)) == ([], 1)
        third = vacancy(VacancyState.PUBLISHED, title="Kelner")
        assert posted(dt.timedelta(0)) == ([third, newer, older], 3)  # the counter moved


def test_searches_that_depend_on_an_alert_or_a_session_are_not_kept(app):
    with app.app_context():
        company()
        published = vacancy(VacancyState.PUBLISHED)
        assert kept("") == [published]
        later, seen = anonymous("", today=TODAY + dt.timedelta(days=30))  # past the deadline
        assert later == [] and "search_change" in seen[0] and "search_entry" in seen[1]
        db.session.connection()  # a request's open session (a signed-in one): its own connection
        query = SearchQuery.from_params({}, counties=COUNTIES)
        assert [hit.ref_id for hit in search(EntryKind.VACANCY, query, today=TODAY, now=utcnow()).hits] == [
            published
        ]
