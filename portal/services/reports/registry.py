"""The reports as a registry of figures: each is one SQL aggregate with a title, what it counts,
how it is drawn, and a text summary. A figure about data another feature keeps is one small
`@figure(...)` function beside the others (figures_*.py); the pages, charts and CSV files follow.

Figures never load rows into Python: each `compute` runs `GROUP BY` queries and shapes the few
result rows (one per week or per category) into a `Result`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from portal.models import Registration
from portal.models.caseload import JobseekerCase
from portal.profiles import CountryProfile


class Chart(enum.StrEnum):
    BAR = "bar"  # one bar per row and series, side by side
    STACKED = "stacked"  # the series stacked: parts of a whole per row
    LINE = "line"  # a share over the weeks


@dataclass(frozen=True)
class ReportFilter:
    start: dt.date  # first day, the country's calendar
    end: dt.date  # last day, included
    office: str | None = None
    region: str | None = None

    def bounds(self, profile: CountryProfile) -> tuple[dt.datetime, dt.datetime]:
        """[from, to) in UTC for timestamp columns."""
        start = dt.datetime.combine(self.start, dt.time(), tzinfo=profile.tz).astimezone(dt.UTC)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), tzinfo=profile.tz)
        return start, end.astimezone(dt.UTC)

    def within(self, column: Any, profile: CountryProfile) -> list[ColumnElement[bool]]:
        start, end = self.bounds(profile)
        return [column >= start, column < end]


@dataclass(frozen=True)
class Result:
    columns: Sequence[str]  # headers of the data table; the first names the rows
    rows: Sequence[Sequence[Any]]  # the first cell labels the row (a week's Monday or a category)
    series: Sequence[int]  # indexes of the columns the chart draws
    summary: str  # one or two sentences: what the figure says, for everyone and for screen readers
    percent_columns: frozenset[int] = frozenset()  # shares 0..1, shown as percentages


@dataclass(frozen=True)
class Figure:
    key: str  # kebab-case: the chart's and the CSV's URL
    group: str  # section of the reports page
    title: Any  # lazy string
    description: Any  # what is counted, and from which data
    chart: Chart
    compute: Callable[[ReportFilter, CountryProfile], Result]
    order: int = 100
    filters: frozenset[str] = field(default_factory=lambda: frozenset({"office", "region"}))


FIGURES: dict[str, Figure] = {}


def figure(
    key: str,
    *,
    group: str,
    title: Any,
    description: Any,
    chart: Chart,
    order: int = 100,
    filters: Sequence[str] = ("office", "region"),
) -> Callable[[Callable[[ReportFilter, CountryProfile], Result]], Callable[..., Result]]:
    def register(compute: Callable[[ReportFilter, CountryProfile], Result]) -> Callable[..., Result]:
        if key in FIGURES:
            raise ValueError(f"two report figures are named {key!r}")
        FIGURES[key] = Figure(key, group, title, description, chart, compute, order, frozenset(filters))
        return compute

    return register


def figures() -> list[Figure]:
    return sorted(FIGURES.values(), key=lambda f: (f.order, f.key))


# The scopes' own names for the tables they read: a figure's query may read the same table itself
# (caseload by risk reads the cases), and the scope must never correlate to its rows. Built once:
# an alias of a mapped class copies every column (~0.5-0.8 ms each time, twice per statement).
_SCOPE_REGISTRATION = aliased(Registration, name="scope_registration")
_SCOPE_CASE = aliased(JobseekerCase, name="scope_case")


# Who a figure counts, narrowed by the filters. Each scope adds SQL conditions on the person a
# row is about; the office scope is added by the back office's cases when they exist (`scopes`).
# `many` says the figure's query reads many rows (tens of thousands: the open cases), so a scope may
# read its people once as a list instead of probing an index once per row.
PersonScope = Callable[[Any, ReportFilter, CountryProfile, bool], list[ColumnElement[bool]]]
SCOPES: list[PersonScope] = []


def scope(rule: PersonScope) -> PersonScope:
    SCOPES.append(rule)
    return rule


class _FilterOnly(FunctionElement[Any]):
    """A column a condition tests on an index entry already found, never to seek with: `+column` on
    SQLite, whose planner would otherwise seek once per value of an `IN` list (16 codes in Harju)."""

    inherit_cache = True

    def __init__(self, column: Any) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(_FilterOnly, "sqlite")
def _sqlite_filter_only(element: Any, compiler: Any, **kw: Any) -> str:
    return f"+{compiler.process(element.clauses, **kw)}"


@compiles(_FilterOnly)
def _filter_only(element: Any, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@scope
def _region(
    person_id: Any, filters: ReportFilter, profile: CountryProfile, many: bool = False
) -> list[ColumnElement[bool]]:
    """The people with a registration whose population-register municipality is in the region
    (`registration.municipality`, a copy of the register snapshot's, migration 0040)."""
    if not filters.region:
        return []
    codes = profile.regions.get(filters.region, ())
    registrations = _SCOPE_REGISTRATION
    if many:
        # The region's people once, from (municipality, person_id): SQLite keeps them in a
        # temporary index (`LIST SUBQUERY`), PostgreSQL hashes them.
        people = select(registrations.person_id).where(registrations.municipality.in_(codes))
        return [person_id.in_(people.correlate_except(registrations))]
    # One probe per row of (person_id, municipality), answered from the index: a figure over a few
    # thousand rows would spend more building the region's list of ~20,000 people than probing.
    return [
        _exists(
            registrations,
            registrations.person_id == person_id,
            _FilterOnly(registrations.municipality).in_(codes),
        )
    ]


def _exists(alias: Any, *conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """`EXISTS (SELECT 1 FROM alias …)`, correlated to the figure's rows, never to the alias: SQLAlchemy's
    `exists()` selects `*`, and SQLite 3.40 then reads the table row behind the index entry (every
    column counts as used), where the index would do."""
    return select(literal(1)).select_from(alias).where(*conditions).correlate_except(alias).exists()


def person_scope(
    person_id: Any, filters: ReportFilter, profile: CountryProfile, *, many: bool = False
) -> list[ColumnElement[bool]]:
    """The filters' conditions on the person a row is about; `many` for a query over many rows."""
    return [condition for rule in SCOPES for condition in rule(person_id, filters, profile, many)]


def office_filter_available() -> bool:
    """The office filter needs people's offices (the back office's cases)."""
    return any(getattr(rule, "filter_name", None) == "office" for rule in SCOPES)


def office_names(profile: CountryProfile) -> tuple[str, ...]:
    """The profile's offices, once the profile has them (the back office's `OfficeRules`)."""
    offices = getattr(profile, "offices", None)
    return tuple(getattr(offices, "names", ()) or ())


def share(part: int | None, whole: int | None) -> float | None:
    return (part or 0) / whole if whole else None


@scope
def _office(
    person_id: Any, filters: ReportFilter, profile: CountryProfile, many: bool = False
) -> list[ColumnElement[bool]]:
    """The office a registered jobseeker belongs to (the back office's case)."""
    if not filters.office:
        return []
    cases = _SCOPE_CASE
    return [_exists(cases, cases.person_id == person_id, cases.office == filters.office)]


_office.filter_name = "office"  # type: ignore[attr-defined]
