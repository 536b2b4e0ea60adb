"""Migrations build the schema from empty, match the models, and go down and up again."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from portal import migrations
from portal.database import build_engine
from portal.models import Base
from tests.conftest import reset_schema

# SQLite's reflection cannot read an expression index and says so; the comparison skips this one by
# name (`migrations.BACKEND_ONLY_INDEXES`: it is written per database in migration 0038).
pytestmark = pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection of expression-based index ix_registration_population_municipality"
)


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
