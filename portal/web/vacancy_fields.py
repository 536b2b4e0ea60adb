"""The vacancy form's fields, shared by the employer's page and the counsellor's registration on an
employer's behalf (the Jinja global `field_vacancy_fields`). The occupation search is the
registration's widget: a GET fragment with htmx, the "Search" button without JavaScript.

Written by a function, not the Jinja macro `vacancy_fields` of `templates/vacancies/_form.html` it
replaced: the macro called the field components (`web.field_components`) through Jinja's `call`
thirty-odd times, looked `form.x.y` up through the environment's `getattr` ~80 times and escaped
~50 values one by one, and its template imported seven component templates at every render: about
a tenth of the employer's form page besides the fields' own markup. This writes the same markup,
byte for byte (`tests/unit/test_vacancy_fields.py` renders the macro and compares): the same
component functions with the same arguments, the macro's own markup around them. The texts that are
the same for every form (hints, the occupation search's labels and button, the languages' legend)
are kept per catalog, profile and search URL: none of a vacancy's data is kept."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from portal.catalog import template_text
from portal.field_parts import field_describedby, field_error_message, field_hint
from portal.i18n import current_translations
from portal.profiles import current_profile
from portal.web.field_components import _esc, checkboxes, date_input, radios, select, text_input

_S_LEGEND = "govuk-fieldset__legend govuk-fieldset__legend--s"
_S_LABEL = "govuk-label govuk-label--s"

# (catalog, profile, search URL) -> the texts and markup of `_texts`; full, it starts again.
_TEXTS: dict[tuple[Any, ...], dict[str, Any]] = {}
_TEXTS_KEPT = 64


def _button(text: Markup) -> str:
    """`components/button.html`'s secondary "action=search" button, as the macro wrote it."""
    return (
        '<button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button"'
        f' data-prevent-double-click="true" name="action" value="search">{_esc(text)}</button>\n'
    )


def _texts(form: Any, search_url: Any) -> dict[str, Any]:
    """What the macro wrote the same for every form of this language, profile and search URL."""
    profile = current_profile()
    key = (current_translations(), profile.code, str(search_url), form.q.id)
    found = _TEXTS.get(key)
    if found is not None:
        return found
    q_id = _esc(form.q.id)
    currency = profile.vacancies.currency
    # Each text translated outside the f-strings, so that `make translations` finds it here.
    example = template_text("For example: cook, accountant, driver")
    search = template_text("Search")
    no_match = template_text("No occupations match. Try another word.")
    languages = template_text("Languages required (optional)")
    found = {
        "occupation_hint": template_text("The ISCO-08 occupation of the job. Search to choose another."),
        # Around the search input's value: its label, hint, the input's attributes.
        "search_head": (
            f'  <label class="govuk-label" for="{q_id}">{_esc(form.q.label.text)}</label>\n'
            f'  <div id="{q_id}-hint" class="govuk-hint">{_esc(example)}</div>\n'
            f'  <input class="govuk-input govuk-input--width-20" id="{q_id}" name="{_esc(form.q.name)}"'
            ' type="search" value="'
        ),
        "search_tail": (
            f'" aria-describedby="{q_id}-hint" autocomplete="off"\n'
            f'    hx-get="{_esc(search_url)}" hx-trigger="input changed delay:300ms, search"'
            ' hx-target="#occupation-results" hx-swap="innerHTML">\n'
            f"  {_button(search)}\n"
            '  <div id="occupation-results">\n'
        ),
        "no_match": f'<p class="govuk-body">{_esc(no_match)}</p>',
        "place_hint": template_text("Not needed for remote work."),
        "contract_end_hint": template_text("Only for a fixed-term contract. For example, 31 8 2027"),
        "wage_hint": template_text("In %(currency)s, gross, as a whole number", currency=currency),
        "languages_open": (
            f'<fieldset class="govuk-fieldset">\n  <legend class="{_S_LEGEND}">{_esc(languages)}</legend>\n'
        ),
        "start_hint": template_text("Leave empty for as soon as possible. For example, 1 2 2027"),
        "deadline_hint": template_text(
            "At most %(months)d months from today. For example, 31 1 2027",
            months=profile.vacancies.deadline_months,
        ),
        "apply_hint": template_text("Only for applications by e-mail or on your website."),
    }
    if len(_TEXTS) >= _TEXTS_KEPT:
        _TEXTS.clear()
    _TEXTS[key] = found
    return found


def _description(field: Any) -> str:
    """The description's group and textarea (rows 12), as the macro wrote them."""
    field_id = _esc(field.id)
    errors = field.errors
    return "".join(
        (
            '<div class="govuk-form-group govuk-form-group--error">\n'
            if errors
            else '<div class="govuk-form-group">\n',
            f'  <label class="{_S_LABEL}" for="{field_id}">{_esc(field.label.text)}</label>\n  ',
            field_hint(field, None),
            "\n  ",
            field_error_message(field),
            '\n  <textarea class="govuk-textarea govuk-textarea--error"'
            if errors
            else '\n  <textarea class="govuk-textarea"',
            f' id="{field_id}" name="{_esc(field.name)}" rows="12"',
            field_describedby(field, None),
            ">",
            _esc(field.data or ""),
            "</textarea>\n</div>\n",
        )
    )


def vacancy_fields(form: Any, search_url: Any, results: Any, searched: Any) -> Markup:
    """The vacancy form's fields, as the macro `vacancy_fields` wrote them."""
    texts = _texts(form, search_url)
    version, occupation = form.version, form.occupation
    parts = [
        f'<input id="{_esc(version.id)}" name="{_esc(version.name)}" type="hidden"'
        f' value="{_esc(version._value())}">\n',
        text_input(form.title, classes="govuk-!-width-full", label_class=_S_LABEL),
        "\n\n",
        '<div class="govuk-form-group govuk-form-group--error" id="occupation-group">\n'
        if occupation.errors
        else '<div class="govuk-form-group" id="occupation-group">\n',
    ]
    if occupation.choices:
        parts += (
            "    ",
            radios(occupation, hint_text=texts["occupation_hint"], legend_class=_S_LEGEND),
            "\n",
        )
    else:
        parts += (
            f'    <h2 class="govuk-heading-s" id="{_esc(occupation.id)}">{_esc(occupation.label.text)}</h2>\n',
            "    ",
            field_error_message(occupation),
            "\n",
        )
    parts += (
        texts["search_head"],
        _esc(form.q.data or ""),
        texts["search_tail"],
        texts["no_match"] if searched and not results else "",
        "  </div>\n</div>\n\n",
        _description(form.description),
        "\n",
        radios(form.remote, legend_class=_S_LEGEND),
        "\n",
        select(form.place_1, hint_text=texts["place_hint"]),
        "\n",
        select(form.place_2),
        "\n",
        select(form.place_3),
        "\n",
        radios(form.working_time, legend_class=_S_LEGEND),
        "\n",
        radios(form.contract, legend_class=_S_LEGEND),
        "\n",
        date_input(form.contract_end, hint_text=texts["contract_end_hint"], legend_class=_S_LEGEND),
        "\n",
    )
    for field in (form.wage_min, form.wage_max):
        parts += (
            text_input(
                field,
                hint_text=texts["wage_hint"],
                classes="govuk-input--width-10",
                inputmode="numeric",
                label_class=_S_LABEL,
            ),
            "\n",
        )
    parts += (select(form.education_level), "\n", texts["languages_open"])
    for code_field, level_field in (
        (form.language_1, form.level_1),
        (form.language_2, form.level_2),
        (form.language_3, form.level_3),
    ):
        parts += ("  ", select(code_field), "\n  ", select(level_field), "\n")
    parts += (
        "</fieldset>\n",
        checkboxes(form.driving_licence, legend_class=_S_LEGEND),
        "\n",
        text_input(
            form.experience_years, classes="govuk-input--width-2", inputmode="numeric", label_class=_S_LABEL
        ),
        "\n",
        text_input(form.positions, classes="govuk-input--width-3", inputmode="numeric", label_class=_S_LABEL),
        "\n",
        date_input(form.start_date, hint_text=texts["start_hint"], legend_class=_S_LEGEND),
        "\n",
        date_input(form.deadline, hint_text=texts["deadline_hint"], legend_class=_S_LEGEND),
        "\n",
        radios(form.apply_method, legend_class=_S_LEGEND),
        "\n",
        text_input(form.apply_address, hint_text=texts["apply_hint"], classes="govuk-!-width-two-thirds"),
        "\n",
        text_input(form.contact_name, classes="govuk-!-width-two-thirds", autocomplete="name"),
        "\n",
        text_input(
            form.contact_email,
            classes="govuk-!-width-two-thirds",
            type="email",
            autocomplete="email",
            spellcheck=False,
        ),
        "\n",
        text_input(form.contact_phone, classes="govuk-input--width-20", type="tel", autocomplete="tel"),
        "\n",
    )
    return Markup("".join(parts))  # noqa: S704 - every value escaped above or by the components
