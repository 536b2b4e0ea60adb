"""The base form every portal form extends."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, StringField, TextAreaField

from portal import text


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _nfc(value: Any) -> Any:
    return text.normalize(value) if isinstance(value, str) else value


class PortalForm(FlaskForm):
    """Strips surrounding whitespace from every submitted string (people paste codes with spaces),
    brings it to Unicode NFC, and refuses control and bidi characters in every text field (a
    right-to-left override would reorder what a reason says on the page and in a sealed PDF)."""

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            if issubclass(unbound_field.field_class, FieldList | FormField):
                # Containers take no filters; the fields inside get their own (see `PortalSubform`).
                return unbound_field.bind(form=form, **options)
            # Passed to this binding only: the unbound field (and its kwargs) belongs to the form
            # class, so writing the filters into it added two more to every field of the class on
            # each instantiation — a form's cost grew with the number of requests the process served.
            filters = (_strip, _nfc, *unbound_field.kwargs.get("filters", ()))
            return unbound_field.bind(form=form, **{**options, "filters": filters})

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if not isinstance(field, StringField | TextAreaField) or not isinstance(field.data, str):
                continue
            if text.unsafe_characters(field.data, multiline=isinstance(field, TextAreaField)):
                message = str(_l("Remove the control or text-direction characters from this answer"))
                if message not in field.errors:
                    field.errors = [*field.errors, message]
                valid = False
        return valid
