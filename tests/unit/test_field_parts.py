"""components/_field_parts.html's functions write what its macros wrote, byte for byte."""

from types import SimpleNamespace

import pytest
from flask import render_template_string
from markupsafe import Markup

from portal.catalog import lazy_gettext as _l

# The macros as they were (components/_field_parts.html before they became functions).
MACROS = """
{% macro hint(field, text) %}
{% set text = text or field.description %}
{% if text %}<div id="{{ field.id }}-hint" class="govuk-hint">{{ text }}</div>{% endif %}
{% endmacro %}

{% macro error_message(field) %}
{% if field.errors %}
<p id="{{ field.id }}-error" class="govuk-error-message">
  <span class="govuk-visually-hidden">{{ _("Error:") }}</span> {{ field.errors | first }}
</p>
{% endif %}
{% endmacro %}

{% macro describedby(field, text) -%}
{% set ids = [] %}
{% if text or field.description %}{% set _ = ids.append(field.id ~ "-hint") %}{% endif %}
{% if field.errors %}{% set _ = ids.append(field.id ~ "-error") %}{% endif %}
{% if ids %} aria-describedby="{{ ids | join(' ') }}"{% endif %}
{%- endmacro %}
"""
CALLS = """
[{{ hint(field) }}][{{ hint(field, text) }}][{{ hint(field, none) }}]
[{{ error_message(field) }}]
<input{{ describedby(field) }}><input{{ describedby(field, text) }}><input{{ describedby(field, none) }}>
"""

FIELDS = [
    SimpleNamespace(id="plain", description="", errors=[]),
    SimpleNamespace(id="described", description="Write <b>it</b> & more", errors=[]),
    SimpleNamespace(
        id="lazy", description=_l("Choose language"), errors=["Enter a <value> & more", "second"]
    ),
    SimpleNamespace(id='odd"<id>', description="", errors=[_l("Choose language")]),
    SimpleNamespace(id="markup", description=Markup("<i>kept</i>"), errors=[Markup("<b>bold</b>")]),
    SimpleNamespace(id="errors", description=None, errors=("only",)),
]
TEXTS = [None, "", "Hint & <text>", _l("Choose language"), Markup("<em>given</em>")]


@pytest.mark.parametrize("language", ["en", "et", "sq"])
def test_the_functions_write_what_the_macros_wrote(app, language):
    with app.test_request_context(headers={"Accept-Language": language}):
        for field in FIELDS:
            for text in TEXTS:
                old = render_template_string(MACROS + CALLS, field=field, text=text)
                new = render_template_string(
                    '{% from "components/_field_parts.html" import hint, error_message, describedby %}'
                    + CALLS,
                    field=field,
                    text=text,
                )
                assert new.lstrip() == old.lstrip()  # (the macros' own blank lines before)


def test_a_real_form_field(app):
    from wtforms import Form, StringField
    from wtforms.validators import InputRequired

    class OneField(Form):
        name = StringField("Name", description="Your name", validators=[InputRequired("Enter your name")])

    form = OneField()
    form.validate()
    with app.test_request_context(headers={"Accept-Language": "et"}):
        old = render_template_string(MACROS + CALLS, field=form.name, text=None)
        new = render_template_string(
            '{% from "components/_field_parts.html" import hint, error_message, describedby %}' + CALLS,
            field=form.name,
            text=None,
        )
    assert new.lstrip() == old.lstrip()  # (the macros' own blank lines before)
    assert 'aria-describedby="name-hint name-error"' in new
