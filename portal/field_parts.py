"""The hint, error message and aria-describedby of every form field, as the macros of
`components/_field_parts.html` wrote them (template globals, and `web.field_components`)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from portal.catalog import template_text

_NOTHING = Markup("")
_HINT = Markup('<div id="'), Markup('-hint" class="govuk-hint">'), Markup("</div>")
_ERROR = (
    Markup('<p id="'),
    Markup('-error" class="govuk-error-message">\n  <span class="govuk-visually-hidden">'),
    Markup("</span> "),
    Markup("\n</p>\n"),
)


def field_hint(field: Any, text: Any = None) -> Markup:
    """The field's hint (`text`, else its description), as the macro `hint` wrote it.

    Three macros per form field (a vacancy form: ninety macro calls) became three functions: the
    same markup, each value escaped as Jinja's `{{ }}` escapes it (`escape`: a lazy label's text
    as it is, like the macro; `Markup.format` would escape it)."""
    text = text or getattr(field, "description", None)
    if not text:
        return _NOTHING
    return _HINT[0] + escape(field.id) + _HINT[1] + escape(text) + _HINT[2]


def field_error_message(field: Any) -> Markup:
    """The field's first error under a hidden "Error:", as the macro `error_message` wrote it."""
    if not field.errors:
        return _NOTHING
    first = next(iter(field.errors))
    return (
        _ERROR[0]
        + escape(field.id)
        + _ERROR[1]
        + template_text("Error:")
        + _ERROR[2]
        + escape(first)
        + _ERROR[3]
    )


def field_describedby(field: Any, text: Any = None) -> Markup:
    """` aria-describedby="…"` naming the hint and the error the field shows, or nothing."""
    ids = []
    if text or getattr(field, "description", None):
        ids.append(f"{field.id}-hint")
    if field.errors:
        ids.append(f"{field.id}-error")
    if not ids:
        return _NOTHING
    return Markup(' aria-describedby="') + escape(" ".join(ids)) + Markup('"')
