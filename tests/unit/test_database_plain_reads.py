"""Which statements may run outside a transaction on PostgreSQL: the verdict is kept per text."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from portal import database_engine
from portal.database_engine import _is_plain_read


@pytest.mark.parametrize(
    ("statement", "plain"),
    [
        ("SELECT person.id FROM person WHERE person.id = %(id)s", True),
        ("  with t as (select 1) select * from t", True),
        ("SELECT * FROM person WHERE id = 1 FOR UPDATE", False),
        ("SELECT * FROM offer FOR  no key update", False),
        ("SELECT pg_advisory_xact_lock(%(key)s)", False),
        ("SELECT nextval('audit_event_id_seq')", False),
        ("SELECT set_config('x', 'y', true)", False),
        ("WITH d AS (DELETE FROM t RETURNING id) SELECT * FROM d", False),
        ("INSERT INTO person (id) VALUES (1)", False),
        ("SET LOCAL lock_timeout = 1000", False),
        ("SELECT updated_at FROM vacancy", True),  # a column named like a keyword is no write
    ],
)
def test_the_verdict_and_its_kept_copy_agree(statement, plain):
    assert _is_plain_read(statement, None) is plain
    assert _is_plain_read(statement, None) is plain  # the second time from the kept verdicts
    assert database_engine._PLAIN_READ_TEXTS[statement] is plain


def test_a_server_side_cursor_needs_a_transaction_even_for_a_kept_read():
    statement = "SELECT person.id FROM person"
    assert _is_plain_read(statement, None)
    streaming = SimpleNamespace(execution_options={"stream_results": True})
    assert not _is_plain_read(statement, streaming)


def test_the_kept_verdicts_are_bounded(monkeypatch):
    monkeypatch.setattr(database_engine, "_PLAIN_READ_TEXTS", {})
    monkeypatch.setattr(database_engine, "_PLAIN_READ_TEXTS_KEPT", 3)
    for number in range(10):
        _is_plain_read(f"SELECT {number}", None)
    assert len(database_engine._PLAIN_READ_TEXTS) <= 3
