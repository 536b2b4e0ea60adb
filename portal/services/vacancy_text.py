"""The vacancy description: limited rich text, sanitised by an allow-list on input and on output.

Employers paste from word processors and web pages. Whatever arrives, only paragraphs, line breaks,
lists, bold, italics and links survive; every attribute except a link's `href` is dropped, so no
`hx-*`, `data-hx-*`, `on*` or `style` can reach a page (and the page renders the description inside
`hx-disable` as a second guard). Sanitising again on output protects pages from rows written before
a rule was tightened, or by a bulk import that bypassed the service.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import nh3
from markupsafe import Markup

from portal import text

ALLOWED_TAGS = frozenset({"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "a"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"https", "http", "mailto"})
MAX_LENGTH = 20_000  # characters of sanitised HTML

_BLOCK_END = re.compile(r"</(p|li|ul|ol)>|<br\s*/?>", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"<(p|ul|ol|li|br|div)\b", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def sanitise(value: str) -> str:
    """The allow-listed HTML of `value`, with text normalised (NFC) and unsafe characters removed.

    Text without block tags becomes paragraphs, one per blank-line-separated block."""
    value = text.normalize(value or "").strip()
    if not _BLOCK_TAG.search(value):
        blocks = [block.strip() for block in _BLANK_LINES.split(value) if block.strip()]
        value = "".join("<p>" + "<br>".join(block.splitlines()) + "</p>" for block in blocks)
    cleaned = nh3.clean(
        value,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow ugc",
        strip_comments=True,
    )
    # The form refuses these characters; a row written another way loses them here.
    return "".join(
        char
        for char in cleaned
        if char in text.LINE_BREAKS or unicodedata.category(char) not in text.UNSAFE_CATEGORIES
    )


@lru_cache(maxsize=256)
def sanitised_again(value: str) -> str:
    """`sanitise` on the output side, kept for the descriptions shown lately: a vacancy's page
    sanitises its description twice (the page, the JSON-LD) and a popular vacancy is shown over and
    over, the same text giving the same result (0.2 to 0.4 ms for a description of 2,000 characters,
    most of it the character check). Bounded: at most 256 descriptions of at most `MAX_LENGTH`."""
    return sanitise(value)


def render(value: str | None) -> Markup:
    """The description for a page: sanitised again (the output side of the rule)."""
    return Markup(sanitised_again(value or ""))  # noqa: S704 - sanitised by the allow-list just above


def plain(value: str | None) -> str:
    """The description as plain text (checks for wording, JSON-LD, search snippets)."""
    with_breaks = _BLOCK_END.sub(lambda match: "\n", value or "")
    stripped = nh3.clean(with_breaks, tags=set(), strip_comments=True)
    lines = (_SPACES.sub(" ", line).strip() for line in html.unescape(stripped).splitlines())
    return "\n".join(line for line in lines if line)
