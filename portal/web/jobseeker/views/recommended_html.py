"""The cards of "Recommended for you" (`templates/jobseeker/home/_recommended.html`, on the home
and "my offers") written by a function, not by the template's loop.

The loop looked up each card's five values through the environment's `getattr`, built a link and
joined two lists per card: about a tenth of the home's CPU. This writes the same markup byte for
byte (`tests/functional/test_jobseeker_pages_kept.py` compares it with the loop as it was): every
value escaped as `{{ }}` escapes it, `join` as Jinja joins with autoescape, the template's
`_("...")` as the compiled template writes it (the catalog's text), and the white space the
templates' `trim_blocks` and `lstrip_blocks` left.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import url_for
from markupsafe import Markup, escape

from portal.catalog import template_text

try:
    from markupsafe import _escape_inner  # C: the escaping `escape` does, without a Markup made
except ImportError:  # pragma: no cover - a markupsafe without it

    def _escape_inner(text: str) -> str:
        return str(escape(text))


def _esc(value: Any) -> str:
    """What `escape(value)` writes, as a plain string: the parts are joined and marked safe once,
    and `escape` makes a `Markup` of each (a Python `__new__`)."""
    if type(value) is str:
        return _escape_inner(value)
    return str(escape(value))


def _join(items: Any, separator: str) -> Any:
    """Jinja's `items | join(separator)` with autoescape: Markup when an item is markup, each other
    item escaped (by the caller's `escape`)."""
    if any(hasattr(item, "__html__") for item in items):
        return Markup(separator).join(items)  # noqa: S704 - a constant of the callers'
    return separator.join(str(item) for item in items)


_CARD = (
    '  <li class="govuk-!-margin-bottom-4">\n'
    '    <h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="',
    '">',
    '</a></h3>\n    <p class="govuk-body-s govuk-!-margin-bottom-1">',
    ", ",
    '</p>\n    <p class="govuk-body-s govuk-!-margin-bottom-1">',
    " ",
    "</p>\n",
    '<p class="govuk-body-s govuk-!-margin-bottom-1">',
    "</p>",
    "  </li>\n",
)


def recommended_items(recommended: Iterable[dict[str, Any]]) -> Markup:
    """The `<li>` of each card (`{"vacancy", "places", "why"}`, as `views.home.recommended` makes them)."""
    c = _CARD
    why, not_fitting = template_text("Why we suggest it:"), template_text("What does not fit:")
    parts: list[str] = []
    link: str | None = None  # a vacancy's address up to its id (`/jobs/`): one `url_for` a page
    for item in recommended:
        vacancy, places, explained = item["vacancy"], item["places"], item["why"]
        if link is None:
            link = str(escape(url_for("public.vacancy", vacancy_id=0)))[:-1]
        parts += (c[0], link, str(vacancy.id), c[1], _esc(vacancy.title))
        parts += (c[2], _esc(vacancy.company.name))
        if places:
            parts += (c[3], _esc(_join(places, ", ")))
        raised, lowered = explained.written  # joined and escaped once per explanation kept
        parts += (c[4], why, c[5], raised, c[6])
        if explained.lowered:
            parts += (c[7], not_fitting, c[5], lowered, c[8])
        parts.append(c[9])
    return Markup("".join(parts))  # noqa: S704 - every value escaped above
