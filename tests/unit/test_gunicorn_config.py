"""The production gunicorn configuration: hooks that gunicorn accepts and that do their job."""

import gc
import runpy
from pathlib import Path

from gunicorn.config import Config

CONFIG_FILE = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_the_preloaded_app_is_frozen_before_each_fork():
    settings = runpy.run_path(str(CONFIG_FILE))
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
