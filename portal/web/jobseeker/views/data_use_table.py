"""Who used my data: the table's rows written by a function, not by the template's loop.

Each row went through a dozen `{{ row.x }}`, each looked up through the environment's `getattr`
and escaped, and a page shows 25 rows: about a fifth of the page's CPU. `table_rows` writes the
same markup byte for byte (`tests/unit/test_data_use_table.py` renders the loop as it was and
compares): every value escaped as Jinja's `{{ }}` escapes it (None as "None"), the template's
`_("...")` as the compiled template writes it (the catalog's text, not escaped), and the white
space that the templates' `trim_blocks` and `lstrip_blocks` left.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from markupsafe import Markup, escape

from portal.catalog import current_translations
from portal.catalog import template_text as _template_text


class TableRow(NamedTuple):
    """A row of the table: the use's time, who used the data, what they did and why."""

    when: str
    what: str
    who: str | None
    purpose: str | None
    # The lines under "what", worded by the view (None: not shown).
    data: Markup | None = None
    vacancy: Markup | None = None
    xroad_id: Markup | None = None
    break_glass_reason: str | None = None


_CELL = '\n          <td class="govuk-table__cell">'
_LINE = '<br><span class="govuk-body-s">'


def table_rows(rows: Sequence[TableRow]) -> Markup:
    """The table body's rows, for `{{ table_rows }}` on the line of the loop that wrote them: the
    first row without the line's indentation, the last without its line's end.

    A row's cells after its time are written once per call for each row whose other fields are the
    same objects as an earlier row's (the view gives the uses that differ only in their moment one
    row's fields: the same counsellor opening the same case, a queue listing the person); a field
    equal but not the same object is written again, so the markup never depends on the memo."""
    not_stated = _template_text("Not stated")
    # The `tag` macro's markup (components/tag.html), with its line's end.
    another_office_text = _template_text("Another office")  # outside the f-string: extracted
    another_office = f'<br><strong class="govuk-tag govuk-tag--orange">{another_office_text}</strong>\n '

    reason_given = Markup(current_translations().ugettext("Reason given: %(reason)s"))  # noqa: S704 - our catalog
    written: dict[tuple[int, ...], str] = {}
    parts: list[str] = []
    for row in rows:
        parts += ('<tr class="govuk-table__row">', _CELL, escape(row.when), "</td>")
        same = tuple(map(id, row[1:]))
        rest = written.get(same)
        if rest is None:
            rest = written[same] = _rest(row, not_stated, another_office, reason_given)
        parts.append(rest)
    return Markup("".join(parts)[:-9])  # noqa: S704 - every value escaped in `_rest`


def _rest(row: TableRow, not_stated: str, another_office: str, reason_given: Markup) -> str:
    """A row's markup after its time's cell, every value escaped."""
    parts = [
        _CELL,
        escape(row.who),
        "</td>",
        _CELL,
        "\n            ",
        escape(row.what),
        "\n",
    ]
    if row.vacancy:
        parts += (_LINE, escape(row.vacancy), "</span>")
    if row.data:
        parts += (_LINE, escape(row.data), "</span>")
    if row.break_glass_reason:
        parts += (
            another_office,
            '<span class="govuk-body-s">',
            reason_given % {"reason": row.break_glass_reason},
            "</span>",
        )
    if row.xroad_id:
        parts += (_LINE, escape(row.xroad_id), "</span>")
    parts += (
        "          </td>",
        _CELL,
        escape(row.purpose or not_stated),
        "</td>\n        </tr>\n        ",
    )
    return "".join(parts)
