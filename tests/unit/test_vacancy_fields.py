"""The vacancy form's fields written by a function (`portal.web.vacancy_fields`) write what the
Jinja macro it replaced wrote, byte for byte: a vacancy's form, an empty one, a POST with errors,
the occupation search with and without results, in English, Estonian and Albanian."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import render_template_string, request
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from portal.web import vacancy_form
from portal.web.vacancy_fields import vacancy_fields

# templates/vacancies/_form.html's macro as it was (the template is gone).
MACRO = r"""
{% from "components/button.html" import button %}
{% from "components/checkboxes.html" import checkboxes %}
{% from "components/radios.html" import radios %}
{% from "components/select.html" import select %}
{% from "components/text_input.html" import text_input %}
{% from "components/date_input.html" import date_input %}
{% from "components/_field_parts.html" import hint, error_message, describedby %}
{% macro vacancy_fields(form, search_url, results, searched) %}
<input id="{{ form.version.id }}" name="{{ form.version.name }}" type="hidden" value="{{ form.version._value() }}">
{{ text_input(form.title, classes="govuk-!-width-full", label_class="govuk-label govuk-label--s") }}

<div class="govuk-form-group{% if form.occupation.errors %} govuk-form-group--error{% endif %}" id="occupation-group">
  {% if form.occupation.choices %}
    {{ radios(form.occupation, hint_text=_("The ISCO-08 occupation of the job. Search to choose another."), legend_class="govuk-fieldset__legend govuk-fieldset__legend--s") }}
  {% else %}
    <h2 class="govuk-heading-s" id="{{ form.occupation.id }}">{{ form.occupation.label.text }}</h2>
    {{ error_message(form.occupation) }}
  {% endif %}
  <label class="govuk-label" for="{{ form.q.id }}">{{ form.q.label.text }}</label>
  <div id="{{ form.q.id }}-hint" class="govuk-hint">{{ _("For example: cook, accountant, driver") }}</div>
  <input class="govuk-input govuk-input--width-20" id="{{ form.q.id }}" name="{{ form.q.name }}" type="search" value="{{ form.q.data or '' }}" aria-describedby="{{ form.q.id }}-hint" autocomplete="off"
    hx-get="{{ search_url }}" hx-trigger="input changed delay:300ms, search" hx-target="#occupation-results" hx-swap="innerHTML">
  {{ button(_("Search"), secondary=true, name="action", value="search") }}
  <div id="occupation-results">
    {% if searched and not results %}<p class="govuk-body">{{ _("No occupations match. Try another word.") }}</p>{% endif %}
  </div>
</div>

<div class="govuk-form-group{% if form.description.errors %} govuk-form-group--error{% endif %}">
  <label class="govuk-label govuk-label--s" for="{{ form.description.id }}">{{ form.description.label.text }}</label>
  {{ hint(form.description, none) }}
  {{ error_message(form.description) }}
  <textarea class="govuk-textarea{% if form.description.errors %} govuk-textarea--error{% endif %}" id="{{ form.description.id }}" name="{{ form.description.name }}" rows="12"{{ describedby(form.description, none) }}>{{ form.description.data or "" }}</textarea>
</div>

{{ radios(form.remote, legend_class="govuk-fieldset__legend govuk-fieldset__legend--s") }}
{{ select(form.place_1, hint_text=_("Not needed for remote work.")) }}
{{ select(form.place_2) }}
{{ select(form.place_3) }}
{{ radios(form.working_time, legend_class="govuk-fieldset__legend govuk-fieldset__legend--s") }}
{{ radios(form.contract, legend_class="govuk-fieldset__legend govuk-fieldset__legend--s") }}
{{ date_input(form.contract_end, hint_text=_("Only for a fixed-term contract. For example, 31 8 2027"), legend_class="govuk-fieldset__legend govuk-fieldset__legend--s") }}
{{ text_input(form.wage_min, hint_text=_("In %(currency)s, gross, as a whole number", currency=profile().vacancies.currency), classes="govuk-input--width-10", inputmode="numeric", label_class="govuk-label govuk-label--s") }}
{{ text_input(form.wage_max, hint_text=_("In %(currency)s, gross, as a whole number", currency=profile().vacancies.currency), classes="govuk-input--width-10", inputmode="numeric", label_class="govuk-label govuk-label--s") }}
{{ select(form.education_level) }}
<fieldset class="govuk-fieldset">
  <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{{ _("Languages required (optional)") }}</legend>
  {% for code_field, level_field in [(form.language_1, form.level_1), (form.language_2, form.level_2), (form.language_3, form.level_3)] %}
  {{ select(code_field) }}
  {{ select(level_field) }}
  {% endfor %}
</fieldset>
{{ checkboxes(form.driving_licence, legend_class="govuk-fieldset__legend govuk-fieldset__legend--s") }}
{{ text_input(form.experience_years, classes="govuk-input--width-2", inputmode="numeric", label_class="govuk-label govuk-label--s") }}
{{ text_input(form.positions, classes="govuk-input--width-3", inputmode="numeric", label_class="govuk-label govuk-label--s") }}
{{ date_input(form.start_date, hint_text=_("Leave empty for as soon as possible. For example, 1 2 2027"), legend_class="govuk-fieldset__legend govuk-fieldset__legend--s") }}
{{ date_input(form.deadline, hint_text=_("At most %(months)d months from today. For example, 31 1 2027", months=profile().vacancies.deadline_months), legend_class="govuk-fieldset__legend govuk-fieldset__legend--s") }}
{{ radios(form.apply_method, legend_class="govuk-fieldset__legend govuk-fieldset__legend--s") }}
{{ text_input(form.apply_address, hint_text=_("Only for applications by e-mail or on your website."), classes="govuk-!-width-two-thirds") }}
{{ text_input(form.contact_name, classes="govuk-!-width-two-thirds", autocomplete="name") }}
{{ text_input(form.contact_email, classes="govuk-!-width-two-thirds", type="email", autocomplete="email", spellcheck=false) }}
{{ text_input(form.contact_phone, classes="govuk-input--width-20", type="tel", autocomplete="tel") }}
{% endmacro %}
"""
CALL = "{{ vacancy_fields(form, search_url, results, searched) }}"
SEARCH_URL = "/employer/vacancies/occupation-search?a=1&b=2"
FILLED = {
    "title": 'Cook <b> & "chef"',
    "occupation": "5120",
    "description": "<p>Cook & serve</p>",
    "remote": "hybrid",
    "place_1": "0784",
    "working_time": "full",
    "contract": "fixed_term",
    "contract_end": dt.date(2027, 8, 31),
    "wage_min": "1500",
    "wage_max": "2000",
    "education_level": "3",
    "language_1": "et",
    "level_1": "B2",
    "driving_licence": ["B", "C"],
    "experience_years": "2",
    "positions": "3",
    "deadline": dt.date(2027, 1, 31),
    "apply_method": "email",
    "apply_address": "jobs@example.com",
    "contact_name": "Mari <Maasikas>",
    "contact_email": "mari@example.com",
    "contact_phone": "+372 5123 4567",
    "version": 4,
}


def _forms():
    """(form, results, searched) in the states the pages show."""
    filled = vacancy_form.VacancyForm(data=FILLED)
    vacancy_form.prepare(filled, "en", [])
    empty = vacancy_form.VacancyForm()
    vacancy_form.prepare(empty, "en", [])
    invalid = vacancy_form.VacancyForm(
        formdata=MultiDict({"title": "", "wage_min": "x", "deadline-day": "40", "q": "cook & <b>"})
    )
    invalid.validate()
    vacancy_form.show_errors(invalid, {"places": "Select a place", "languages": "Select a level"})
    vacancy_form.prepare(invalid, "en", [])
    searched = vacancy_form.VacancyForm(formdata=MultiDict({"q": "kokk", "action": "search"}))
    searched.submit_action = "search"
    vacancy_form.prepare(searched, "en", ["5120", "9412"])
    nothing = vacancy_form.VacancyForm(formdata=MultiDict({"q": "zzz", "action": "search"}))
    vacancy_form.prepare(nothing, "en", [])
    return [
        (filled, [], False),
        (empty, [], False),
        (invalid, [], False),
        (searched, ["5120", "9412"], True),
        (nothing, [], True),
    ]


@pytest.mark.parametrize("language", ["en", "et", "sq"])
def test_the_function_writes_what_the_macro_wrote(app, language):
    with app.test_request_context("/", method="POST", headers={"Accept-Language": language}):
        assert request.method == "POST"
        for form, results, searched in _forms():
            values = {"form": form, "search_url": SEARCH_URL, "results": results, "searched": searched}
            expected = render_template_string(MACRO.lstrip("\n") + CALL, **values)
            written = vacancy_fields(form, SEARCH_URL, results, searched)
            assert isinstance(written, Markup)
            assert render_template_string(CALL, vacancy_fields=vacancy_fields, **values) == expected
            assert written == expected
