"""Counties (EE maakond, XK district) of each municipality, and how many people live there.

Read once per process from `portal/data/counties_<profile>.csv`; the population figures (thousands,
rounded) only shape the generated population of the benchmark.
"""

from __future__ import annotations

import csv
from functools import cache

from portal.services.reference_data import DATA_DIR


@cache
def _rows(profile_code: str) -> tuple[tuple[str, str, int], ...]:
    with (DATA_DIR / f"counties_{profile_code.lower()}.csv").open(encoding="utf-8") as handle:
        return tuple(
            (row["municipality_code"], row["county"], int(row["population_thousands"]))
            for row in csv.DictReader(handle)
        )


@cache
def county_of(profile_code: str, municipality_code: str) -> str | None:
    return next((county for code, county, _ in _rows(profile_code) if code == municipality_code), None)


@cache
def counties_around(profile_code: str, municipality_codes: tuple[str, ...]) -> dict[str, str]:
    """Every municipality in the counties of these municipalities (themselves included), with
    its county."""
    counties = {county_of(profile_code, code) for code in municipality_codes} - {None}
    return {code: county for code, county, _ in _rows(profile_code) if county in counties}


def population(profile_code: str) -> tuple[tuple[str, int], ...]:
    return tuple((code, thousands) for code, _, thousands in _rows(profile_code))
