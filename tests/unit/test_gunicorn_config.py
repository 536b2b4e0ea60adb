"""The production gunicorn configuration: hooks that gunicorn accepts and that do their job."""

import gc
import os
import runpy
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

CONFIG_FILE = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def server_of(app: object) -> SimpleNamespace:
    """What the hooks read of gunicorn's arbiter: the preloaded app."""
    return SimpleNamespace(app=SimpleNamespace(wsgi=lambda: app))


HELLO = SimpleNamespace(extensions={})  # an app without the portal's database (the bench's hello)


@pytest.fixture
def settings() -> Iterator[dict]:
    """The configuration file's names, as gunicorn reads them; it sets the metrics folder for its
    own process, which must not leak into the tests after this one. prometheus_client picks where
    its values live when first imported: import it first, so that is this test process's choice."""
    import prometheus_client  # noqa: F401

    before = os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
    try:
        yield runpy.run_path(str(CONFIG_FILE))
    finally:
        os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
        if before is not None:
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = before


def test_the_preloaded_app_is_frozen_before_each_fork(settings):
    assert settings["preload_app"] is True
    config = Config()
    config.set("pre_fork", settings["pre_fork"])  # gunicorn checks the hook's signature
    try:
        config.pre_fork(None, None)
        # Frozen objects are skipped by the collector, so a worker's collections leave the
        # pages it shares with the master untouched.
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_workers_share_one_metrics_folder_and_a_dead_worker_is_let_go(settings):
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    assert folder.is_dir() and not any(folder.iterdir())  # fresh at each start
    (folder / "gauge_livesum_4242.db").write_bytes(b"")
    (folder / "counter_4242.db").write_bytes(b"")

    class Worker:
        pid = 4242

    settings["child_exit"](None, Worker())
    # Live gauges of a dead worker are removed; its counters stay in the instance's totals.
    assert not (folder / "gauge_livesum_4242.db").exists() and (folder / "counter_4242.db").exists()


def test_each_worker_listens_on_its_own_socket_unless_turned_off(settings, monkeypatch):
    # One shared socket lets the first worker to wake take most keep-alive connections.
    assert settings["reuse_port"] is True
    monkeypatch.setenv("GUNICORN_REUSE_PORT", "0")
    assert runpy.run_path(str(CONFIG_FILE))["reuse_port"] is False


def test_workers_let_go_of_connections_beyond_their_threads_unless_turned_off(settings, monkeypatch):
    from gunicorn.workers.gthread import ThreadWorker

    from portal.gunicorn_worker import SpreadingThreadWorker

    config = Config()
    config.set("worker_class", settings["worker_class"])
    # gunicorn's own threaded worker with one rule added (tests/functional/test_connection_spread.py).
    assert config.worker_class is SpreadingThreadWorker and issubclass(SpreadingThreadWorker, ThreadWorker)
    monkeypatch.setenv("GUNICORN_SPREAD_CONNECTIONS", "0")
    assert runpy.run_path(str(CONFIG_FILE))["worker_class"] == "gthread"


def test_a_worker_freezes_what_its_full_collections_keep_finding(settings, monkeypatch):
    from portal import worker_gc

    config = Config()
    config.set("post_fork", settings["post_fork"])  # gunicorn checks the hook's signature
    try:
        config.post_fork(server_of(HELLO), None)
        kept = [[index] for index in range(worker_gc.FREEZE_AT)]  # a cache the worker built
        gc.collect()
        # Out of the collector's reach: later full collections do not scan them again.
        assert gc.get_freeze_count() >= len(kept)
        gc.unfreeze()
        monkeypatch.setattr(worker_gc, "FREEZE_AT", len(gc.get_objects()) + 100_000)
        gc.collect()
        assert gc.get_freeze_count() == 0, "a few survivors (the requests in flight) are not frozen"
        monkeypatch.setattr(worker_gc, "FREEZE_AT", 1)
        for _ in range(worker_gc.MAX_FREEZES + 2):
            gc.unfreeze()
            gc.collect()
        gc.unfreeze()
        gc.collect()
        assert gc.get_freeze_count() == 0, "a worker freezes a bounded number of times"
    finally:
        worker_gc.uninstall()
        gc.unfreeze()


def test_a_worker_checkpoints_sqlite_in_a_thread_of_its_own(settings, tmp_path, monkeypatch):
    from portal import database_engine, worker_gc

    engine = database_engine.build_engine(f"sqlite:///{tmp_path / 'portal.sqlite3'}")
    started: list[object] = []
    real = database_engine.start_wal_checkpointer

    def start(engine, *args, **kwargs):
        started.append(real(engine, *args, **kwargs))
        return started[-1]

    config = Config()
    config.set("post_fork", settings["post_fork"])
    monkeypatch.setattr(database_engine, "start_wal_checkpointer", start)
    try:
        config.post_fork(server_of(SimpleNamespace(extensions={"database_engine": engine})), None)
        assert len(started) == 1 and started[0].is_alive()
        with engine.connect() as connection:
            frames = connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
        assert frames == database_engine.REQUEST_CHECKPOINT_FRAMES
    finally:
        for checkpointer in started:
            database_engine.stop_wal_checkpointer(engine, checkpointer)
        engine.dispose()
        worker_gc.uninstall()
        gc.unfreeze()


def test_no_instance_takes_the_users_shared_control_socket_unless_given_its_own(settings, monkeypatch):
    config = Config()
    for name in ("control_socket", "control_socket_disable"):
        config.set(name, settings[name])
    assert config.control_socket_disable is True
    monkeypatch.setenv("GUNICORN_CONTROL_SOCKET", "/run/portal/instance-1.ctl")
    own = runpy.run_path(str(CONFIG_FILE))
    assert own["control_socket"] == "/run/portal/instance-1.ctl" and own["control_socket_disable"] is False
