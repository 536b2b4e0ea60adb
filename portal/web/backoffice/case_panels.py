"""The case view's panels (`case_extensions.add_panel`) written as finished markup: including a
panel's template copied the page's whole template context for a heading and a short list. These
functions write what the panels' templates wrote, byte for byte (`tests/unit/test_case_panels.py`
renders the templates as they were and compares), values escaped as Jinja's `{{ }}` escapes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

from portal.catalog import lazy_gettext as _l
from portal.web.backoffice.case_view_parts import recommended_list, template_texts

# The panel's texts that no template holds any more, marked for the message extraction (`_l`); a
# lazy text's `__html__` is the catalog's text, as the template's `_()` wrote it (no `%` in them).
RECOMMENDED_VACANCIES = _l("Recommended vacancies")
NO_VACANCY_SUITS = _l("No published vacancy suits the person's record at the moment.")

_MEETING = ('  <li><a class="govuk-link" href="', '">', "</a>: ", " (", ")", "</li>\n")


def meetings_panel(upcoming: Sequence[dict[str, Any]], book_href: str) -> Markup:
    """The meetings still to come (`{"href", "when", "where", "requested"}` each), or the link to
    book one: what `templates/backoffice/case/_meetings_panel.html` wrote."""
    t = template_texts()
    parts = ['<h2 class="govuk-heading-m" id="meetings">', t["Meetings"], "</h2>\n"]
    if upcoming:
        m = _MEETING
        parts.append('<ul class="govuk-list">\n')
        for meeting in upcoming:
            parts += (
                m[0],
                escape(meeting["href"]),
                m[1],
                escape(meeting["when"]),
                m[2],
                escape(meeting["where"]),
            )
            if meeting["requested"]:
                parts += (m[3], escape(meeting["requested"]), m[4])
            parts.append(m[5])
        parts.append("</ul>\n")
    else:
        parts += (
            '<p class="govuk-body">',
            t["No meeting is booked."],
            ' <a class="govuk-link" href="',
            escape(book_href),
            '#book">',
            t["Book a meeting"],
            "</a></p>\n",
        )
    return Markup("".join(parts))  # noqa: S704 - every value escaped above


def recommended_panel(recommended: Sequence[dict[str, Any]]) -> Markup:
    """The recommended vacancies (`case_view_parts.recommended_list`'s cards), or that none suits:
    what `templates/backoffice/candidates/_case_panel.html` wrote."""
    heading = f'<h2 class="govuk-heading-m" id="recommended-vacancies">{escape(RECOMMENDED_VACANCIES)}</h2>\n'
    if recommended:
        body = f"{recommended_list(recommended)}\n"
    else:
        body = f'<p class="govuk-body">{escape(NO_VACANCY_SUITS)}</p>\n'
    return Markup(heading + body)  # noqa: S704 - the list escapes its values, the rest the catalog's
