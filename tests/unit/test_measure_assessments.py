"""The measures of a training request's case written by `measure_assessments`, and the answer's
kept fields (`training_forms.answer_fields`), are what the template wrote, byte for byte: no
measures, a measure without a rule, and rules met, met with priority, not known and not met, with
values to escape, in English and Estonian."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import render_template_string

from portal.services.eligibility import Assessment, Check, Criterion, MeasureAssessment
from portal.web.backoffice.measure_assessments import measures_markup
from portal.web.backoffice.training_forms import AnswerRequestForm, answer_fields

# The loop as it was (templates/backoffice/training_requests/case.html).
OLD = """{% from "components/tag.html" import tag %}
    {% for item in assessed %}
    {% set assessment = item.assessment %}
    <h3 class="govuk-heading-s">{{ item.measure.title }}
      {% if assessment is none %}{{ tag(_("No such rule in this country's profile"), "red") }}
      {% elif assessment.eligible %}{{ tag(_("Meets the rule"), "green") }}{% if assessment.priority %} {{ tag(_("Priority: receives social assistance"), "purple") }}{% endif %}
      {% elif assessment.unknown %}{{ tag(_("Not known yet"), "yellow") }}
      {% else %}{{ tag(_("Does not meet the rule"), "grey") }}{% endif %}
    </h3>
    {% if assessment %}
    <ul class="govuk-list govuk-list--bullet govuk-!-font-size-16">
      {% for check in assessment.checks %}
      <li>
        {{ labels.ELIGIBILITY_CRITERIA[check.criterion] }}:
        {% if check.met is none %}{{ _("not known") }}{% elif check.met %}{{ _("met") }}{% else %}{{ _("not met") }}{% endif %}
        ({{ _("the rule asks %(required)s; the person: %(actual)s", required=check.required, actual=check.actual if check.actual is not none else _("not known")) }})
      </li>
      {% endfor %}
    </ul>
    {% endif %}
    {% else %}
    <p class="govuk-body">{{ _("No measures are offered now.") }}</p>
    {% endfor %}
"""


def _measure(title: str) -> SimpleNamespace:
    return SimpleNamespace(title=title)


def _assessed():
    met = Check(Criterion.AGE, True, "16-64", "46")
    not_met = Check(Criterion.UNEMPLOYMENT, False, "12", "0")
    unknown = Check(Criterion.RISK_LEVEL, None, "medium, high", None)
    odd = Check(Criterion.SOCIAL_ASSISTANCE, True, '<yes> & "no"', "'x' & <y>")
    yield []
    yield [
        MeasureAssessment(_measure("No rule <b>&</b>"), None),
        MeasureAssessment(_measure("Met"), Assessment("a", (met, odd), False)),
        MeasureAssessment(_measure("Priority"), Assessment("b", (met,), True)),
        MeasureAssessment(_measure("Unknown"), Assessment("c", (met, unknown), False)),
        MeasureAssessment(_measure('Not met "x"'), Assessment("d", (met, not_met, unknown), False)),
        MeasureAssessment(_measure("No checks"), Assessment("e", (), False)),
    ]


@pytest.mark.parametrize("language", ["en", "et", "sq"])
def test_the_measures_are_what_the_template_wrote(app, language):
    with app.test_request_context(headers={"Accept-Language": language}):
        for assessed in _assessed():
            old = render_template_string(OLD, assessed=assessed)
            assert render_template_string("{{ measures }}", measures=measures_markup(assessed)) == old


# The answer's fields as the template wrote them with the form (templates/backoffice/training_requests/case.html).
OLD_ANSWER = """{% from "components/radios.html" import radios %}
{% from "components/textarea.html" import textarea %}
      {{ radios(form.outcome, legend_class="govuk-fieldset__legend govuk-fieldset__legend--s") }}
      {{ textarea(form.reason, rows=6, maxlength=4000) }}
"""


@pytest.mark.parametrize("language", ["en", "et"])
def test_the_kept_answer_fields_are_what_the_template_wrote(app, language):
    with app.test_request_context(headers={"Accept-Language": language}):
        old = render_template_string(OLD_ANSWER, form=AnswerRequestForm(formdata=None))
        for _ in range(2):  # written, then kept
            assert render_template_string("      {{ fields }}\n", fields=answer_fields()) == old
