"""Who used my data: `data_use_table.table_rows` writes what the template's loop wrote, byte for
byte, for values to escape, missing values and every line under "what", in English and Estonian."""

from __future__ import annotations

import itertools

import pytest
from flask import render_template_string
from markupsafe import Markup

from portal.web.jobseeker.views.data_use_table import TableRow, table_rows

# The table's body as templates/jobseeker/data_use/page.html wrote it before.
OLD = r"""{% from "components/tag.html" import tag %}
      <tbody class="govuk-table__body">
        {% for row in rows %}
        <tr class="govuk-table__row">
          <td class="govuk-table__cell">{{ row.when }}</td>
          <td class="govuk-table__cell">{{ row.who }}</td>
          <td class="govuk-table__cell">
            {{ row.what }}
            {% if row.vacancy %}<br><span class="govuk-body-s">{{ row.vacancy }}</span>{% endif %}
            {% if row.data %}<br><span class="govuk-body-s">{{ row.data }}</span>{% endif %}
            {% if row.break_glass_reason %}<br>{{ tag(_("Another office"), "orange") }} <span class="govuk-body-s">{{ _("Reason given: %(reason)s", reason=row.break_glass_reason) }}</span>{% endif %}
            {% if row.xroad_id %}<br><span class="govuk-body-s">{{ row.xroad_id }}</span>{% endif %}
          </td>
          <td class="govuk-table__cell">{{ row.purpose or _("Not stated") }}</td>
        </tr>
        {% endfor %}
      </tbody>
"""

NEW = """      <tbody class="govuk-table__body">
        {{ table_rows }}
      </tbody>
"""


def _rows():
    lines = (None, Markup("Data shown: <b>&amp;</b>"))
    for who, purpose, vacancy, data, reason, xroad_id in itertools.product(
        (None, "Tallinn, counsellor & <co>"),
        (None, "", "case work <x>"),
        lines,
        lines,
        (None, "", "asked by <the> person & co"),
        (None, Markup("X-Road message id: abc&lt;1&gt;")),
    ):
        yield TableRow(
            "4 Mar 2026, 09:30:00", "Viewed <your> case", who, purpose, data, vacancy, xroad_id, reason
        )


@pytest.mark.parametrize("language", ["en", "et"])
def test_the_function_writes_what_the_loop_wrote(app, language):
    rows = list(_rows())
    with app.test_request_context(headers={"Accept-Language": language}):
        for count in (1, 2, 3):
            for start in range(0, len(rows), 7):
                shown = rows[start : start + count]
                old = render_template_string(OLD, rows=shown)
                new = render_template_string(NEW, table_rows=table_rows(shown))
                assert new == old
