"""What the pagination component needs, from a page number and a page count."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import url_for


@dataclass(frozen=True)
class Pages:
    has_prev: bool
    has_next: bool
    prev_href: str | None
    next_href: str | None
    items: list[dict[str, Any]] = field(default_factory=list)


def pages(endpoint: str, page: int, count: int, **args: Any) -> Pages:
    """Links to every page (the lists here are short enough to show each number)."""

    def href(number: int) -> str:
        return url_for(endpoint, page=number, **args)

    return Pages(
        has_prev=page > 1,
        has_next=page < count,
        prev_href=href(page - 1) if page > 1 else None,
        next_href=href(page + 1) if page < count else None,
        items=[{"number": n, "href": href(n), "current": n == page} for n in range(1, count + 1)],
    )


def page_number(value: str | None) -> int:
    """The `page` query parameter; anything but a small positive number is page 1."""
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 6 else 1
