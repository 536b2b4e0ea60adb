"""`make doctor`: are the system libraries and programs the portal and its tests need installed?

The portal's Python packages come from `requirements.lock`, but three things come from the
operating system and fail far from their cause when missing: WeasyPrint loads Pango and HarfBuzz
(with its subsetter) through ctypes-like `dlopen` at import, the browser tests drive Debian's
Chromium, and the accessibility checks load axe-core installed by npm. This module says which one
is missing and the Debian packages that bring it, before anything else runs.

It imports nothing from the portal and WeasyPrint only inside a check, so `python -m portal.doctor`
and the test suite's first line work even when WeasyPrint cannot load.
"""

from __future__ import annotations

import shutil
import sys
import warnings
from pathlib import Path

# Debian/Ubuntu package names; what WeasyPrint's installation guide lists plus the browser.
WEASYPRINT_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0")
CHROMIUM_PACKAGE = "chromium"
NODE_PACKAGES = ("nodejs", "npm")
CHROMIUM = Path("/usr/bin/chromium")
APT_PACKAGES = (*WEASYPRINT_PACKAGES, CHROMIUM_PACKAGE, *NODE_PACKAGES)


def apt_command(packages: tuple[str, ...] = APT_PACKAGES) -> str:
    return "apt-get install " + " ".join(packages)


def weasyprint_problem() -> str | None:
    """Import WeasyPrint as the test suite does (warnings are errors); say what failed, or None.

    Without libharfbuzz-subset WeasyPrint 70 only warns (DeprecationWarning, "will be required");
    the suite turns every warning into an error, so that warning alone stops it. Without Pango or
    HarfBuzz the import raises OSError. Both are the same fix: the system packages.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            import weasyprint  # noqa: F401
    except (OSError, Warning) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return (
            f"WeasyPrint (PDF documents) cannot load its system libraries: {first_line}\n"
            f"  install them with: {apt_command(WEASYPRINT_PACKAGES)}"
        )
    return None


def chromium_problem() -> str | None:
    if CHROMIUM.exists():
        return None
    return (
        f"{CHROMIUM} is missing (the browser tests drive Debian's Chromium, never a downloaded one)\n"
        f"  install it with: {apt_command((CHROMIUM_PACKAGE,))}"
    )


def node_problem() -> str | None:
    missing = [program for program in ("node", "npm") if shutil.which(program) is None]
    if not missing:
        return None
    return (
        f"{' and '.join(missing)} not found (npm installs axe-core for the accessibility checks)\n"
        f"  install them with: {apt_command(NODE_PACKAGES)}"
    )


CHECKS = (
    ("WeasyPrint system libraries (Pango, HarfBuzz, HarfBuzz subset)", weasyprint_problem),
    ("Chromium for the browser tests", chromium_problem),
    ("Node.js and npm for axe-core", node_problem),
)


def problems() -> list[str]:
    return [problem for _, check in CHECKS if (problem := check()) is not None]


def main() -> int:
    found = []
    for label, check in CHECKS:
        problem = check()
        print(f"{'ok     ' if problem is None else 'MISSING'} {label}")
        if problem is not None:
            found.append(problem)
    if found:
        print("\n" + "\n".join(found), file=sys.stderr)
        print(f"\nOn Debian or Ubuntu, everything at once: sudo {apt_command()}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
