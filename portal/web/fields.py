"""Form fields the design system needs and WTForms lacks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from wtforms import Field

from portal.catalog import lazy_gettext as _l


@dataclass(frozen=True)
class DatePart:
    id: str
    name: str
    label: Any
    value: str
    width: int
    autocomplete: str | None


class DateInputField(Field):
    """Day, month and year in three inputs (`<name>-day`, `-month`, `-year`), GOV.UK style.

    A missing or impossible part is a validation error in the user's language, never a crash.
    """

    PARTS = (("day", _l("Day"), 2), ("month", _l("Month"), 2), ("year", _l("Year"), 4))

    def __init__(
        self, label: Any = None, validators: Any = None, autocomplete_prefix: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.raw_parts: dict[str, str] = {}
        self.autocomplete_prefix = autocomplete_prefix

    @property
    def portal_anchor(self) -> str:
        return f"{self.id}-day"

    def process_formdata(self, valuelist: list[Any]) -> None:
        # WTForms passes the values of `name` only; read our three keys from the form instead.
        pass

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        super().process(formdata, data, extra_filters)
        if formdata is None or not any(f"{self.name}-{p}" in formdata for p, _, _ in self.PARTS):
            if isinstance(self.data, dt.date):
                self.raw_parts = {
                    "day": str(self.data.day),
                    "month": str(self.data.month),
                    "year": str(self.data.year),
                }
            return
        self.raw_parts = {p: formdata.get(f"{self.name}-{p}", "").strip() for p, _, _ in self.PARTS}
        self.data = None
        if not any(self.raw_parts.values()):
            return
        if not all(self.raw_parts.values()):
            self.process_errors.append(_l("Enter a complete date: day, month and year"))
            return
        digits = all(value.isascii() and value.isdigit() for value in self.raw_parts.values())
        try:
            if not digits or len(self.raw_parts["year"]) != 4:
                raise ValueError
            self.data = dt.date(
                int(self.raw_parts["year"]), int(self.raw_parts["month"]), int(self.raw_parts["day"])
            )
        except ValueError:
            self.process_errors.append(_l("Enter a real date, for example 27 3 2007"))

    def parts(self) -> list[DatePart]:
        autocomplete = {"day": "bday-day", "month": "bday-month", "year": "bday-year"}
        return [
            DatePart(
                id=f"{self.id}-{part}",
                name=f"{self.name}-{part}",
                label=label,
                value=self.raw_parts.get(part, ""),
                width=width,
                autocomplete=autocomplete[part] if self.autocomplete_prefix == "bday" else None,
            )
            for part, label, width in self.PARTS
        ]
