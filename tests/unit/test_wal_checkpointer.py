"""SQLite's WAL checkpoint in a thread of a gunicorn worker, not inside the commit of a request
(`database_engine.start_wal_checkpointer`; docs/performance.md, "SQLite's checkpoint off the
request path")."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from portal import database_engine
from portal.database_engine import (
    REQUEST_CHECKPOINT_FRAMES,
    WalCheckpointer,
    build_engine,
    start_wal_checkpointer,
    stop_wal_checkpointer,
)

PAGE = 4096
ROWS = 1500  # a page each: more than SQLite's default of 1,000 frames between checkpoints


def fill(engine) -> None:
    """One commit that takes the WAL past 1,000 frames."""
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS filler (body BLOB)"))
        connection.execute(
            text("INSERT INTO filler (body) VALUES (zeroblob(:size))"),
            [{"size": PAGE - 100} for _ in range(ROWS)],
        )


def database_pages(path: Path) -> int:
    """Pages in the database file itself: a checkpoint copies the WAL's pages into it."""
    return path.stat().st_size // PAGE


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "portal.sqlite3"


def test_by_default_the_commit_that_fills_the_wal_checkpoints_it(database):
    engine = build_engine(f"sqlite:///{database}")
    try:
        fill(engine)
        assert database_pages(database) >= ROWS  # copied by the commit itself
    finally:
        engine.dispose()


def test_in_a_worker_the_commit_leaves_the_checkpoint_to_the_thread(database):
    engine = build_engine(f"sqlite:///{database}")
    checkpointer = start_wal_checkpointer(engine, every=3600)  # the test runs its rounds itself
    try:
        assert checkpointer is not None and checkpointer.is_alive()
        with engine.connect() as connection:
            frames = connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
        assert frames == REQUEST_CHECKPOINT_FRAMES  # a fallback, should the thread fall behind
        fill(engine)
        assert database_pages(database) < ROWS  # still only in the WAL: the commit did not copy it
        busy, in_wal, copied = checkpointer.checkpoint()
        assert busy == 0 and in_wal >= ROWS and copied == in_wal
        assert database_pages(database) >= ROWS
    finally:
        stop_wal_checkpointer(engine, checkpointer)
        engine.dispose()
    assert not checkpointer.is_alive()
    # Back to SQLite's default for the engine's new connections.
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000
    engine.dispose()


def test_the_thread_checkpoints_on_its_own(database):
    engine = build_engine(f"sqlite:///{database}")
    checkpointer = start_wal_checkpointer(engine, every=0.05)
    try:
        fill(engine)
        deadline = time.monotonic() + 10
        # Both: the file grows while the thread's checkpoint runs, before its round is counted.
        while (database_pages(database) < ROWS or checkpointer.rounds == 0) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert database_pages(database) >= ROWS and checkpointer.rounds > 0
    finally:
        stop_wal_checkpointer(engine, checkpointer)
        engine.dispose()


def test_a_failed_checkpoint_is_logged_and_the_next_round_tries_again(database, caplog):
    engine = build_engine(f"sqlite:///{database}")
    fill(engine)  # a database to check
    engine.dispose()

    class FailingOnce(WalCheckpointer):
        failed = False

        def checkpoint(self):
            if not self.failed:
                self.failed = True
                raise OSError("disk I/O error")
            return super().checkpoint()

    checkpointer = FailingOnce(str(database), every=0.02)
    with caplog.at_level(logging.ERROR, logger=database_engine.__name__):
        checkpointer.start()
        deadline = time.monotonic() + 10
        while checkpointer.rounds == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        checkpointer.stop(5)
    assert checkpointer.failed and checkpointer.rounds > 0
    assert "the WAL checkpoint" in caplog.text


def test_nothing_on_postgresql():
    engine = build_engine("postgresql+psycopg://portal@127.0.0.1:1/none")  # never connected
    try:
        assert start_wal_checkpointer(engine) is None
    finally:
        stop_wal_checkpointer(engine, None)
        engine.dispose()


def test_a_connection_opened_before_the_wal_is_replaced(database):
    """The thread may connect before the database is in WAL mode (a new file): such a connection's
    checkpoints do nothing, so the next round opens another."""
    database.touch()  # exists, empty: not yet in WAL mode
    checkpointer = WalCheckpointer(str(database), every=3600)  # rounds run by the test
    try:
        assert checkpointer.checkpoint() == (0, -1, -1)
        engine = build_engine(f"sqlite:///{database}")
        with engine.connect() as connection:  # the engine's connections: WAL, no checkpoint by the commit
            connection.exec_driver_sql(f"PRAGMA wal_autocheckpoint={REQUEST_CHECKPOINT_FRAMES}")
        fill(engine)
        busy, in_wal, copied = checkpointer.checkpoint()
        assert busy == 0 and in_wal >= ROWS and copied == in_wal
        assert database_pages(database) >= ROWS
        engine.dispose()
    finally:
        checkpointer._close()
