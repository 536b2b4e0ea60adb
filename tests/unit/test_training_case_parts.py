"""A training request's case page writes the training's facts by a function
(`training_case_parts.training_details`): what including `public/trainings/_details.html` wrote, byte
for byte, in the page's place (`place` none), in English, Estonian and Albanian: with and without a
place, remote or not, with an occupation or only its code or neither, a certificate or none, and
values to escape."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from flask import render_template_string

from portal.web.backoffice.training_case_parts import training_details

# The case page's lines as they were (templates/backoffice/training_requests/case.html).
OLD = """    <h2 class="govuk-heading-m">{{ training.title }}</h2>
    {% set place = none %}
    {% include "public/trainings/_details.html" %}
    <h2 class="govuk-heading-m">next</h2>
"""
NEW = """    <h2 class="govuk-heading-m">{{ training.title }}</h2>
{{ details }}
    <h2 class="govuk-heading-m">next</h2>
"""


def _training(**changes) -> SimpleNamespace:
    values = {
        "title": "Welding",
        "provider_name": "Tallinn <Vocational> & Co",
        "starts_on": dt.date(2027, 2, 1),
        "ends_on": dt.date(2027, 4, 30),
        "hours": 320,
        "municipality_code": "0784",
        "remote": False,
        "language": "et",
        "isco_code": "7212",
        "certificate": 'Welder, "level 3"',
        "seats_total": 10,
        "seats_free": 3,
    }
    return SimpleNamespace(**{**values, **changes})


CASES = [
    (_training(), SimpleNamespace(title="Welders & flame cutters")),
    (_training(remote=True), None),
    (_training(municipality_code=None, remote=True, isco_code=None, certificate=""), None),
    (_training(municipality_code="<07>", remote=True, language="en", seats_free=0), None),
    (_training(municipality_code="", remote=False, isco_code="", language="sq"), SimpleNamespace(title="")),
]


@pytest.mark.parametrize("language", ["en", "et", "sq"])
def test_the_details_are_what_the_include_wrote(app, language):
    with app.test_request_context(headers={"Accept-Language": language}):
        for training, occupation in CASES:
            old = render_template_string(OLD, training=training, occupation=occupation)
            new = render_template_string(
                NEW, training=training, details=training_details(training, occupation)
            )
            assert new == old
