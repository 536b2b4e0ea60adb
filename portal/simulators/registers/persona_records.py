"""Small builders the persona modules share."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from portal.simulators.registers.model import (
    Qualification,
    Residence,
    month_end,
    month_index,
)

if TYPE_CHECKING:
    from portal.simulators.registers.population import _Builder

D = dt.date


def residence(b: _Builder, municipality: str, address: str, postal: str, since: dt.date) -> Residence:
    place = b.municipality(municipality)
    return Residence(address, place.code, place.name, postal, since)


def ended_months_ago(b: _Builder, months: int) -> dt.date:
    return month_end(month_index(b.today) - months)


def cents(euros: str) -> int:
    whole, _, fraction = euros.partition(".")
    return int(whole) * 100 + int(fraction or 0)


def school(level: int, field: str, title: str, institution: str, done: dt.date, number: str) -> Qualification:
    return Qualification(level, field, title, institution, done, number)
