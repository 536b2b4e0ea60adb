"""The vacancy's summary list and history table written by functions (`portal.web.vacancy_view`)
write what the macros they replaced wrote, byte for byte, in English, Estonian and Albanian."""

from __future__ import annotations

import datetime as dt
from collections import namedtuple

import pytest
from flask import render_template_string

from portal.models.vacancy import ActorRole, VacancyState
from portal.web import vacancy_view

# vacancies/_details.html's history table as it was.
HISTORY_MACRO = r"""{% macro history_table(history) %}
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">{{ _("History") }}</caption>
  <thead class="govuk-table__head">
    <tr class="govuk-table__row">
      <th scope="col" class="govuk-table__header">{{ _("When") }}</th>
      <th scope="col" class="govuk-table__header">{{ _("Who") }}</th>
      <th scope="col" class="govuk-table__header">{{ _("Change") }}</th>
      <th scope="col" class="govuk-table__header">{{ _("Reason") }}</th>
    </tr>
  </thead>
  <tbody class="govuk-table__body">
    {% for row in history %}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell">{{ profile().local_date(row.at) | isodate }}</td>
      <td class="govuk-table__cell">{{ vacancy_labels.ACTOR_ROLES[row.actor_role.value] }}</td>
      <td class="govuk-table__cell">{% if row.from_state and row.from_state != row.to_state %}{{ vacancy_labels.STATES[row.from_state.value] }} → {% endif %}{{ vacancy_labels.STATES[row.to_state.value] }}</td>
      <td class="govuk-table__cell">{{ vacancy_labels.HISTORY_REASONS.get(row.reason, row.reason) if row.reason else "" }}</td>
    </tr>
    {% endfor %}
  </tbody>
</table>
{% endmacro %}
"""
Change = namedtuple("Change", "at actor_role from_state to_state reason")
AT = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)  # the next day in Tallinn
HISTORIES = [
    [],
    [Change(AT, ActorRole.EMPLOYER, None, VacancyState.DRAFT, None)],
    [
        Change(AT, ActorRole.EMPLOYER, None, VacancyState.DRAFT, None),
        Change(AT, ActorRole.EMPLOYER, VacancyState.DRAFT, VacancyState.SUBMITTED, ""),
        Change(AT, ActorRole.COUNSELLOR, VacancyState.SUBMITTED, VacancyState.DRAFT, 'Wage <b> & "low"'),
        Change(AT, ActorRole.COUNSELLOR, VacancyState.PUBLISHED, VacancyState.PUBLISHED, "edited"),
        Change(AT, ActorRole.EMPLOYER, VacancyState.PUBLISHED, VacancyState.CLOSED, "filled"),
        Change(AT, ActorRole.SYSTEM, VacancyState.PUBLISHED, VacancyState.CLOSED, "expired"),
    ],
]


@pytest.mark.parametrize("language", ["en", "et", "sq"])
def test_the_history_table_is_the_macro_s(app, language):
    with app.test_request_context("/", headers={"Accept-Language": language}):
        for history in HISTORIES:
            expected = render_template_string(
                HISTORY_MACRO.lstrip("\n") + "{{ history_table(history) }}", history=history
            )
            assert vacancy_view.history_table(history) == expected


class _Vacancy:
    """A vacancy as the summary reads it."""

    def __init__(self, **values):
        self.__dict__.update(values)


@pytest.mark.parametrize("language", ["en", "et", "sq"])
def test_the_summary_list_is_the_component_s(app, language):
    from portal.models.vacancy import ContractType, RemoteWork, VacancyWorkingTime

    vacancy = _Vacancy(
        occupation_code="5120",
        municipality_codes=["0784", "0079"],
        remote=list(RemoteWork)[-1],
        contract=ContractType.FIXED_TERM,
        contract_end=dt.date(2027, 8, 31),
        working_time=VacancyWorkingTime.PART,
        wage_min=1500,
        wage_max=2500,
        currency="EUR",
        positions=3,
        education_level=3,
        experience_years=2,
        languages=[],
        driving_licence="B,C <&>",
        start_date=None,
        deadline=dt.date(2027, 1, 31),
    )
    template = '{% from "components/summary_list.html" import summary_list %}{{ summary_list(rows) }}'
    with app.test_request_context("/", headers={"Accept-Language": language}):
        keys = [
            "Occupation",
            "Place of work",
            "Working time",
            "Contract",
            "Wage",
            "Positions",
            "Education required",
            "Experience required",
            "Languages",
            "Driving licence",
            "Start",
            "Apply by",
        ]
        translate = vacancy_view._
        rows = [
            {"key": translate(key), "value": str(value)}
            for key, value in zip(keys, vacancy_view._summary_values(vacancy), strict=True)
        ]
        assert vacancy_view.summary_list(vacancy) == render_template_string(template, rows=rows)
        assert "B,C &lt;&amp;&gt;" in vacancy_view.summary_list(vacancy)
