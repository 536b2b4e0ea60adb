"""Migrations build the schema from empty, match the models, and go down and up again."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from portal import migrations
from portal.database import build_engine
from portal.models import Base
from tests.conftest import reset_schema


def test_migrations_from_empty_match_the_models(database_url):
    engine = build_engine(database_url)
    try:
        reset_schema(engine)
        assert set(inspect(engine).get_table_names()) == set()
        migrations.upgrade(engine)
        with engine.connect() as connection:
            diff = compare_metadata(
                MigrationContext.configure(
                    connection, opts={"compare_type": True, "include_object": migrations.include_object}
                ),
                Base.metadata,
            )
            assert diff == []
            assert migrations.current_revisions(connection) == migrations.head_revisions()
        assert {"person", "audit_event"} <= set(inspect(engine).get_table_names())

        migrations.downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrations.upgrade(engine)
        assert {"person", "audit_event"} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_one_head_only():
    assert len(migrations.head_revisions()) == 1


def test_the_lists_filter_on_indexed_columns(database_url):
    # Queues filter registrations by state, the review queue decisions by review request, and a
    # decision page looks up the decisions that supersede or answer it: each needs an index.
    engine = build_engine(database_url)
    try:
        reset_schema(engine)
        migrations.upgrade(engine)
        inspector = inspect(engine)

        def indexed(table: str) -> set[str]:
            return {index["column_names"][0] for index in inspector.get_indexes(table)}

        assert "state" in indexed("registration")
        assert {"review_requested_at", "supersedes_id", "responds_to_id"} <= indexed("decision")
    finally:
        engine.dispose()


def test_the_heads_read_from_the_files_are_alembics():
    # The web process answers readiness without importing Alembic; its answer must be Alembic's.
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrations.alembic_config())
    assert migrations.head_revisions() == frozenset(script.get_heads())


def test_the_current_revisions_read_from_the_table_are_alembics(database_url):
    engine = build_engine(database_url)
    try:
        reset_schema(engine)
        with engine.connect() as connection:
            assert migrations.current_revisions(connection) == frozenset()
        migrations.upgrade(engine, "0002")
        with engine.connect() as connection:
            assert migrations.current_revisions(connection) == {"0002"}
            assert migrations.current_revisions(connection) == frozenset(
                MigrationContext.configure(connection).get_current_heads()
            )
        migrations.upgrade(engine)
        with engine.connect() as connection:
            assert migrations.current_revisions(connection) == migrations.head_revisions()
    finally:
        engine.dispose()


def test_the_municipality_copy_is_back_filled_from_the_register_data(database_url):
    """Migration 0040 copies each registration's population municipality out of its JSON; only a
    string is a code (as `population_municipality` reads it in Python)."""
    from sqlalchemy import text

    engine = build_engine(database_url)
    snapshots = {
        "R-1": '{"sections": {"population": {"status": "ok", "values": {"municipality_code": "0784"}}}}',
        "R-2": '{"sections": {"population": {"status": "failed", "values": {}}}}',
        "R-3": '{"sections": {"population": {"status": "ok", "values": {"municipality_code": 784}}}}',
        "R-4": "{}",
    }
    try:
        reset_schema(engine)
        migrations.upgrade(engine, "0039_caseload_due_indexes")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO person (id, country, national_code, given_name, family_name, "
                    "names_from_register, created_at, updated_at) VALUES "
                    "(1, 'EE', '39001010001', 'P', '1', false, '2026-12-01', '2026-12-01')"
                )
            )
            for reference, snapshot in snapshots.items():
                connection.execute(
                    text(
                        "INSERT INTO registration (reference, person_id, kind, state, submitted_at, "
                        "decision_due_on, consent_at, consent_version, register_data, answers, review_reasons) "
                        "VALUES (:reference, 1, 'unemployed', 'rejected', '2026-12-01', '2026-12-15', "
                        "'2026-12-01', '1', :snapshot, '{}', '[]')"
                    ),
                    {"reference": reference, "snapshot": snapshot},
                )
        migrations.upgrade(engine)
        with engine.connect() as connection:
            copies = dict(connection.execute(text("SELECT reference, municipality FROM registration")).all())
        assert copies == {"R-1": "0784", "R-2": None, "R-3": None, "R-4": None}
    finally:
        reset_schema(engine)
        migrations.upgrade(engine)
        engine.dispose()


def test_the_county_copy_is_back_filled_from_the_places(database_url):
    """Migration 0047 copies each search entry's county codes out of `search_place`: sorted,
    distinct, each between commas; "" for an entry without a county (or without places)."""
    from sqlalchemy import text

    engine = build_engine(database_url)
    places = [(1, "0784", "37"), (1, "0793", "79"), (1, "0296", "37"), (2, "0511", "44"), (3, "9999", "")]
    try:
        reset_schema(engine)
        migrations.upgrade(engine, "0046_audit_append_one")
        with engine.begin() as connection:
            for entry_id in (1, 2, 3, 4):
                connection.execute(
                    text(
                        "INSERT INTO search_entry (id, kind, ref_id, title, organisation, summary, "
                        "title_folded, text_folded, remote, published_at) VALUES (:id, 'vacancy', :id, "
                        "'T', '', '', 't', 't', false, '2026-12-01')"
                    ),
                    {"id": entry_id},
                )
            for entry_id, municipality, county in places:
                connection.execute(
                    text(
                        "INSERT INTO search_place (entry_id, municipality_code, county_code) VALUES (:e, :m, :c)"
                    ),
                    {"e": entry_id, "m": municipality, "c": county},
                )
        migrations.upgrade(engine)
        with engine.connect() as connection:
            copies = dict(connection.execute(text("SELECT id, county_codes FROM search_entry")).all())
        assert copies == {1: ",37,79,", 2: ",44,", 3: "", 4: ""}
    finally:
        reset_schema(engine)
        migrations.upgrade(engine)
        engine.dispose()
