"""The pagination component's links (templates/components/pagination.html) for a `Page`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import request, url_for

from portal.services.paging import Page

WINDOW = 2  # page numbers shown either side of the current one


@dataclass(frozen=True)
class PageLinks:
    has_prev: bool
    has_next: bool
    prev_href: str
    next_href: str
    items: list[dict[str, Any]] = field(default_factory=list)


def page_links(page: Page, endpoint: str | None = None, param: str = "page", **values: Any) -> PageLinks:
    """Links to the neighbouring pages, keeping the request's other query parameters (filters, the
    position in another list on the same page: `param` names this list's page number)."""
    endpoint = endpoint or request.endpoint
    kept = {key: request.args.getlist(key) for key in request.args if key != param}
    base = {**(request.view_args or {}), **kept, **values}

    def href(number: int) -> str:
        return url_for(endpoint, **base, **({param: number} if number > 1 else {}))

    low, high = max(1, page.number - WINDOW), min(page.pages, page.number + WINDOW)
    numbers = sorted({1, *range(low, high + 1), page.pages})
    return PageLinks(
        has_prev=page.has_previous,
        has_next=page.has_next,
        prev_href=href(page.number - 1) if page.has_previous else "",
        next_href=href(page.number + 1) if page.has_next else "",
        items=[{"number": n, "href": href(n), "current": n == page.number} for n in numbers],
    )
