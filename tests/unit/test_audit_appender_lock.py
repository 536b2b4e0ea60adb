"""Where the audit appender queues its processes on SQLite: a lock file beside the database file."""

from sqlalchemy import create_engine

from portal.services.audit_append import ChainAppender


def test_a_database_file_gets_a_lock_file_beside_it(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'portal.sqlite3'}")
    assert ChainAppender(engine)._lock_path == f"{tmp_path / 'portal.sqlite3'}.audit-lock"


def test_an_in_memory_database_gets_no_lock_file():
    assert ChainAppender(create_engine("sqlite://"))._lock_path is None
    assert ChainAppender(create_engine("sqlite:///:memory:"))._lock_path is None


def test_postgresql_uses_its_advisory_lock_not_a_file():
    engine = create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/test")
    assert ChainAppender(engine)._lock_path is None
