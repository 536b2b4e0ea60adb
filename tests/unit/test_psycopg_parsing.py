"""psycopg parses a statement's placeholders once per text, long statements included (matching's
ranking: ~20,000 characters, ~650 parameters), not on every execution."""

from __future__ import annotations

from psycopg import _queries

from portal.database_engine import PSYCOPG_CACHED_LENGTH, PSYCOPG_CACHED_PARAMS, build_engine


def test_a_postgresql_engine_keeps_long_statements_parsed():
    engine = build_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # no connection made
    engine.dispose()
    assert _queries.MAX_CACHED_STATEMENT_LENGTH >= PSYCOPG_CACHED_LENGTH
    assert _queries.MAX_CACHED_STATEMENT_PARAMS >= PSYCOPG_CACHED_PARAMS
