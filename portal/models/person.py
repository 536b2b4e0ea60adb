from __future__ import annotations

import datetime as dt

from sqlalchemy import String, false
from sqlalchemy.orm import Mapped, mapped_column, validates

from portal import text
from portal.models.base import Base, created_at, intpk, updated_at


class Person(Base):
    """A natural person known to the portal: a citizen, an employer representative or staff."""

    __tablename__ = "person"

    id: Mapped[intpk]
    country: Mapped[str] = mapped_column(
        String(2), comment="ISO 3166 code of the country profile that issued the national code"
    )
    national_code: Mapped[str] = mapped_column(
        String(20), unique=True, comment="national personal code without country prefix"
    )
    given_name: Mapped[str] = mapped_column(String(200))
    family_name: Mapped[str] = mapped_column(String(200))
    # The population register's names win over eID's (TARA sends them in capitals); eID names
    # only fill in for a person the register has not (yet) named.
    names_from_register: Mapped[bool] = mapped_column(default=False, server_default=false())
    date_of_birth: Mapped[dt.date | None]
    anonymised_at: Mapped[dt.datetime | None] = mapped_column(
        comment="set by the retention job: names, birth date and code replaced (docs/data-use.md)"
    )
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    @validates("given_name", "family_name")
    def _clean_name(self, _key: str, value: str) -> str:
        # The last line of defence: services check names where they arrive (and log there).
        return text.clean(value)

    @property
    def full_name(self) -> str:
        return full_name(self.given_name, self.family_name)

    @property
    def subject(self) -> str:
        """Country-prefixed code, as eID `sub` and `X-Road-UserId` carry it."""
        return subject(self.country, self.national_code)

    def __repr__(self) -> str:  # never print the national code
        return f"<Person id={self.id}>"


def full_name(given_name: str, family_name: str) -> str:
    return f"{given_name} {family_name}".strip()


def subject(country: str, national_code: str) -> str:
    """Country-prefixed code, as eID `sub` and `X-Road-UserId` carry it."""
    return f"{country}{national_code}"
