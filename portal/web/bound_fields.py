"""Form fields made cheaper to build and to render, for the forms with many of them (the vacancy
form, the company profile, a training): each field bound once per process and copied for each form
(`BindOnce`), radios whose options are plain records (`Radios`)."""

from __future__ import annotations

from typing import Any

from wtforms import Label, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import Flags


class _Option:
    """What the radios component reads of an option: its id, value, label and whether it is chosen."""

    __slots__ = ("checked", "data", "id", "label")

    def __init__(self, id: str, data: str, label: Any, checked: bool) -> None:
        self.id, self.data, self.checked = id, data, checked
        self.label = Label(id, label)


class Radios(RadioField):
    """A radio field whose options are plain records: WTForms binds a whole sub-field (validators,
    filters, flags, a label) per option at every render."""

    def __iter__(self):
        for position, choice in enumerate(self._iter_choices_normalized()):
            yield _Option(
                f"{self.id}-{position}", choice.value, choice.label or choice.value, choice.selected
            )

    def radio_options(self) -> list[tuple[str, str, Any, bool]]:
        """(id, value, label, checked) of each option, as `__iter__`'s records give them; a list of
        `SelectChoice` read directly (no `Choice` made and normalised per option)."""
        choices = self.choices
        if type(choices) is not list or not all(
            type(choice) is SelectChoice and choice.optgroup is None for choice in choices
        ):
            return [(option.id, option.data, option.label.text, option.checked) for option in self]
        field_id, coerce, data = self.id, self.coerce, self.data
        return [
            (
                f"{field_id}-{position}",
                choice.value,
                choice.label or choice.value,
                coerce(choice.value) == data,
            )
            for position, choice in enumerate(choices)
        ]


# (form class, field name, prefix) -> (the class's unbound field, it bound once and unprocessed, the
# translations it was bound with).
_BOUND: dict[tuple[type, str, str], tuple[Any, Any, Any]] = {}


class BindOnce:
    """A form's `Meta` mixin (`class Meta(BindOnce): pass`): each field of the form class bound once
    per process and copied for each form. WTForms built every field per form (validators checked,
    flags, a label, the filters PortalForm.Meta merges), the same each time until its data is
    processed. A copy gets this form, its own label, flags and choices list; any other unbound
    field (the CSRF token's) is bound as usual."""

    def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
        key = (type(form), options["name"], options.get("prefix", ""))
        found = _BOUND.get(key)
        if found is None or found[0] is not unbound_field or options.get("translations") is not found[2]:
            field = super().bind_field(form, unbound_field, options)
            if unbound_field.creation_counter and getattr(type(form), options["name"], None) is unbound_field:
                _BOUND[key] = (unbound_field, field, options.get("translations"))
                return _copy(field, form)
            return field
        return _copy(found[1], form)


def _copy(field: Any, form: Any) -> Any:
    """A bound, unprocessed field for another form of the same class (what `Field.__init__` makes
    per instance is made anew: the label, flags, render_kw, the choices list, a date's parts)."""
    copy = object.__new__(type(field))
    copy.__dict__.update(field.__dict__)
    copy._form, copy.meta = form, form.meta
    copy.label = Label(field.label.field_id, field.label.text)
    copy.flags = Flags()
    copy.flags.__dict__.update(field.flags.__dict__)
    if field.render_kw is not None:
        copy.render_kw = dict(field.render_kw)
    if isinstance(field.__dict__.get("_choices"), list):
        copy._choices = list(field._choices)
    if "raw_parts" in field.__dict__:
        copy.raw_parts = {}
    return copy


def release(form: Any) -> None:
    """Drop each field's reference back to its form (`field._form`) once the page is written.

    WTForms' form holds its fields and each field its form: a cycle, so a form with thirty fields
    (~170 objects with their labels, flags and choices) is freed by the garbage collector, not
    when the view returns. On the vacancy form's page that was a young collection every third
    request and a middle one every thirty-odd, each with the GIL held while the worker's other
    threads wait, and what they found still in flight was promoted for a full collection to scan.
    Call it only when nothing reads the form again (its markup is written)."""
    for field in form._fields.values():
        field.__dict__.pop("_form", None)
