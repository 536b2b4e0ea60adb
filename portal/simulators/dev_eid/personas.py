"""Test persons the development eID page offers first, like TARA's published test identities."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class TestPerson:
    code: str
    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    label: str


BUILT_IN: dict[str, tuple[TestPerson, ...]] = {
    "EE": (
        TestPerson("38001085718", "Jaan", "Tamm", dt.date(1980, 1, 8), "Typical unemployed person"),
        TestPerson(
            "49403136526", "Mari-Liis", "Männik", dt.date(1994, 3, 13), "Counsellor (after `flask staff add`)"
        ),
    ),
    "XK": (TestPerson("1234567890", "Arbër", "Krasniqi", dt.date(1990, 5, 17), "Typical unemployed person"),),
}


def test_persons(profile: str) -> tuple[TestPerson, ...]:
    return BUILT_IN.get(profile, ())
