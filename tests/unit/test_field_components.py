"""The form-field components written by functions (`portal.web.field_components`) write what the
Jinja macros they replaced wrote, byte for byte, for fields with and without errors, hints, values
to escape, lazy and Markup labels and every argument the macros took."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import render_template_string
from markupsafe import Markup
from wtforms import Form, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from portal.catalog import lazy_gettext as _l
from portal.web.fields import DateInputField
from portal.web.select_options import cached_choices
from portal.web.vacancy_form import Radios

# The macros as they were (templates/components/*.html before they became functions).
MACROS = (
    '{% from "components/_field_parts.html" import hint, error_message, describedby %}\n'
    + r"""
{% macro text_input(field, hint_text=none, classes="", type="text", autocomplete=none, inputmode=none, spellcheck=none, label_class="govuk-label") %}
<div class="govuk-form-group{% if field.errors %} govuk-form-group--error{% endif %}">
  <label class="{{ label_class }}" for="{{ field.id }}">{{ field.label.text }}</label>
  {{ hint(field, hint_text) }}
  {{ error_message(field) }}
  <input class="govuk-input{% if classes %} {{ classes }}{% endif %}{% if field.errors %} govuk-input--error{% endif %}" id="{{ field.id }}" name="{{ field.name }}" type="{{ type }}" value="{{ field._value() if field._value is defined else (field.data or '') }}"
    {%- if autocomplete %} autocomplete="{{ autocomplete }}"{% endif %}
    {%- if inputmode %} inputmode="{{ inputmode }}"{% endif %}
    {%- if spellcheck is not none %} spellcheck="{{ 'true' if spellcheck else 'false' }}"{% endif %}
    {{- describedby(field, hint_text) }}>
</div>
{% endmacro %}
{% macro textarea(field, rows=5, maxlength=none, label_class="govuk-label govuk-label--s") %}
<div class="govuk-form-group{% if field.errors %} govuk-form-group--error{% endif %}">
  <label class="{{ label_class }}" for="{{ field.id }}">{{ field.label.text }}</label>
  {{ hint(field) }}
  {{ error_message(field) }}
  <textarea class="govuk-textarea{% if field.errors %} govuk-textarea--error{% endif %}" id="{{ field.id }}" name="{{ field.name }}" rows="{{ rows }}"{% if maxlength %} maxlength="{{ maxlength }}"{% endif %}{{ describedby(field) }}>{{ field.data or "" }}</textarea>
</div>
{% endmacro %}
{% macro select(field, hint_text=none) %}
<div class="govuk-form-group{% if field.errors %} govuk-form-group--error{% endif %}">
  <label class="govuk-label" for="{{ field.id }}">{{ field.label.text }}</label>
  {{ hint(field, hint_text) }}
  {{ error_message(field) }}
  <select class="govuk-select{% if field.errors %} govuk-select--error{% endif %}" id="{{ field.id }}" name="{{ field.name }}"{{ describedby(field, hint_text) }}>
    {% set cached = select_options(field) %}
    {% if cached is not none %}
    {{ cached }}
    {% else %}
    {% for value, label, selected, _attrs in field.iter_choices() %}
    <option value="{{ value }}"{% if selected %} selected{% endif %}>{{ label }}</option>
    {% endfor %}
    {% endif %}
  </select>
</div>
{% endmacro %}
{% macro radios(field, hint_text=none, inline=false, legend_class="govuk-fieldset__legend govuk-fieldset__legend--m") %}
<div class="govuk-form-group{% if field.errors %} govuk-form-group--error{% endif %}">
  <fieldset class="govuk-fieldset"{{ describedby(field, hint_text) }}>
    <legend class="{{ legend_class }}">{{ field.label.text }}</legend>
    {{ hint(field, hint_text) }}
    {{ error_message(field) }}
    <div class="govuk-radios{% if inline %} govuk-radios--inline{% endif %}" data-module="govuk-radios">
      {% for option in field %}
      <div class="govuk-radios__item">
        <input class="govuk-radios__input" id="{{ field.id if loop.first else option.id }}" name="{{ field.name }}" type="radio" value="{{ option.data }}"{% if option.checked %} checked{% endif %}>
        <label class="govuk-label govuk-radios__label" for="{{ field.id if loop.first else option.id }}">{{ option.label.text }}</label>
      </div>
      {% endfor %}
    </div>
  </fieldset>
</div>
{% endmacro %}
{% macro checkboxes(field, hint_text=none, legend_class="govuk-fieldset__legend govuk-fieldset__legend--m", item_hints={}) %}
<div class="govuk-form-group{% if field.errors %} govuk-form-group--error{% endif %}">
  <fieldset class="govuk-fieldset"{{ describedby(field, hint_text) }}>
    <legend class="{{ legend_class }}">{{ field.label.text }}</legend>
    {{ hint(field, hint_text) }}
    {{ error_message(field) }}
    <div class="govuk-checkboxes" data-module="govuk-checkboxes">
      {% for value, label, selected, _attrs in field.iter_choices() %}
      {% set option_id = field.id if loop.first else field.id ~ "-" ~ loop.index %}
      <div class="govuk-checkboxes__item">
        {% set item_hint = item_hints.get(value) %}
        <input class="govuk-checkboxes__input" id="{{ option_id }}" name="{{ field.name }}" type="checkbox" value="{{ value }}"{% if selected %} checked{% endif %}{% if item_hint %} aria-describedby="{{ option_id }}-item-hint"{% endif %}>
        <label class="govuk-label govuk-checkboxes__label" for="{{ option_id }}">{{ label }}</label>
        {% if item_hint %}<div id="{{ option_id }}-item-hint" class="govuk-hint govuk-checkboxes__hint">{{ item_hint }}</div>{% endif %}
      </div>
      {% endfor %}
    </div>
  </fieldset>
</div>
{% endmacro %}
{% macro date_input(field, hint_text=none, legend_class="govuk-fieldset__legend govuk-fieldset__legend--m") %}
{% set parts = field.parts() %}
<div class="govuk-form-group{% if field.errors %} govuk-form-group--error{% endif %}">
  <fieldset class="govuk-fieldset" role="group"{{ describedby(field, hint_text) }}>
    <legend class="{{ legend_class }}">{{ field.label.text }}</legend>
    {{ hint(field, hint_text) }}
    {{ error_message(field) }}
    <div class="govuk-date-input" id="{{ field.id }}">
      {% for part in parts %}
      <div class="govuk-date-input__item">
        <div class="govuk-form-group">
          <label class="govuk-label govuk-date-input__label" for="{{ part.id }}">{{ part.label }}</label>
          <input class="govuk-input govuk-date-input__input govuk-input--width-{{ part.width }}{% if field.errors %} govuk-input--error{% endif %}" id="{{ part.id }}" name="{{ part.name }}" type="text" inputmode="numeric" value="{{ part.value }}"{% if part.autocomplete %} autocomplete="{{ part.autocomplete }}"{% endif %}>
        </div>
      </div>
      {% endfor %}
    </div>
  </fieldset>
</div>
{% endmacro %}
"""
)


class Fields(Form):
    title = StringField(_l("Job title"), description="A <b>hint</b> & more")
    plain = StringField("Plain & <label>")
    required = StringField(Markup("<i>Marked</i>"), validators=[InputRequired('Enter <it> & "now"')])
    text = TextAreaField(_l("Description of the job"), validators=[InputRequired(_l("Choose language"))])
    place = SelectField("Place", choices=[], validate_choice=False)
    kind = RadioField(
        "Kind",
        choices=[
            SelectChoice("a", "First & <one>"),
            SelectChoice("b", _l("Job title")),
            SelectChoice("c&", "Third"),
        ],
        validators=[InputRequired()],
    )
    fast = Radios("Fast", choices=[SelectChoice("x", "X <x>"), SelectChoice("y", Markup("<b>Y</b>"))])
    licences = SelectMultipleField(
        "Licences",
        choices=[SelectChoice("A", "A"), SelectChoice("B", "B & <b>"), SelectChoice("C1", _l("Job title"))],
    )
    starts = DateInputField(_l("Start date (optional)"), description="For example, 1 2 2027")
    born = DateInputField("Born", autocomplete_prefix="bday")


def _choices():
    yield SelectChoice("", "Select a municipality")
    yield SelectChoice("0784", "Tallinn")
    yield SelectChoice("0795", 'Tartu & "<vald>"')


def _forms():
    empty = Fields()
    filled = Fields(
        data={
            "title": 'Cook "<chef>" & more',
            "plain": "x",
            "text": "<p>Text</p>",
            "place": "0795",
            "kind": "b",
            "fast": "y",
            "licences": ["B", "C1"],
            "starts": dt.date(2027, 2, 1),
            "born": dt.date(1980, 12, 31),
        }
    )
    failed = Fields(data={"place": "nowhere", "kind": "zz", "licences": ["Z"]})
    failed.validate()
    failed.starts.errors = ["Enter a real date"]
    failed.title.errors = [Markup("<b>bold</b>")]
    for form in (empty, filled, failed):
        form.place.choices = list(_choices())
    cached = Fields(data={"place": "0784"})
    cached.place.choices = cached_choices(("test field components", "en"), _choices)
    return [empty, filled, failed, cached]


CALLS = """
{{ text_input(form.title) }}|{{ text_input(form.plain, "Hint <b>", classes="govuk-!-width-full", type="email",
autocomplete="email", inputmode="numeric", spellcheck=false, label_class="govuk-label govuk-label--s") }}|
{{ text_input(form.required, hint_text=given, spellcheck=true) }}|{{ text_input(form.text, autocomplete=none) }}|
{{ textarea(form.text) }}|{{ textarea(form.title, rows=12, maxlength=4000, label_class="x<y") }}|
{{ textarea(form.required, 3, none) }}|
{{ select(form.place) }}|{{ select(form.place, given) }}|{{ select(form.place, hint_text="Not <needed>") }}|
{{ radios(form.kind) }}|{{ radios(form.kind, given, true, "legend") }}|{{ radios(form.fast, inline=true) }}|
{{ radios(form.fast, hint_text=given, legend_class="a&b") }}|
{{ checkboxes(form.licences) }}|{{ checkboxes(form.licences, given, "legend", {"B": "Lorries <b>", "C1": given}) }}|
{{ checkboxes(form.licences, item_hints={"A": ""}) }}|
{{ date_input(form.starts) }}|{{ date_input(form.born, given, "legend") }}|
{{ date_input(form.starts, hint_text="For example, 31 8 2027", legend_class="govuk-fieldset__legend") }}
"""
IMPORTS = "".join(
    f'{{% from "components/{name}.html" import {name} %}}'
    for name in ("text_input", "textarea", "select", "radios", "checkboxes", "date_input")
)


@pytest.mark.parametrize("language", ["en", "et"])
@pytest.mark.parametrize(
    "given", [None, "", "Hint & <text>", _l("Choose language"), Markup("<em>given</em>")]
)
def test_the_functions_write_what_the_macros_wrote(app, language, given):
    with app.test_request_context(headers={"Accept-Language": language}):
        for form in _forms():
            old = render_template_string(MACROS + CALLS, form=form, given=given)
            new = render_template_string(IMPORTS + CALLS, form=form, given=given)
            assert new.lstrip() == old.lstrip()  # (the macros' own blank lines before)


def test_the_components_are_the_functions(app):
    from portal.web import field_components

    with app.app_context():
        module = app.jinja_env.get_template("components/radios.html").module
    assert module.radios is field_components.radios


def test_frames_are_kept_per_language_and_filled_with_each_forms_values(app):
    """A field's markup without errors is made once per id, label, hint and arguments (the
    language's text in the key) and filled with each form's values: English, Estonian and English
    again write what the macros write, and the second English pass makes no new frame."""
    from portal.web import field_components

    field_components._FRAMES.clear()
    kept = []
    for language in ("en", "et", "en"):
        with app.test_request_context(headers={"Accept-Language": language}):
            for form in _forms():
                old = render_template_string(MACROS + CALLS, form=form, given="Hint & <text>")
                new = render_template_string(IMPORTS + CALLS, form=form, given="Hint & <text>")
                assert new.lstrip() == old.lstrip()
        kept.append(len(field_components._FRAMES))
    assert kept[0] > 0
    assert kept[1] > kept[0]  # Estonian labels: frames of their own
    assert kept[2] == kept[1]  # English again: the frames made before
