"""The jobseeker's record: what work they look for, where and how, and how to reach them.

One per person. Registration writes it first; the person keeps it up to date on "my profile"; the
vacancy, offer, matching and back-office code read it (never a registration's `answers`).
Occupations, places and languages are rows, so that matching can select by them with an index.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Enum, ForeignKey, Index, String, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, created_at, intpk, updated_at
from portal.models.vacancy import ContractType


def _enum(kind: type[enum.Enum], length: int = 20) -> Enum:
    return Enum(kind, values_callable=lambda e: [m.value for m in e], native_enum=False, length=length)


class WorkingTime(enum.StrEnum):
    ANY = "any"
    FULL = "full"
    PART = "part"


class OccupationSource(enum.StrEnum):
    DECLARED = "declared"  # the person chose it
    TAX_REGISTER = "tax_register"  # suggested from an employment and kept by the person
    EDUCATION_REGISTER = "education_register"  # suggested from a professional certificate


class EducationSource(enum.StrEnum):
    REGISTER = "register"  # the education register's highest qualification
    DECLARED = "declared"  # the person's own word (the register did not know or answer)


class JobseekerProfile(Base):
    __tablename__ = "jobseeker_profile"

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), unique=True)
    working_time: Mapped[WorkingTime] = mapped_column(_enum(WorkingTime), default=WorkingTime.ANY)
    remote: Mapped[bool] = mapped_column(default=False, comment="would work remotely")
    # The kinds of contract the person would take (a vacancy's `contract`); all three: any.
    contract_permanent: Mapped[bool] = mapped_column(
        default=True, server_default=true(), comment="would take a permanent contract"
    )
    contract_fixed_term: Mapped[bool] = mapped_column(
        default=True, server_default=true(), comment="would take a fixed-term contract"
    )
    contract_seasonal: Mapped[bool] = mapped_column(
        default=True, server_default=true(), comment="would take a seasonal contract"
    )
    available_from: Mapped[dt.date | None] = mapped_column(comment="None: at once")
    wage_expectation: Mapped[int | None] = mapped_column(
        comment="gross monthly wage expected, whole units of the country's currency"
    )
    driving_licence: Mapped[str | None] = mapped_column(
        String(40), comment="licence categories, comma separated (B,C1)"
    )
    education_level: Mapped[int | None] = mapped_column(comment="ISCED 2011 level, 0-8")
    education_source: Mapped[EducationSource | None] = mapped_column(_enum(EducationSource))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))
    notice_language: Mapped[str | None] = mapped_column(
        String(8), comment="language of e-mails and SMS to the person; None: the country's default"
    )
    # From the registers at registration; matching ranks by them.
    home_municipality: Mapped[str | None] = mapped_column(
        String(10), comment="the population register's residence municipality"
    )
    social_assistance_category: Mapped[str | None] = mapped_column(
        String(20), comment="category of social assistance the person receives; None: none"
    )
    proposals_opt_out: Mapped[bool] = mapped_column(
        default=False, server_default=false(), comment="the person does not want to be proposed to employers"
    )
    version: Mapped[int] = mapped_column(default=1, comment="stops two tabs from overwriting each other")
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    occupations: Mapped[list[ProfileOccupation]] = relationship(
        cascade="all, delete-orphan", order_by="ProfileOccupation.id"
    )
    places: Mapped[list[ProfilePlace]] = relationship(
        cascade="all, delete-orphan", order_by="ProfilePlace.id"
    )
    languages: Mapped[list[ProfileLanguage]] = relationship(
        cascade="all, delete-orphan", order_by="ProfileLanguage.id"
    )
    employments: Mapped[list[ProfileEmployment]] = relationship(
        cascade="all, delete-orphan", order_by="ProfileEmployment.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def occupation_codes(self) -> list[str]:
        return [row.isco_code for row in self.occupations]

    @property
    def municipality_codes(self) -> list[str]:
        return [row.municipality_code for row in self.places]

    @property
    def language_codes(self) -> list[str]:
        return [row.code for row in self.languages]

    @property
    def contracts(self) -> tuple[str, ...]:
        """The kinds of contract the person would take, in `ContractType` order."""
        return tuple(kind.value for kind in ContractType if getattr(self, f"contract_{kind.value}"))

    @contracts.setter
    def contracts(self, kinds: tuple[str, ...]) -> None:
        """`kinds` empty: any kind (every column true)."""
        for kind in ContractType:
            setattr(self, f"contract_{kind.value}", not kinds or kind.value in kinds)


class ProfileOccupation(Base):
    __tablename__ = "profile_occupation"
    __table_args__ = (
        UniqueConstraint("profile_id", "isco_code"),
        # Matching selects by a code range and needs only the profile: an index-only scan.
        Index("ix_profile_occupation_isco_profile", "isco_code", "profile_id"),
    )

    id: Mapped[intpk]
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("jobseeker_profile.id", ondelete="CASCADE"), index=True
    )
    isco_code: Mapped[str] = mapped_column(String(4), index=True, comment="ISCO-08 unit group")
    source: Mapped[OccupationSource] = mapped_column(_enum(OccupationSource))


class ProfilePlace(Base):
    __tablename__ = "profile_place"
    __table_args__ = (UniqueConstraint("profile_id", "municipality_code"),)

    id: Mapped[intpk]
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("jobseeker_profile.id", ondelete="CASCADE"), index=True
    )
    municipality_code: Mapped[str] = mapped_column(String(10), index=True)


class ProfileLanguage(Base):
    __tablename__ = "profile_language"
    __table_args__ = (UniqueConstraint("profile_id", "code"),)

    id: Mapped[intpk]
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("jobseeker_profile.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(8), comment="ISO 639-1")
    level: Mapped[str | None] = mapped_column(String(8), comment="CEFR A1-C2 or 'native'; None: not stated")


class ProfileEmployment(Base):
    """An employment the tax register showed at registration: the person's occupational history.

    Matching counts a past job in the vacancy's minor group even when the person did not keep
    the occupation on their record.
    """

    __tablename__ = "profile_employment"
    __table_args__ = (Index("ix_profile_employment_isco_profile", "isco_code", "profile_id"),)

    id: Mapped[intpk]
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("jobseeker_profile.id", ondelete="CASCADE"), index=True
    )
    isco_code: Mapped[str] = mapped_column(String(4), comment="ISCO-08 unit group of the job")
    employer_name: Mapped[str | None] = mapped_column(String(300))
    started_on: Mapped[dt.date | None]
    ended_on: Mapped[dt.date | None] = mapped_column(comment="None: not ended when read")
