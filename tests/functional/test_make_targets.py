"""The README's own commands work on a fresh checkout, outside `make run`."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]


def test_make_staff_adds_a_staff_member_without_any_portal_setting(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    # A shell with nothing set: a bare `flask --app app ...` would refuse to start as production.
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    environ["PORTAL_DATABASE_URL"] = f"sqlite:///{database}"
    result = subprocess.run(
        ["make", "-s", "staff", "CODE=47103150207", "ROLE=supervisor", "OFFICE=Tartu"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "staff: supervisor at Tartu" in result.stdout
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT role, office FROM staff_member JOIN person ON person.id = person_id")
        ).one()
    engine.dispose()
    assert tuple(row) == ("supervisor", "Tartu")


def test_every_command_the_readme_shows_is_a_make_target():
    readme = (ROOT / "README.md").read_text()
    targets = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), re.MULTILINE))
    shown = set(re.findall(r"`make ([a-z][a-z-]*)", readme)) | set(
        re.findall(r"^make ([a-z][a-z-]*)", readme, re.MULTILINE)
    )
    assert shown and shown <= targets, shown - targets
    # Flask commands are shown only with the environment they need.
    for line in re.findall(r"[^\n]*flask --app app[^\n]*", readme):
        assert "PORTAL_ENV=" in line or "export PORTAL_ENV" in readme.split(line)[0], line
