"""The search module on the database the suite runs on (SQLite FTS5 or PostgreSQL tsvector)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError

from portal import driver_statements
from portal.extensions import db
from portal.models import EntryKind
from portal.services import search as search_service
from portal.services.search import Document, SearchQuery, Sort, engine

NOW = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


def vacancy(ref_id: int, title: str, description: str = "", **values) -> Document:
    values.setdefault("published_at", NOW - dt.timedelta(days=ref_id))
    return Document(
        kind=EntryKind.VACANCY, ref_id=ref_id, title=title, description_html=description, **values
    )


def index(*documents: Document) -> None:
    with db.write() as session:
        search_service.put(session.connection(), list(documents))


def results(text: str = "", kind: EntryKind = EntryKind.VACANCY, **params) -> search_service.Results:
    query = SearchQuery.from_params(
        {"q": text, **params}, counties=frozenset({"37", "79"}), municipalities=frozenset({"0784", "0793"})
    )
    return search_service.search(kind, query, today=TODAY, now=NOW)


def found(text: str = "", kind: EntryKind = EntryKind.VACANCY, **params) -> list[int]:
    """What matched the words (not the similar titles PostgreSQL offers when nothing did)."""
    answer = results(text, kind, **params)
    return [] if answer.similar else [hit.ref_id for hit in answer.hits]


@pytest.fixture
def indexed(app):
    with app.app_context():
        index(
            vacancy(
                1,
                "Bussijuht",
                "<p>Sõidad <b>linnaliinil</b> Tallinnas.</p>",
                occupation_code="8331",
                municipalities=(("0784", "37"),),
                working_time="full",
                contract="permanent",
                wage_min=1500,
                wage_max=1900,
                deadline=TODAY + dt.timedelta(days=30),
            ),
            vacancy(
                2,
                "Kokk",
                "<ul><li>Cook for a busy café</li></ul>",
                occupation_code="5120",
                municipalities=(("0793", "79"),),
                working_time="part",
                remote=False,
                wage_min=1000,
                wage_max=1200,
                deadline=TODAY + dt.timedelta(days=5),
            ),
            vacancy(
                3,
                "Tarkvaraarendaja",
                "Python &amp; Flask, Đorđe's team",
                occupation_code="2512",
                remote=True,
                working_time="full",
                contract="fixed_term",
                wage_min=3000,
                wage_max=4500,
                education_level=6,
            ),
            vacancy(
                4, "Expired bus driver", "old", occupation_code="8331", deadline=TODAY - dt.timedelta(days=1)
            ),
        )
        yield


def test_words_match_title_text_and_occupation_titles_in_every_language(indexed):
    assert found("bussijuht") == [1]
    assert found("linnaliinil") == [1]  # inside <b> in the description
    assert found("водитель") == [1]  # the Russian ISCO title of 8331
    assert found("cook") == [2]
    assert found("flask python") == [3]


def test_accents_and_case_do_not_matter(indexed):
    assert found("SÕIDAD") == [1]
    assert found("soidad") == [1]
    assert found("djordje") == [] and found("dorde") == [3]  # đ folds to d
    assert found("TARKVARA") == [3]  # a prefix of the title


def test_every_word_must_match(indexed):
    assert found("bussijuht kokk") == []


def test_similar_titles_when_nothing_matches_on_postgresql(indexed):
    answer = results("busijuht")  # a letter missing
    if db.engine.dialect.name == "postgresql":
        assert answer.similar and [hit.ref_id for hit in answer.hits] == [1] and answer.total == 1
    else:  # FTS5 has no fuzzy matching: nothing
        assert not answer.similar and answer.total == 0


def test_past_the_deadline_is_not_found(indexed):
    assert 4 not in found("bus")
    assert 4 not in found()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"group": "8"}, [1]),
        ({"county": "37"}, [1]),
        ({"municipality": "0793"}, [2]),
        ({"remote": "1"}, [3]),
        ({"working_time": "part"}, [2]),
        ({"contract": "fixed_term"}, [3]),
        ({"wage": "1800"}, [1, 3]),
        ({"posted": "1"}, [1]),
        ({"education": "3"}, [1, 2]),
        ({"county": "unknown"}, [1, 2, 3]),  # not a county: the filter is dropped
    ],
)
def test_filters(indexed, params, expected):
    assert found(**params) == expected


def test_an_entry_is_found_by_each_of_its_counties_only(indexed):
    """The county filter reads the entry's own copy of its counties (",37,79,"): each of them
    finds it, a code that is only part of one (3 of 37) or a county it is not in does not."""
    index(vacancy(7, "Kahes maakonnas", municipalities=(("0784", "37"), ("0793", "79"))))
    assert found(county="37") == [1, 7]
    assert found(county="79") == [2, 7]
    assert found("kahes", county="79") == [7]
    query = SearchQuery(county="3")  # not a county code, but a part of one
    assert search_service.search(EntryKind.VACANCY, query, today=TODAY, now=NOW).hits == []


def test_sorts(indexed):
    assert found() == [1, 2, 3]  # newest first without words
    assert found(sort=Sort.DEADLINE.value) == [2, 1, 3]  # no deadline last
    assert found("driver", sort=Sort.NEWEST.value) == [1]
    # With words, best match first: the word in the title counts more than in the text, even when
    # the vacancy with it only in its text is newer.
    index(vacancy(5, "Koristaja", "Töö kõrval abikokana"), vacancy(6, "Abikokk"))
    assert found("abikok") == [6, 5]


@pytest.mark.parametrize(
    "text",
    [
        "x" * 10_000,
        "' OR 1=1--",
        "%",
        "_",
        '"',
        "*",
        '"unclosed',
        "a* OR b",
        "NEAR(a b)",
        "title:kokk",
        "!& | :*",
        "(((",
        "\\",
        "-kokk",
        "kokk^2",
        "\x00",
        "Ω≈ç√∫",
        "🙂",
    ],
)
def test_hostile_input_gives_results_or_none(indexed, text):
    assert {hit.ref_id for hit in results(text).hits} <= {1, 2, 3}


def test_page_size_is_capped_and_count_is_total(indexed):
    query = SearchQuery.from_params({"per_page": "100000", "page": "-3"})
    assert query.per_page == 100 and query.page == 1
    results = search_service.search(
        EntryKind.VACANCY, SearchQuery.from_params({"per_page": "2"}), today=TODAY, now=NOW
    )
    assert results.total == 3 and len(results.hits) == 2 and results.pages == 2
    second = search_service.search(
        EntryKind.VACANCY, SearchQuery.from_params({"per_page": "2", "page": "2"}), today=TODAY, now=NOW
    )
    assert [hit.ref_id for hit in second.hits] == [3]


def test_the_count_stops_at_the_cap_and_says_more(indexed, monkeypatch):
    from portal.services.search import engine

    monkeypatch.setattr(engine, "COUNT_CAP", 2)
    monkeypatch.setattr(engine, "PAGES_AHEAD", 1)
    query = SearchQuery.from_params({"per_page": "1"})
    capped = search_service.search(EntryKind.VACANCY, query, today=TODAY, now=NOW)
    assert (capped.total, capped.more, capped.pages) == (2, True, 3)
    assert [hit.ref_id for hit in capped.hits] == [1]
    exact = search_service.search(EntryKind.VACANCY, query, today=TODAY, now=NOW, exact=True)
    assert (exact.total, exact.more, exact.pages) == (3, False, 3)
    # Deeper pages count further: page 3 of 1 row reaches row 3, and nothing is past it.
    last = search_service.search(
        EntryKind.VACANCY, SearchQuery.from_params({"per_page": "1", "page": "3"}), today=TODAY, now=NOW
    )
    assert (last.total, last.more, [hit.ref_id for hit in last.hits]) == (3, False, [3])
    # The count of a full-text match stops too.
    index(vacancy(5, "Kokk abi", occupation_code="5120"), vacancy(6, "Kokk öösel", occupation_code="5120"))
    words = results("kokk", per_page="1", sort=Sort.NEWEST.value)
    assert (words.total, words.more, words.pages) == (2, True, 3)
    assert results("kokk", per_page="1", page="3", sort=Sort.NEWEST.value).total == 3
    # By relevance the ranking reads only as many matches as the count does (the most recently
    # indexed), and counts them in the same statement: the count stops there too.
    ranked = results("kokk", per_page="1")
    assert (ranked.total, ranked.more, len(ranked.hits)) == (2, True, 1)
    # When every match fits in the window, all are ranked and counted exactly.
    everything = results("kokk", per_page="3")
    assert (everything.total, everything.more) == (3, False)
    assert sorted(hit.ref_id for hit in everything.hits) == [2, 5, 6]
    assert results("kokk", per_page="1", page="9").total == 3  # past the last: counted apart


def test_reindexing_replaces_and_drop_removes(indexed):
    index(vacancy(2, "Peakokk", "head chef", occupation_code="3434"))
    assert found("peakokk") == [2] and found("cafe") == []
    with db.write() as session:
        search_service.drop(session.connection(), EntryKind.VACANCY, [2])
    assert found("peakokk") == [] and 2 not in found()


def test_trainings_are_searched_apart(indexed):
    index(
        Document(
            kind=EntryKind.TRAINING, ref_id=1, title="Forklift course", description_html="", published_at=NOW
        )
    )
    assert found("forklift") == []
    assert found("forklift", kind=EntryKind.TRAINING) == [1]


def test_searches_are_planned_for_their_words_on_postgresql(indexed):
    """psycopg prepares a statement run five times; PostgreSQL could then plan every word alike."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's prepared statements")
    for _ in range(8):
        assert found("kokk") == [2]
        assert found("bussijuht", sort=Sort.NEWEST.value) == [1]
        assert found(group="8") == [1]
        # A statement that is not the search's, on the same connection: psycopg prepares it.
        db.session.execute(text("SELECT count(*) FROM search_place WHERE entry_id > :n"), {"n": 0})
    prepared = db.session.execute(text("SELECT statement FROM pg_prepared_statements")).scalars().all()
    assert any("FROM search_place" in statement for statement in prepared)  # other statements are
    assert not [s for s in prepared if s.startswith("SELECT") and "search_entry" in s]


def test_a_ranked_page_reads_its_window_by_id_without_a_join_on_postgresql(indexed):
    """The window's ids as an array the page reads search_entry by: PostgreSQL plans no join (a
    search is planned for its words every time, and the join was a fifth of its server CPU)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's plan")
    index(vacancy(5, "Koristaja", "Töö kõrval abikokana"), vacancy(6, "Abikokk"))
    statements = []

    def seen(_connection, _cursor, statement, parameters, *_rest) -> None:
        statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        assert found("abikok") == [6, 5]
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    [(statement, parameters)] = statements
    plan = "\n".join(db.session.connection().exec_driver_sql("EXPLAIN " + statement, parameters).scalars())
    assert "id = ANY" in plan and "Join" not in plan and "Nested Loop" not in plan


def test_a_search_runs_on_the_drivers_cursor_as_the_engine_would(indexed):
    """One statement, seen by the engine's cursor events (statement counts, PostgreSQL's lazy
    BEGIN), with the columns' types as the engine gives them (SQLite keeps dates as text)."""
    statements = []

    def seen(_connection, _cursor, statement, *_rest) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        answer = results("bussijuht", county="37", wage="1500")
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert len(statements) == 1 and "search_entry" in statements[0]
    (hit,) = answer.hits
    assert (hit.ref_id, hit.title, hit.municipalities, answer.total) == (1, "Bussijuht", ("0784",), 1)
    assert hit.published_at == NOW - dt.timedelta(days=1) and hit.published_at.tzinfo is not None
    assert hit.deadline == TODAY + dt.timedelta(days=30) and type(hit.deadline) is dt.date
    assert hit.remote is False and results("python").hits[0].remote is True


def test_a_search_without_an_open_session_uses_a_connection_of_its_own(app, indexed):
    db.session.remove()
    assert found("kokk") == [2]
    assert not db.session.registry.has()  # no ORM session made, nothing left open
    db.session.connection()  # a request's open session: the search runs on its connection
    assert found("kokk") == [2]


def test_a_drivers_error_is_raised_as_the_engines(indexed, monkeypatch):
    compile_ = driver_statements.compile_statement

    def broken(statement, dialect):
        return dataclasses.replace(
            compile_(statement, dialect), sql="SELECT no_such_column FROM search_entry"
        )

    monkeypatch.setattr(driver_statements, "compile_statement", broken)
    engine._STATEMENTS.clear()
    try:
        with pytest.raises(DBAPIError):
            found("kokk")
    finally:
        engine._STATEMENTS.clear()


def test_optimize_merges_sqlites_full_text_segments_and_finds_the_same(indexed):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("FTS5's segments")
    automerge = "INSERT INTO search_entry_fts(search_entry_fts, rank) VALUES ('automerge', :n)"
    with db.write() as session:  # FTS5 merges a level's segments now and then as rows come: not now
        search_service.optimize(session.connection())  # (nor the earlier tests' segments, 16 at most)
        session.execute(text(automerge), {"n": 0})
    try:
        for ref_id in range(10, 16):  # a transaction each: a segment each
            index(vacancy(ref_id, f"Kokk {ref_id}"))
    finally:
        with db.write() as session:
            session.execute(text(automerge), {"n": 4})  # FTS5's default
    segments = "SELECT count(DISTINCT segid) FROM search_entry_fts_idx"
    before = found("kokk"), results("kok").total
    assert db.session.scalar(text(segments)) > 1
    with db.write() as session:
        search_service.optimize(session.connection())
    assert db.session.scalar(text(segments)) == 1
    assert (found("kokk"), results("kok").total) == before
