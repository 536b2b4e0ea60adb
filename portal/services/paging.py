"""Lists paginated in the database: one COUNT and one LIMIT/OFFSET query, whatever the list's size.

A page's cost must not grow with an office's history (docs/performance.md), so no list is loaded
whole to be cut in Python. `paginate` takes an ordered SELECT of entities or rows; the order must
end with a unique column (an id), or rows could repeat or go missing between pages.

A list whose statement does not change from one request to the next (its values passed as
`params`) is built once, at import, as a `Listing`: its COUNT and its LIMIT/OFFSET form are made
then, so a page costs no statement construction (building and keying an ORM SELECT with its
eager loads cost more CPU than running it on a small list: 0.34 → 0.19 ms for the registration
queue's page on SQLite). An empty list costs its COUNT only.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Integer,
    Row,
    Select,
    bindparam,
    func,
    literal_column,
    select,
)
from sqlalchemy.engine.default import DefaultDialect
from sqlalchemy.sql.visitors import replacement_traverse

from portal.extensions import db
from portal.services import core_rows

T = TypeVar("T")
DEFAULT_SIZE = 25
MAX_SIZE = 100
MAX_NUMBER = 100_000  # beyond any real list; a larger ?page= is a typo or a probe


def written_limit(count: int) -> ColumnElement[int]:
    """A constant LIMIT written in the statement's SQL, not bound as a parameter.

    PostgreSQL plans a prepared statement whose LIMIT is a parameter as though it kept a tenth of
    the rows; when that generic plan looks dearer than the ones planned for the values, it plans
    the statement again on every execution (a person's offers: 0.7 ms of the server's CPU a request
    where the generic plan costs 0.2 ms). A `Listing`'s LIMIT/OFFSET stays bound."""
    return literal_column(str(int(count)), Integer)


# Values written in the SQL when a statement is built: a string (an enum's value) or a whole
# number, which both databases spell alike; any other value stays a parameter.
_SPELLING = DefaultDialect()


def _written(element: Any) -> Any:
    if not isinstance(element, BindParameter) or element.callable is not None:
        return None
    value = element.value
    if isinstance(value, bool) or not isinstance(value, (str, int, enum.Enum)):
        return None
    spell = element.type.literal_processor(_SPELLING)
    return None if spell is None else literal_column(spell(value), element.type)


SelectT = TypeVar("SelectT", bound=Select[Any])


def written_constants(statement: SelectT) -> SelectT:
    """The statement with the strings and whole numbers it was built with (a state compared as
    `Vacancy.state == VacancyState.SUBMITTED`) written in its SQL; values passed at execution
    stay parameters. Written once, when the statement is built (no work per execution).

    PostgreSQL plans a prepared statement once for any values (its generic plan) only when that
    plan looks no dearer than the ones made for the values: with a state as a parameter it must
    assume the state's average share of the rows, not the few a queue holds, and planned the
    back-office home's counts and the check queue again on every request."""
    return replacement_traverse(statement, {}, _written)


def page_count(total: int, size: int) -> int:
    """How many pages of `size` items `total` items fill (1 for an empty list)."""
    return max((total + size - 1) // size, 1)


def counted(items: list[Any], number: int, size: int, count: Callable[[], int]) -> int:
    """A list's length: known from its first page's items when that page is not full (no COUNT
    sent), else `count()`."""
    if number == 1 and len(items) < size:
        return len(items)
    return count()


@dataclass(frozen=True)
class Page(Generic[T]):
    """A page of a list: every paginated list's page (its templates read `items`, `number`,
    `pages`, `has_previous`, `has_next`), whether `paginate` read it or a list's own statement."""

    items: list[T]
    total: int
    number: int  # 1-based
    size: int

    @property
    def pages(self) -> int:
        return page_count(self.total, self.size)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def first_index(self) -> int:
        """The 1-based position of the first item shown (0 for an empty list)."""
        return (self.number - 1) * self.size + 1 if self.items else 0


def count_of(statement: Select) -> Select:
    """COUNT(*) of the rows `statement` selects."""
    return select(func.count()).select_from(statement.order_by(None).subquery())


class Listing:
    """An ordered SELECT made once for `paginate`, with its COUNT (`count_of` unless a cheaper
    equivalent is given) and its page form (LIMIT and OFFSET as parameters)."""

    def __init__(self, statement: Select, count: Select | None = None) -> None:
        self.statement = statement
        self.count = count if count is not None else count_of(statement)
        self.page = statement.limit(bindparam("page_limit")).offset(bindparam("page_offset"))

    @cached_property
    def counted_page(self) -> Select:
        """The page form with the COUNT as its last column (`paginate_counted`), made on first use."""
        return self.page.add_columns(self.count.scalar_subquery().label("listing_total"))


def paginate(
    statement: Select | Listing,
    number: int = 1,
    size: int = DEFAULT_SIZE,
    *,
    scalars: bool = True,
    params: Mapping[str, Any] | None = None,
    total: int | None = None,
) -> Page:
    """Page `number` of `statement` (clamped to the pages there are), `size` capped at MAX_SIZE;
    `params` are the values of a `Listing`'s bound parameters. `total`: the list's count where the
    caller read it already (with other counts, in one statement), so no COUNT is sent."""
    size = min(max(size, 1), MAX_SIZE)
    values = dict(params or {})
    if total is None:
        count = statement.count if isinstance(statement, Listing) else count_of(statement)
        total = db.session.scalar(count, values) or 0
    if not total:
        return Page(items=[], total=0, number=1, size=size)
    number = min(max(number, 1), page_count(total, size))
    if isinstance(statement, Listing):
        limited = statement.page
        values.update(page_limit=size, page_offset=(number - 1) * size)
    else:
        limited = statement.limit(size).offset((number - 1) * size)
    result = db.session.scalars(limited, values) if scalars else db.session.execute(limited, values)
    return Page(items=list(result), total=total, number=number, size=size)


def paginate_counted(
    listing: Listing,
    number: int = 1,
    size: int = DEFAULT_SIZE,
    *,
    params: Mapping[str, Any] | None = None,
    statement: Select | None = None,
) -> Page[Row[Any]]:
    """`paginate(listing, number, size, scalars=False, params=params)` in one statement when the
    page has rows: the page's rows carry the COUNT as their last column (an uncorrelated scalar
    subquery, which both databases run once). A page past the end (or an empty list) then runs the
    COUNT and, when there are rows, the last page, as `paginate` would show it (by `listing.page`).
    Each row keeps the count as its column `listing_total`. `statement`: `listing.counted_page`
    with more columns of the page's own (read them from the rows when the page has rows)."""
    size = min(max(size, 1), MAX_SIZE)
    number = max(number, 1)
    values = {**(params or {}), "page_limit": size, "page_offset": (number - 1) * size}
    items = list(db.session.execute(statement if statement is not None else listing.counted_page, values))
    if items:
        return Page(items=items, total=items[0].listing_total, number=number, size=size)
    if number == 1:
        return Page(items=[], total=0, number=1, size=size)
    return paginate(listing, number, size, scalars=False, params=params)


def paginate_counted_kept(
    listing: Listing,
    number: int = 1,
    size: int = DEFAULT_SIZE,
    *,
    params: Mapping[str, Any] | None = None,
    make: Callable[[tuple[Any, ...]], T] = tuple,  # type: ignore[assignment]
) -> Page[T]:
    """`paginate_counted(listing, number, size, params=params)` on the driver's cursor
    (`core_rows.read_kept`): the same statements, without the engine's per-statement work. Each
    item is `make` of a row's own columns (the COUNT's column dropped)."""
    size = min(max(size, 1), MAX_SIZE)
    number = max(number, 1)
    values = {**(params or {}), "page_limit": size, "page_offset": (number - 1) * size}
    width = len(listing.statement.selected_columns)
    found = core_rows.read_kept(listing.counted_page, values)[1]
    if found:
        total = found[0][width]
    elif number == 1:
        return Page(items=[], total=0, number=1, size=size)
    else:
        total = core_rows.read_kept(listing.count, dict(params or {}))[1][0][0] or 0
        if not total:
            return Page(items=[], total=0, number=1, size=size)
        number = page_count(total, size)
        values["page_offset"] = (number - 1) * size
        found = core_rows.read_kept(listing.page, values)[1]
    return Page(items=[make(row[:width]) for row in found], total=total, number=number, size=size)


def requested_number(args: Mapping[str, Any], name: str = "page") -> int:
    """`?page=` as a page number: anything that is not a small positive integer is page 1."""
    raw = str(args.get(name, "1")).strip()
    if not raw.isdigit() or len(raw) > 6:
        return 1
    return min(max(int(raw), 1), MAX_NUMBER)
