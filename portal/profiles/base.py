from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

ASCII_DIGITS = frozenset("0123456789")


class NationalIdError(ValueError):
    """The national identification code is not valid for the profile."""


def is_ascii_digits(value: str) -> bool:
    # str.isdigit() and regex \d also accept digits of other scripts ("١٢٣"), which registers reject.
    return bool(value) and set(value) <= ASCII_DIGITS


@dataclass(frozen=True)
class ParsedNationalId:
    code: str
    date_of_birth: dt.date | None = None
    sex: str | None = None


@dataclass(frozen=True)
class CountryProfile:
    code: str
    name: str
    languages: tuple[str, ...]
    timezone: str
    xroad_instance: str
    national_id_parser: Callable[[str], ParsedNationalId] = field(repr=False)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def parse_national_id(self, value: str) -> ParsedNationalId:
        """Validate and normalise a national code; raise `NationalIdError` when invalid."""
        return self.national_id_parser(value.strip())

    def is_valid_national_id(self, value: str) -> bool:
        try:
            self.parse_national_id(value)
        except NationalIdError:
            return False
        return True

    def eid_subject(self, national_code: str) -> str:
        """The eID `sub` / X-Road user id form: country prefix + national code."""
        return f"{self.code}{national_code}"
