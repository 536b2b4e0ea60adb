"""Rows one part of a request already read, kept for a later part of the same request.

The case view reads a person's meetings for its timeline and again for the upcoming-meetings panel,
their registration for the timeline and again for the summary, their case in `load_case` and again
for the timeline's assignment entry. Each second read is a statement that returns the same objects
the session already holds (a query does not refresh attributes already loaded), so the first reader
keeps what it read here and the second takes it. Outside a request nothing is kept.
"""

from __future__ import annotations

from typing import Any

from flask.globals import _cv_request


def shelf(name: str) -> dict[Any, Any]:
    """The request's own dictionary `name` (a new, unshared one outside a request)."""
    context = _cv_request.get(None)
    if context is None:
        return {}
    return context.request.environ.setdefault(f"portal.memo.{name}", {})
