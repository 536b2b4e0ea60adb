"""The plan page's activity rows written by `plan_rows` are what the template's loop over the form's
`FieldList` wrote, byte for byte: a new version's rows (the plan's activities, then empty ones) and
a submitted form's rows with their errors, values to escape and unknown choices, in English and
Estonian."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from flask import render_template_string
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from portal.models import ActivityKind, Actor
from portal.web.backoffice import plan_rows
from portal.web.backoffice.views.plan import ROWS, PlanForm

# The rows as the template wrote them (templates/backoffice/case/plan.html), with the view's
# `row_options` as it was.
OLD = r"""          {% for row in form.activities %}
          {% set n = loop.index %}
          <tr class="govuk-table__row">
            <td class="govuk-table__cell">
              <label class="govuk-visually-hidden" for="{{ row.form.kind.id }}">{{ _("Activity %(n)s", n=n) }}</label>
              <select class="govuk-select" id="{{ row.form.kind.id }}" name="{{ row.form.kind.name }}">
{{ row_options(row.form.kind) }}              </select>
            </td>
            <td class="govuk-table__cell">
              <label class="govuk-visually-hidden" for="{{ row.form.description.id }}">{{ _("What exactly, activity %(n)s", n=n) }}</label>
              <input class="govuk-input" id="{{ row.form.description.id }}" name="{{ row.form.description.name }}" type="text" value="{{ row.form.description.data or '' }}">
            </td>
            <td class="govuk-table__cell">
              {% if row.form.due_on.errors %}<p id="{{ row.form.due_on.id }}-error" class="govuk-error-message"><span class="govuk-visually-hidden">{{ _("Error:") }}</span> {{ row.form.due_on.errors[0] }}</p>{% endif %}
              <label class="govuk-visually-hidden" for="{{ row.form.due_on.id }}">{{ _("Due by, activity %(n)s", n=n) }}</label>
              <input class="govuk-input{% if row.form.due_on.errors %} govuk-input--error{% endif %}" id="{{ row.form.due_on.id }}" name="{{ row.form.due_on.name }}" type="date" value="{{ row.form.due_on.data.isoformat() if row.form.due_on.data else '' }}"{% if row.form.due_on.errors %} aria-describedby="{{ row.form.due_on.id }}-error"{% endif %}>
            </td>
            <td class="govuk-table__cell">
              <label class="govuk-visually-hidden" for="{{ row.form.actor.id }}">{{ _("Who acts, activity %(n)s", n=n) }}</label>
              <select class="govuk-select" id="{{ row.form.actor.id }}" name="{{ row.form.actor.name }}">
{{ row_options(row.form.actor) }}              </select>
            </td>
          </tr>
          {% endfor %}
"""


OPTION = Markup('<option value="{}">{}</option>')
SELECTED_OPTION = Markup('<option value="{}" selected>{}</option>')


def old_row_options(field) -> Markup:
    return Markup("").join(
        (SELECTED_OPTION if selected else OPTION).format(value, label)
        for value, label, selected, _attrs in field.iter_choices()
    )


def _activities():
    yield []
    yield [
        SimpleNamespace(
            kind=ActivityKind.TRAINING,
            description='Weld & cut <b>"x"</b>',
            due_on=dt.date(2027, 3, 1),
            actor=Actor.COUNSELLOR,
        ),
        SimpleNamespace(
            kind=ActivityKind.APPLY, description="Apply", due_on=dt.date(2020, 1, 2), actor=Actor.JOBSEEKER
        ),
    ]
    yield [
        SimpleNamespace(
            kind=kind, description=f"Row {n}", due_on=dt.date(2027, 1, n + 1), actor=Actor.JOBSEEKER
        )
        for n, kind in enumerate([*ActivityKind, *ActivityKind])
    ]


def _submissions():
    yield {"goal": "Work"}  # nothing but the goal: every row's fields missing
    yield {
        "goal": "",
        "activities-0-kind": "training",
        "activities-0-description": "Do <i>'\"&",
        "activities-0-due_on": "",
        "activities-0-actor": "counsellor",
        "activities-1-kind": "bogus <x>",
        "activities-1-description": "Fine",
        "activities-1-due_on": "2027-02-30",
        "activities-1-actor": "nobody",
        "activities-2-kind": "meeting",
        "activities-2-description": "",
        "activities-2-due_on": "2027-01-05",
        "activities-2-actor": "counsellor",
        "activities-3-kind": "documents",
        "activities-3-description": "Papers",
        "activities-3-due_on": "2027-01-05",
        "activities-3-actor": "jobseeker",
    }


@pytest.mark.parametrize("language", ["en", "et"])
def test_the_rows_are_what_the_template_wrote(app, language):
    with app.test_request_context(headers={"Accept-Language": language}):
        for activities in _activities():
            rows = [
                {
                    "kind": a.kind.value,
                    "description": a.description,
                    "due_on": a.due_on,
                    "actor": a.actor.value,
                }
                for a in activities
            ]
            rows += [{"kind": ActivityKind.APPLY.value, "actor": Actor.JOBSEEKER.value}] * (ROWS - len(rows))
            form = PlanForm(formdata=None, goal="", activities=rows[:ROWS], meta={"csrf": False})
            old = render_template_string(OLD, form=form, row_options=old_row_options)
            assert (
                render_template_string(
                    "{{ rows }}", rows=plan_rows.rows_markup(plan_rows.prefilled(activities))
                )
                == old
            )
        for submission in _submissions():
            form = PlanForm(formdata=MultiDict(submission), meta={"csrf": False})
            assert not form.validate()
            old = render_template_string(OLD, form=form, row_options=old_row_options)
            new = plan_rows.rows_markup(plan_rows.submitted(form.activities))
            assert render_template_string("{{ rows }}", rows=new) == old
            assert "govuk-error-message" in old or submission == {"goal": "Work"}
