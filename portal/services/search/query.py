"""What a person searches for, read from untrusted parameters (a URL's query string, a saved search).

Every parameter is parsed into a typed value or dropped: an unknown sort, a page size of 100000, a
wage of "abc" or a county that does not exist never reach SQL. The words typed into the search box
become *terms*: folded (lower case, no diacritics) runs of letters and digits. Everything else —
quotes, `*`, `%`, `_`, `-`, `'`, operators of FTS5 or tsquery — is a separator, so no input can
change the syntax of the full-text query the backends build from the terms.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from portal.services.reference_data import fold

MAX_QUERY_CHARS = 200  # longer input is cut here before it is read (a 10 kB query is not an error)
MAX_TERMS = 8
MAX_TERM_CHARS = 40
PREFIX_MIN_CHARS = 3  # shorter terms match whole words only ("it" must not match every "item")
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 500  # deeper pages are refused: nobody reads them, and OFFSET costs grow with them
POSTED_WITHIN_DAYS = (1, 3, 7, 14, 30)
OCCUPATION_GROUPS = tuple("0123456789")
WORKING_TIMES = ("full", "part", "shifts")
CONTRACTS = ("permanent", "fixed_term", "seasonal")
EDUCATION_LEVELS = tuple(range(0, 9))  # ISCED 2011
MAX_WAGE = 1_000_000

# Letters and digits only: the underscore of \w is a separator in both FTS5 and tsquery.
_TERM = re.compile(r"[^\W_]+")
_CODE = re.compile(r"[0-9A-Za-z]{1,10}")


class Sort(enum.StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    DEADLINE = "deadline"


def terms_of(text: str) -> tuple[str, ...]:
    """The folded search terms of what a person typed (at most `MAX_TERMS`, each cut to
    `MAX_TERM_CHARS`), without repeats."""
    words = _TERM.findall(fold((text or "")[:MAX_QUERY_CHARS]))
    return tuple(dict.fromkeys(word[:MAX_TERM_CHARS] for word in words))[:MAX_TERMS]


@dataclass(frozen=True)
class SearchQuery:
    """One search of vacancies or trainings. Build it with `from_params`; `to_params` gives the
    parameters of a shareable URL (defaults left out)."""

    text: str = ""
    group: str | None = None  # ISCO-08 major group
    county: str | None = None
    municipality: str | None = None
    remote: bool = False
    working_time: str | None = None
    contract: str | None = None
    wage: int | None = None  # at least this much a month (the top of the range reaches it)
    posted_within: int | None = None  # days
    education: int | None = None  # the person's ISCED level: vacancies requiring at most it
    sort: Sort | None = None  # None: relevance with words, newest without
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    terms: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", terms_of(self.text))

    @property
    def effective_sort(self) -> Sort:
        if self.sort is None or (self.sort is Sort.RELEVANCE and not self.terms):
            return Sort.RELEVANCE if self.terms else Sort.NEWEST
        return self.sort

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def has_filters(self) -> bool:
        return any(
            (self.group, self.county, self.municipality, self.remote, self.working_time, self.contract)
        ) or any(value is not None for value in (self.wage, self.posted_within, self.education))

    @classmethod
    def from_params(
        cls,
        params: Mapping[str, Any],
        *,
        counties: frozenset[str] = frozenset(),
        municipalities: frozenset[str] = frozenset(),
    ) -> SearchQuery:
        """Read a query string (or a saved search's stored parameters). Values that are not valid
        are dropped, never an error: a search page always answers."""

        def one(name: str) -> str:
            # `in` first: a query string's MultiDict answers `get` of a missing key by raising and
            # catching an exception, and most of the thirteen names are missing from most searches.
            value = params.get(name) if name in params else None
            return str(value).strip()[: MAX_QUERY_CHARS * 2] if value is not None else ""

        def number(name: str, allowed: range | tuple[int, ...] | None = None) -> int | None:
            raw = one(name)
            if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
                return None
            value = int(raw)
            return value if allowed is None or value in allowed else None

        def choice(name: str, allowed: tuple[str, ...] | frozenset[str]) -> str | None:
            value = one(name)
            return value if value in allowed and _CODE.fullmatch(value.replace("_", "")) else None

        sort = one("sort")
        per_page = number("per_page")
        wage = number("wage")
        return cls(
            text=one("q")[:MAX_QUERY_CHARS],
            group=choice("group", OCCUPATION_GROUPS),
            county=choice("county", counties),
            municipality=choice("municipality", municipalities),
            remote=one("remote") in {"1", "true", "on", "yes"},
            working_time=choice("working_time", WORKING_TIMES),
            contract=choice("contract", CONTRACTS),
            wage=wage if wage and wage <= MAX_WAGE else None,
            posted_within=number("posted", POSTED_WITHIN_DAYS),
            education=number("education", EDUCATION_LEVELS),
            sort=Sort(sort) if sort in Sort.__members__.values() else None,
            page=min(max(number("page") or 1, 1), MAX_PAGE),
            per_page=min(max(per_page or DEFAULT_PER_PAGE, 1), MAX_PER_PAGE),
        )

    def to_params(self, **changes: Any) -> dict[str, str]:
        """The URL parameters of this query (or of a copy with `changes`), defaults left out."""
        query = replace(self, **changes) if changes else self
        names = {
            "text": "q",
            "posted_within": "posted",
        }
        params: dict[str, str] = {}
        for item in fields(query):
            if item.name == "terms":
                continue
            value = getattr(query, item.name)
            if value in (None, "", False) or value == item.default:
                continue
            params[names.get(item.name, item.name)] = "1" if value is True else str(value)
        return params

    def without_paging(self) -> SearchQuery:
        return replace(self, page=1, per_page=DEFAULT_PER_PAGE)
