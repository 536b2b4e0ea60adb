"""A search's filters: which apply (their names, the shape of the statements) with their
parameters' values, and the conditions each name stands for."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Date, bindparam, func, literal_column, or_, select
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from portal.models.search import EntryKind, SearchEntry, SearchPlace
from portal.services.search.backends import Backend
from portal.services.search.query import SearchQuery

_PLUS = custom_op("+")


def filters_of(
    kind: EntryKind,
    query: SearchQuery,
    today: dt.date,
    now: dt.datetime,
    published_after: dt.datetime | None = None,
) -> tuple[tuple[str, ...], dict[str, Any]]:
    """The filters a search applies: their names (the shape of its statements, see `conditions_of`)
    and the values of the statements' parameters."""
    values: dict[str, Any] = {"kind": kind.value, "today": today}
    if query.group:
        values["group"] = query.group
    if query.working_time:
        values["working_time"] = query.working_time
    if query.contract:
        values["contract"] = query.contract
    if query.wage is not None:
        values["wage"] = query.wage
    if query.posted_within is not None:
        values["posted_since"] = now - dt.timedelta(days=query.posted_within)
    if published_after is not None:  # a saved search's alert: what is new since the last one
        values["published_after"] = published_after
        values["now"] = now
    if query.education is not None:
        values["education"] = query.education
    if query.municipality:
        values["municipality"] = query.municipality
    elif query.county:
        values["county"] = f",{query.county},"  # as `search_entry.county_codes` holds each code
    names = tuple(values)
    return (*names, "remote") if query.remote else names, values


def conditions_of(names: tuple[str, ...], chosen: Backend) -> list[ColumnElement]:
    """The conditions of the filters `names`, each value a named parameter (`filters_of` gives them)."""
    entry = SearchEntry
    sqlite = chosen.name == "sqlite"
    # On SQLite `+deadline`: the column's NUMERIC affinity (a DATE) made every row's comparison try
    # to convert the ISO text to a number first (7% of the filters page); without the affinity it
    # is a plain text comparison, which orders ISO dates the same way.
    deadline = UnaryExpression(entry.deadline, operator=_PLUS, type_=Date) if sqlite else entry.deadline
    conditions: list[ColumnElement] = [
        entry.kind == bindparam("kind"),
        # An entry past its deadline disappears at once, before the daily expiry job closes it.
        or_(entry.deadline.is_(None), deadline >= bindparam("today")),
    ]
    if "group" in names:
        conditions.append(entry.occupation_group == bindparam("group"))
    if "remote" in names:
        conditions.append(entry.remote.is_(True))
    if "working_time" in names:
        conditions.append(entry.working_time == bindparam("working_time"))
    if "contract" in names:
        conditions.append(entry.contract == bindparam("contract"))
    if "wage" in names:
        conditions.append(entry.wage_max >= bindparam("wage"))
    if "posted_since" in names:
        conditions.append(entry.published_at >= bindparam("posted_since"))
    if "published_after" in names:
        conditions.append(entry.published_at > bindparam("published_after"))
        conditions.append(entry.published_at <= bindparam("now"))
    if "education" in names:
        conditions.append(
            or_(entry.education_level.is_(None), entry.education_level <= bindparam("education"))
        )
    place = SearchPlace
    # A correlated EXISTS: a probe of the place index per candidate entry. (An IN list made SQLite
    # read every entry id of the county into a temporary index first: 30,000 in Harju.)
    # It selects only `entry_id`, so the probe reads the index alone (`SELECT *` read the row too).
    if "municipality" in names:
        conditions.append(
            select(place.entry_id)
            .where(place.municipality_code == bindparam("municipality"), place.entry_id == entry.id)
            .exists()
        )
    elif "county" in names:
        # The entry's own county codes (",37,78,"), read from the listing index: probing
        # search_place for each candidate entry was three quarters of a county search on SQLite.
        position = func.instr if sqlite else func.strpos
        conditions.append(position(entry.county_codes, bindparam("county")) > literal_column("0"))
    return conditions
