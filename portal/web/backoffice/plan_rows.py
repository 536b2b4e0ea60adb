"""The activity rows of the plan page's form, written by a function from plain values.

The page showed six rows of four fields through a WTForms `FieldList` of `FormField`s: the view
built and processed 24 fields on every view, and the template's loop looked each `row.form.x.y` up
through the environment and escaped it on its own, together about a third of the page's CPU. A row
is now a `PlanRow` (the plan's activity, an empty row's defaults, or what was submitted), and
`rows_markup` writes what the loop wrote, byte for byte (`tests/unit/test_plan_rows.py` renders the
loop as it was and compares): the template's `_("...")` as the compiled template wrote it (the
catalog's text, not escaped), every value escaped as `{{ }}` escapes it, the options of a select as
WTForms marks the chosen one, and the white space that `trim_blocks` and `lstrip_blocks` left.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from portal import labels
from portal.catalog import template_text
from portal.i18n import current_language
from portal.models import ActivityKind, Actor

ROWS = 6  # activity rows on the form; empty ones are ignored
# The choices of a row's two selects (the form's fields take the same lists): (value, lazy label).
KINDS = tuple((kind.value, labels.PLAN_ACTIVITY_KINDS[kind]) for kind in ActivityKind)
ACTORS = tuple((actor.value, labels.PLAN_ACTORS_FOR_STAFF[actor]) for actor in Actor)


class PlanRow(NamedTuple):
    """What one row shows: the chosen kind and actor (a select's value as submitted, or None), the
    description, the due date (None: empty) and the due date's errors."""

    kind: Any
    description: str | None
    due_on: dt.date | None
    actor: Any
    due_errors: Sequence[str] = ()


def prefilled(activities: Iterable[Any]) -> list[PlanRow]:
    """The rows of a new version: the current plan's activities, then empty rows (the person
    applies for jobs), `ROWS` in all."""
    rows = [PlanRow(a.kind.value, a.description, a.due_on, a.actor.value) for a in activities]
    empty = PlanRow(ActivityKind.APPLY.value, None, None, Actor.JOBSEEKER.value)
    return (rows + [empty] * (ROWS - len(rows)))[:ROWS]


def submitted(entries: Iterable[Any]) -> list[PlanRow]:
    """The rows of a submitted form (`PlanForm.activities`), to show it again with its errors."""
    return [
        PlanRow(
            row.form.kind.data,
            row.form.description.data,
            row.form.due_on.data,
            row.form.actor.data,
            row.form.due_on.errors,
        )
        for row in entries
    ]


# A select's `<option>`s kept per process by language, select and chosen value: the six rows show
# the same two lists on every view. Made as the template's loop made them (value and label escaped,
# `selected` where WTForms marks it: the value equal to the field's data).
_OPTION = Markup('<option value="{}">{}</option>')
_SELECTED_OPTION = Markup('<option value="{}" selected>{}</option>')
_OPTIONS: dict[tuple[str, str, Any], str] = {}
_OPTIONS_KEPT = 256


def _options(language: str, name: str, choices: tuple[tuple[str, Any], ...], chosen: Any) -> str:
    key = (language, name, chosen)
    options = _OPTIONS.get(key)
    if options is None:
        options = "".join(
            (_SELECTED_OPTION if value == chosen else _OPTION).format(value, label)
            for value, label in choices
        )
        # Bounded: a submitted form's value may be anything (kept only while there is room).
        if len(_OPTIONS) < _OPTIONS_KEPT and (chosen is None or isinstance(chosen, str)):
            _OPTIONS[key] = options
    return options


# The labels of row n (1-based) per language: the template's `_("...", n=n)`.
_LABELS: dict[tuple[str, int], tuple[str, str, str, str]] = {}
_ERROR_PREFIX: dict[str, str] = {}


def _text(message: str, **variables: Any) -> str:
    """What the template's `_(message, **variables)` wrote, as text to join with other markup."""
    return str(template_text(message, **variables))


def _labels(language: str, n: int) -> tuple[str, str, str, str]:
    found = _LABELS.get((language, n))
    if found is None:
        found = _LABELS[(language, n)] = (
            _text("Activity %(n)s", n=n),
            _text("What exactly, activity %(n)s", n=n),
            _text("Due by, activity %(n)s", n=n),
            _text("Who acts, activity %(n)s", n=n),
        )
    return found


def _row(language: str, index: int, row: PlanRow) -> str:
    kind_label, description_label, due_label, actor_label = _labels(language, index + 1)
    prefix = f"activities-{index}-"
    due_id = f"{prefix}due_on"
    due_value = escape(row.due_on.isoformat()) if row.due_on else ""
    if row.due_errors:
        error_prefix = _ERROR_PREFIX.get(language)
        if error_prefix is None:
            error_prefix = _ERROR_PREFIX[language] = _text("Error:")
        due_error = (
            f'<p id="{due_id}-error" class="govuk-error-message"><span class="govuk-visually-hidden">'
            f"{error_prefix}</span> {escape(row.due_errors[0])}</p>"
        )
        due_input = (
            f'<input class="govuk-input govuk-input--error" id="{due_id}" name="{due_id}" type="date" '
            f'value="{due_value}" aria-describedby="{due_id}-error">'
        )
    else:
        due_error = ""
        due_input = (
            f'<input class="govuk-input" id="{due_id}" name="{due_id}" type="date" value="{due_value}">'
        )
    return (
        '          <tr class="govuk-table__row">\n'
        '            <td class="govuk-table__cell">\n'
        f'              <label class="govuk-visually-hidden" for="{prefix}kind">{kind_label}</label>\n'
        f'              <select class="govuk-select" id="{prefix}kind" name="{prefix}kind">\n'
        f"{_options(language, 'kind', KINDS, row.kind)}              </select>\n"
        "            </td>\n"
        '            <td class="govuk-table__cell">\n'
        f'              <label class="govuk-visually-hidden" for="{prefix}description">{description_label}</label>\n'
        f'              <input class="govuk-input" id="{prefix}description" name="{prefix}description" '
        f'type="text" value="{escape(row.description or "")}">\n'
        "            </td>\n"
        '            <td class="govuk-table__cell">\n'
        f'{due_error}              <label class="govuk-visually-hidden" for="{due_id}">{due_label}</label>\n'
        f"              {due_input}\n"
        "            </td>\n"
        '            <td class="govuk-table__cell">\n'
        f'              <label class="govuk-visually-hidden" for="{prefix}actor">{actor_label}</label>\n'
        f'              <select class="govuk-select" id="{prefix}actor" name="{prefix}actor">\n'
        f"{_options(language, 'actor', ACTORS, row.actor)}              </select>\n"
        "            </td>\n"
        "          </tr>\n"
    )


def rows_markup(rows: Sequence[PlanRow]) -> Markup:
    """The form's `<tr>`s, as the template's loop over the `FieldList` wrote them."""
    language = current_language().code
    return Markup("".join(_row(language, index, row) for index, row in enumerate(rows)))  # noqa: S704
