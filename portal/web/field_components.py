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

import re
from collections.abc import Callable
from typing import Any

from flask_babel import get_locale
from markupsafe import Markup, escape

from portal.field_parts import field_describedby, field_error_message, field_hint
from portal.web.select_options import select_options

try:
    from markupsafe import _escape_inner  # C: the escaping `escape` does, without a Markup made
except ImportError:  # pragma: no cover - a markupsafe without it

    def _escape_inner(text: str) -> str:
        return str(escape(text))


def _esc(value: Any) -> str:
    """What `escape` writes, as a plain string: the parts are joined and marked safe once."""
    if type(value) is str:
        return _escape_inner(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape_inner(str(value))


# A field's markup without errors is fixed by its id, name, label, hint and the call's arguments
# but for its value (a text input's value, a select's options, radios' and checkboxes' items, a date's
# parts). Each such frame is made once (rendered with a marker where the value goes, and cut there)
# and kept by what made it: a form's thirty fields cost one look-up each, not a dozen escapes.
# A field with errors is written in full every time. Full, the frames are forgotten and made again.
_FRAMES: dict[tuple[Any, ...], tuple[str, ...]] = {}  # a date's: four pieces around three values
_FRAMES_KEPT = 4096
_MARK = "\x1fvalue\x1f"  # no character of it is escaped in HTML


def _text(value: Any) -> tuple[type, Any]:
    """A text in a frame's key: with its type (a str and a Markup of the same characters escape
    differently), anything else (a lazy translation) as its text of the moment, so that the key
    names the language."""
    kind = type(value)
    return kind, (value if kind is str or kind is Markup or value is None else str(value))


def _frame(key: tuple[Any, ...], write: Callable[[str], str]) -> tuple[str, str]:
    """The markup before and after the value, `write(value)` cut at a marker, kept by `key`."""
    found = _FRAMES.get(key)
    if found is None:
        head, mark, tail = write(_MARK).partition(_MARK)
        if not mark or _MARK in tail:  # pragma: no cover - a marker in a label: not kept
            raise ValueError("no single place for the value")
        if len(_FRAMES) >= _FRAMES_KEPT:
            _FRAMES.clear()
        found = _FRAMES[key] = (head, tail)
    return found


def _field_key(field: Any, hint_text: Any) -> tuple[Any, ...]:
    return (
        field.id,
        field.name,
        *_text(field.label.text),
        *_text(getattr(field, "description", None)),
        *_text(hint_text),
    )


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
    arguments = (hint_text, classes, type, autocomplete, inputmode, spellcheck, label_class)
    if field.errors:
        return Markup(_text_input(field, escape(_value(field)), *arguments))  # noqa: S704 - escaped
    key = (
        "text_input",
        *_field_key(field, hint_text),
        *_text(classes),
        *_text(type),
        *_text(autocomplete),
        *_text(inputmode),
        spellcheck is None,
        bool(spellcheck),
        *_text(label_class),
    )
    head, tail = _frame(key, lambda value: _text_input(field, value, *arguments))
    return Markup(head + _esc(_value(field)) + tail)  # noqa: S704 - the value escaped, the frame's escaped


def _text_input(
    field: Any,
    value: str,
    hint_text: Any,
    classes: Any,
    type: Any,
    autocomplete: Any,
    inputmode: Any,
    spellcheck: Any,
    label_class: Any,
) -> str:
    """The text input's markup with `value` (escaped) as its value."""
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
    parts.append(f'" id="{field_id}" name="{escape(field.name)}" type="{escape(type)}" value="{value}"')
    if autocomplete:
        parts.append(f' autocomplete="{escape(autocomplete)}"')
    if inputmode:
        parts.append(f' inputmode="{escape(inputmode)}"')
    if spellcheck is not None:
        parts.append(' spellcheck="true"' if spellcheck else ' spellcheck="false"')
    parts += (field_describedby(field, hint_text), ">\n</div>\n")
    return "".join(parts)


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
    cached = select_options(field)
    if cached is not None:
        options = f"    {cached}\n"
    else:
        options = "".join(
            f'    <option value="{_esc(value)}"{" selected" if selected else ""}>{_esc(label)}</option>\n'
            for value, label, selected, _attrs in field.iter_choices()
        )
    if field.errors:
        return Markup(_select(field, hint_text, options))  # noqa: S704 - escaped
    head, tail = _frame(
        ("select", *_field_key(field, hint_text)), lambda value: _select(field, hint_text, value)
    )
    return Markup(head + options + tail)  # noqa: S704 - options and frame escaped


def _select(field: Any, hint_text: Any, options: str) -> str:
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
        options,
        "  </select>\n</div>\n",
    ]
    return "".join(parts)


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


def _fieldset(
    kind: str, field: Any, hint_text: Any, legend_class: Any, opening: str, items: str, role: str = ""
) -> Markup:
    """A fieldset's markup around its `items`, the frame kept when the field has no errors."""

    def write(value: str) -> str:
        return "".join(
            [*_fieldset_start(field, hint_text, legend_class, role), opening, value, _FIELDSET_END]
        )

    if field.errors:
        return Markup(write(items))  # noqa: S704 - escaped
    head, tail = _frame((kind, *_field_key(field, hint_text), *_text(legend_class), opening), write)
    return Markup(head + items + tail)  # noqa: S704 - items and frame escaped


def radios(
    field: Any,
    hint_text: Any = None,
    inline: Any = False,
    legend_class: Any = "govuk-fieldset__legend govuk-fieldset__legend--m",
) -> Markup:
    """A WTForms RadioField as GOV.UK radios in a fieldset (the first option's id is the field's,
    so the error summary's link lands on it)."""
    field_id, name = _esc(field.id), _esc(field.name)
    options = getattr(field, "radio_options", None)
    if options is not None:  # `Radios`: (id, value, label, checked), no option object made
        options = options()
    else:
        options = ((option.id, option.data, option.label.text, option.checked) for option in field)
    opening = (
        '\n    <div class="govuk-radios govuk-radios--inline" data-module="govuk-radios">\n'
        if inline
        else '\n    <div class="govuk-radios" data-module="govuk-radios">\n'
    )
    return _fieldset("radios", field, hint_text, legend_class, opening, radio_items(field_id, name, options))


def radio_items(field_id: str, name: str, options: Any) -> str:
    """The items of `radios` for (id, value, label, checked) options, `field_id` and `name` escaped
    (the first option's id is the field's)."""
    items = []
    first = True
    for raw_id, value, label, checked in options:
        option_id = field_id if first else _esc(raw_id)
        first = False
        items.append(
            '      <div class="govuk-radios__item">\n'
            f'        <input class="govuk-radios__input" id="{option_id}" name="{name}" type="radio"'
            f' value="{_esc(value)}"{" checked" if checked else ""}>\n'
            f'        <label class="govuk-label govuk-radios__label" for="{option_id}">'
            f"{_esc(label)}</label>\n      </div>\n"
        )
    return "".join(items)


def checkboxes(
    field: Any,
    hint_text: Any = None,
    legend_class: Any = "govuk-fieldset__legend govuk-fieldset__legend--m",
    item_hints: Any = None,
) -> Markup:
    """A WTForms SelectMultipleField as GOV.UK checkboxes in a fieldset. `item_hints` maps a value
    to a hint shown under that option."""
    hints = {} if item_hints is None else item_hints
    items = []
    field_id, name = str(field.id), _esc(field.name)
    for index, (value, label, selected, _attrs) in enumerate(field.iter_choices(), 1):
        option_id = _esc(field_id if index == 1 else f"{field_id}-{index}")
        item_hint = hints.get(value)
        items.append(
            '      <div class="govuk-checkboxes__item">\n'
            f'        <input class="govuk-checkboxes__input" id="{option_id}" name="{name}" type="checkbox"'
            f' value="{_esc(value)}"{" checked" if selected else ""}'
        )
        if item_hint:
            items.append(f' aria-describedby="{option_id}-item-hint"')
        items.append(
            f'>\n        <label class="govuk-label govuk-checkboxes__label" for="{option_id}">{_esc(label)}</label>\n'
        )
        if item_hint:
            items.append(
                f'<div id="{option_id}-item-hint" class="govuk-hint govuk-checkboxes__hint">{_esc(item_hint)}</div>'
            )
        items.append("      </div>\n")
    opening = '\n    <div class="govuk-checkboxes" data-module="govuk-checkboxes">\n'
    return _fieldset("checkboxes", field, hint_text, legend_class, opening, "".join(items))


def date_input(
    field: Any, hint_text: Any = None, legend_class: Any = "govuk-fieldset__legend govuk-fieldset__legend--m"
) -> Markup:
    """A `portal.web.fields.DateInputField` as GOV.UK day / month / year inputs."""
    opening = f'\n    <div class="govuk-date-input" id="{_esc(field.id)}">\n'
    if field.errors:
        items = _date_items(field, " govuk-input--error", [part.value for part in field.parts()])
        return _fieldset("date_input", field, hint_text, legend_class, opening, items, ' role="group"')
    # Without errors only the three values change: the frame is cut at a marker for each, and kept
    # by the field's class (its parts) and the locale (the parts' labels are lazy translations).
    key = (
        "date_input",
        *_field_key(field, hint_text),
        *_text(legend_class),
        type(field),
        field.autocomplete_prefix,
        get_locale(),
    )
    found = _FRAMES.get(key)
    if found is None:
        marks = [f"\x1fpart{index}\x1f" for index in range(len(field.PARTS))]
        items = _date_items(field, "", marks)
        markup = _fieldset("date_input", field, hint_text, legend_class, opening, items, ' role="group"')
        pieces = tuple(re.split("|".join(marks), str(markup)))
        if len(pieces) != len(marks) + 1:  # pragma: no cover - a marker in a label: not kept
            raise ValueError("no single place for each value")
        if len(_FRAMES) >= _FRAMES_KEPT:
            _FRAMES.clear()
        found = _FRAMES[key] = pieces
    raw, out = field.raw_parts, [found[0]]
    for (part, _label, _width), piece in zip(field.PARTS, found[1:], strict=True):
        out += (_esc(raw.get(part, "")), piece)
    return Markup("".join(out))  # noqa: S704 - the values escaped, the frame's escaped


def _date_items(field: Any, error: str, values: list[str]) -> str:
    """The day, month and year inputs, each with its value (escaped here unless a marker)."""
    items = []
    for part, value in zip(field.parts(), values, strict=True):
        part_id = _esc(part.id)
        items.append(
            '      <div class="govuk-date-input__item">\n        <div class="govuk-form-group">\n'
            f'          <label class="govuk-label govuk-date-input__label" for="{part_id}">{_esc(part.label)}</label>\n'
            '          <input class="govuk-input govuk-date-input__input'
            f' govuk-input--width-{_esc(part.width)}{error}" id="{part_id}" name="{_esc(part.name)}"'
            f' type="text" inputmode="numeric" value="{_esc(value)}"'
        )
        if part.autocomplete:
            items.append(f' autocomplete="{_esc(part.autocomplete)}"')
        items.append(">\n        </div>\n      </div>\n")
    return "".join(items)
