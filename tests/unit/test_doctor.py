"""`make doctor` and the test suite name the missing system libraries instead of a traceback.

The libraries are hidden from a child process by a `sitecustomize` that makes cffi's `dlopen`
fail for them, exactly as on a machine where the Debian packages are not installed; WeasyPrint's
own import code then runs unchanged.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

HIDE_LIBRARIES = """
import cffi

_dlopen = cffi.FFI.dlopen


def dlopen(self, name, *args, **kwargs):
    if any(hidden in str(name) for hidden in {hidden!r}):
        raise OSError(f"cannot load library {{name!r}}")
    return _dlopen(self, name, *args, **kwargs)


cffi.FFI.dlopen = dlopen
"""


def run_without(tmp_path: Path, hidden: tuple[str, ...], *args: str) -> subprocess.CompletedProcess:
    (tmp_path / "sitecustomize.py").write_text(HIDE_LIBRARIES.format(hidden=hidden))
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "PORTAL_ENV": "test"}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_doctor_names_the_missing_harfbuzz_subset_package(tmp_path):
    result = run_without(tmp_path, ("harfbuzz-subset",), "-m", "portal.doctor")

    assert result.returncode == 1
    assert "MISSING WeasyPrint system libraries" in result.stdout
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0" in result.stderr
    assert "Traceback" not in result.stderr


def test_doctor_names_the_packages_when_pango_is_missing(tmp_path):
    result = run_without(tmp_path, ("pango",), "-m", "portal.doctor")

    assert result.returncode == 1
    assert "libpango-1.0-0" in result.stderr
    assert "Traceback" not in result.stderr


def test_doctor_passes_on_a_machine_with_everything():
    result = subprocess.run(
        [sys.executable, "-m", "portal.doctor"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "MISSING" not in result.stdout


@pytest.mark.parametrize("hidden", [("harfbuzz-subset",), ("pango",)])
def test_the_suite_stops_with_the_packages_to_install(tmp_path, hidden):
    # A test that needs no PDF: before, the suite ran on and died wherever WeasyPrint was imported.
    result = run_without(
        tmp_path, hidden, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/unit/test_profiles.py"
    )

    output = result.stdout + result.stderr
    assert result.returncode == 4, output
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0" in output
    assert "make doctor" in output
    assert "Traceback" not in output
