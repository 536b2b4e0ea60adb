"""The form-field components (`templates/components/`: text input, textarea, select, radios,
checkboxes, date input) written by functions, not Jinja macros.

A Jinja macro call binds its arguments through a frame of its own, looks every `field.x` up through
the environment's `getattr` and escapes each `{{ }}` on its own: a vacancy form's thirty fields cost
about a third of the page. These functions write the same markup, byte for byte, with the macros'
arguments and defaults (`tests/unit/test_field_components.py` renders the macros they replaced
and compares): each value escaped as Jinja's `{{ }}` escapes it (`escape`: a lazy label's text as
it is), the hint, error message and aria-describedby from `portal.templating`'s field functions,
the white space that the templates' `trim_blocks` and `lstrip_blocks` left. The component
templates export them under the macros' names, so `{% from "components/select.html" import select %}`
and every call stay as they were.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from portal.templating import field_describedby, field_error_message, field_hint
from portal.web.select_options import select_options


def _group(field: Any) -> str:
    """The opening `govuk-form-group` div, marked when the field has an error."""
    if field.errors:
        return '<div class="govuk-form-group govuk-form-group--error">\n'
    return '<div class="govuk-form-group">\n'


def _value(field: Any) -> Any:
    """What a text input shows: `field._value()` where the field has it, else its data or ''."""
    value = getattr(field, "_value", None)
    return value() if value is not None else (field.data or "")


def text_input(
    field: Any,
    hint_text: Any = None,
    classes: Any = "",
    type: Any = "text",  # the macro's argument name
    autocomplete: Any = None,
    inputmode: Any = None,
    spellcheck: Any = None,
    label_class: Any = "govuk-label",
) -> Markup:
    """A WTForms string field as a GOV.UK text input."""
    errors = field.errors
    field_id = escape(field.id)
    parts = [
        _group(field),
        f'  <label class="{escape(label_class)}" for="{field_id}">{escape(field.label.text)}</label>\n  ',
        field_hint(field, hint_text),
        "\n  ",
        field_error_message(field),
        '\n  <input class="govuk-input',
    ]
    if classes:
        parts += (" ", escape(classes))
    if errors:
        parts.append(" govuk-input--error")
    parts.append(
        f'" id="{field_id}" name="{escape(field.name)}" type="{escape(type)}" value="{escape(_value(field))}"'
    )
    if autocomplete:
        parts.append(f' autocomplete="{escape(autocomplete)}"')
    if inputmode:
        parts.append(f' inputmode="{escape(inputmode)}"')
    if spellcheck is not None:
        parts.append(' spellcheck="true"' if spellcheck else ' spellcheck="false"')
    parts += (field_describedby(field, hint_text), ">\n</div>\n")
    return Markup("".join(parts))  # noqa: S704 - every value escaped above


def textarea(
    field: Any, rows: Any = 5, maxlength: Any = None, label_class: Any = "govuk-label govuk-label--s"
) -> Markup:
    """A WTForms TextAreaField as a GOV.UK textarea."""
    field_id = escape(field.id)
    parts = [
        _group(field),
        f'  <label class="{escape(label_class)}" for="{field_id}">{escape(field.label.text)}</label>\n  ',
        field_hint(field),
        "\n  ",
        field_error_message(field),
        '\n  <textarea class="govuk-textarea govuk-textarea--error"'
        if field.errors
        else '\n  <textarea class="govuk-textarea"',
        f' id="{field_id}" name="{escape(field.name)}" rows="{escape(rows)}"',
    ]
    if maxlength:
        parts.append(f' maxlength="{escape(maxlength)}"')
    parts += (field_describedby(field), ">", escape(field.data or ""), "</textarea>\n</div>\n")
    return Markup("".join(parts))  # noqa: S704 - every value escaped above


def select(field: Any, hint_text: Any = None) -> Markup:
    """A WTForms SelectField as a GOV.UK select; a list from `cached_choices` as its options
    rendered once (`select_options`), any other list option by option."""
    field_id = escape(field.id)
    parts = [
        _group(field),
        f'  <label class="govuk-label" for="{field_id}">{escape(field.label.text)}</label>\n  ',
        field_hint(field, hint_text),
        "\n  ",
        field_error_message(field),
        '\n  <select class="govuk-select govuk-select--error"'
        if field.errors
        else '\n  <select class="govuk-select"',
        f' id="{field_id}" name="{escape(field.name)}"',
        field_describedby(field, hint_text),
        ">\n",
    ]
    cached = select_options(field)
    if cached is not None:
        parts += ("    ", escape(cached), "\n")
    else:
        for value, label, selected, _attrs in field.iter_choices():
            parts.append(
                f'    <option value="{escape(value)}"{" selected" if selected else ""}>{escape(label)}</option>\n'
            )
    parts.append("  </select>\n</div>\n")
    return Markup("".join(parts))  # noqa: S704 - every value escaped above


def _fieldset_start(field: Any, hint_text: Any, legend_class: Any, role: str = "") -> list[Any]:
    """The form group, fieldset, legend, hint and error message the radios, checkboxes and date
    input begin with."""
    return [
        _group(field),
        f'  <fieldset class="govuk-fieldset"{role}',
        field_describedby(field, hint_text),
        f'>\n    <legend class="{escape(legend_class)}">{escape(field.label.text)}</legend>\n    ',
        field_hint(field, hint_text),
        "\n    ",
        field_error_message(field),
    ]


_FIELDSET_END = "    </div>\n  </fieldset>\n</div>\n"


def radios(
    field: Any,
    hint_text: Any = None,
    inline: Any = False,
    legend_class: Any = "govuk-fieldset__legend govuk-fieldset__legend--m",
) -> Markup:
    """A WTForms RadioField as GOV.UK radios in a fieldset (the first option's id is the field's,
    so the error summary's link lands on it)."""
    parts = _fieldset_start(field, hint_text, legend_class)
    parts.append(
        '\n    <div class="govuk-radios govuk-radios--inline" data-module="govuk-radios">\n'
        if inline
        else '\n    <div class="govuk-radios" data-module="govuk-radios">\n'
    )
    field_id, name = escape(field.id), escape(field.name)
    first = True
    for option in field:
        option_id = field_id if first else escape(option.id)
        first = False
        parts.append(
            '      <div class="govuk-radios__item">\n'
            f'        <input class="govuk-radios__input" id="{option_id}" name="{name}" type="radio"'
            f' value="{escape(option.data)}"{" checked" if option.checked else ""}>\n'
            f'        <label class="govuk-label govuk-radios__label" for="{option_id}">'
            f"{escape(option.label.text)}</label>\n      </div>\n"
        )
    parts.append(_FIELDSET_END)
    return Markup("".join(parts))  # noqa: S704 - every value escaped above


def checkboxes(
    field: Any,
    hint_text: Any = None,
    legend_class: Any = "govuk-fieldset__legend govuk-fieldset__legend--m",
    item_hints: Any = None,
) -> Markup:
    """A WTForms SelectMultipleField as GOV.UK checkboxes in a fieldset. `item_hints` maps a value
    to a hint shown under that option."""
    hints = {} if item_hints is None else item_hints
    parts = _fieldset_start(field, hint_text, legend_class)
    parts.append('\n    <div class="govuk-checkboxes" data-module="govuk-checkboxes">\n')
    field_id, name = str(field.id), escape(field.name)
    for index, (value, label, selected, _attrs) in enumerate(field.iter_choices(), 1):
        option_id = escape(field_id if index == 1 else f"{field_id}-{index}")
        item_hint = hints.get(value)
        parts.append(
            '      <div class="govuk-checkboxes__item">\n'
            f'        <input class="govuk-checkboxes__input" id="{option_id}" name="{name}" type="checkbox"'
            f' value="{escape(value)}"{" checked" if selected else ""}'
        )
        if item_hint:
            parts.append(f' aria-describedby="{option_id}-item-hint"')
        parts.append(
            f'>\n        <label class="govuk-label govuk-checkboxes__label" for="{option_id}">{escape(label)}</label>\n'
        )
        if item_hint:
            parts.append(
                f'<div id="{option_id}-item-hint" class="govuk-hint govuk-checkboxes__hint">{escape(item_hint)}</div>'
            )
        parts.append("      </div>\n")
    parts.append(_FIELDSET_END)
    return Markup("".join(parts))  # noqa: S704 - every value escaped above


def date_input(
    field: Any, hint_text: Any = None, legend_class: Any = "govuk-fieldset__legend govuk-fieldset__legend--m"
) -> Markup:
    """A `portal.web.fields.DateInputField` as GOV.UK day / month / year inputs."""
    date_parts = field.parts()
    parts = _fieldset_start(field, hint_text, legend_class, role=' role="group"')
    parts.append(f'\n    <div class="govuk-date-input" id="{escape(field.id)}">\n')
    error = " govuk-input--error" if field.errors else ""
    for part in date_parts:
        part_id = escape(part.id)
        parts.append(
            '      <div class="govuk-date-input__item">\n        <div class="govuk-form-group">\n'
            f'          <label class="govuk-label govuk-date-input__label" for="{part_id}">{escape(part.label)}</label>\n'
            '          <input class="govuk-input govuk-date-input__input'
            f' govuk-input--width-{escape(part.width)}{error}" id="{part_id}" name="{escape(part.name)}"'
            f' type="text" inputmode="numeric" value="{escape(part.value)}"'
        )
        if part.autocomplete:
            parts.append(f' autocomplete="{escape(part.autocomplete)}"')
        parts.append(">\n        </div>\n      </div>\n")
    parts.append(_FIELDSET_END)
    return Markup("".join(parts))  # noqa: S704 - every value escaped above
