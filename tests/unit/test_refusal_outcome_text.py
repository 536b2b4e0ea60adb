"""The refusal review's outcome texts written by a function (`web/backoffice/refusal_outcome.py`)
are what the macro `backoffice/offers/_outcome.html` wrote, byte for byte: every step of both
countries' rules, valid and not, a beneficiary or not, in English, Estonian and Albanian, and a
legal basis with characters to escape."""

from __future__ import annotations

import itertools

import pytest
from flask import render_template_string

from portal.profiles.refusals import ESTONIA_REFUSALS, KOSOVO_REFUSALS, RefusalStep
from portal.services.refusal_rules import Outcome
from portal.web.backoffice.refusal_outcome import outcome_text

OLD_MACRO = r"""{% macro outcome_text(outcome) %}
{{ labels.CONSEQUENCES[outcome.consequence] }}
{%- if outcome.breach_number %} ({{ _("breach number %(num)d", num=outcome.breach_number) }}){% endif %}
{%- if outcome.needs_decision %}; {{ _("a decision with appeal rights is issued") }}{% endif %}
{%- if outcome.sas_recommendation %}; {{ _("reported to the social assistance scheme with the recommendation %(code)s", code=outcome.sas_recommendation.value) }}{% endif %}
{%- if outcome.step.legal_basis %}. {{ _("Legal basis: %(basis)s", basis=outcome.step.legal_basis) }}{% endif %}
{% endmacro %}
{{ outcome_text(outcome) }}"""

_ESCAPED = RefusalStep(
    ESTONIA_REFUSALS.ladder[0].consequence, 'TTKS § 10 <lg 1> & "p 3"', needs_decision=True
)
STEPS = [
    *ESTONIA_REFUSALS.ladder,
    ESTONIA_REFUSALS.valid_reason_step,
    *KOSOVO_REFUSALS.ladder,
    KOSOVO_REFUSALS.valid_reason_step,
    _ESCAPED,
]


@pytest.mark.parametrize("language", ["en", "et", "sq"])
def test_the_texts_are_the_macro_s(app, language):
    with app.test_request_context("/", headers={"Accept-Language": language}):
        for step, beneficiary, breach in itertools.product(STEPS, (False, True), (None, 1, 3)):
            outcome = Outcome(valid=breach is None, breach_number=breach, step=step, beneficiary=beneficiary)
            assert outcome_text(outcome) == render_template_string(OLD_MACRO, outcome=outcome)
