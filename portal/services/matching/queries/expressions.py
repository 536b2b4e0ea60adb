"""The SQL pieces both rankings use: prefix ranges on ISCO codes, an expression that hides a
column from the planner, CEFR ranks, points for a condition met or missing.

A module of its own because `jobseekers.py` and the vacancies' modules build on the same pieces;
the underscore names are the `queries` package's own, not for callers.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String, and_, case, type_coerce

from portal.services.matching.facts import CEFR_RANK


def _next_prefix(prefix: str) -> str:
    """The smallest string after every string starting with `prefix` (ISCO codes are digits)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _starts_with(column: ColumnElement[str], prefix: str) -> ColumnElement[bool]:
    # A range, not LIKE: both SQLite and PostgreSQL search a plain b-tree index with it.
    return and_(column >= prefix, column < _next_prefix(prefix))


def _as_text(column: ColumnElement[Any]) -> ColumnElement[str]:
    """`column || ''`: the same value, but an expression, which no index can answer, so that
    SQLite's planner starts from a more selective index instead."""
    return type_coerce(column, String()) + ""


def _rank(level: ColumnElement[str | None]) -> ColumnElement[int]:
    return case(*((level == name, rank) for name, rank in CEFR_RANK.items()), else_=0)


def _points(condition: ColumnElement[bool], met: int, missing: int) -> ColumnElement[int]:
    return case((condition, met), else_=-missing)
