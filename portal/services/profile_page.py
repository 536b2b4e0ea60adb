"""What "my profile" shows, read as the shown columns in one statement (issue 18).

The page loaded the record as an object and its occupations, places and languages lazily, one
statement each, and the navigation counted the unread messages in another: five statements, each
a round trip on PostgreSQL, and the ORM's loading cost more CPU than the statements. Here the
record's columns and the unread count are joined to its child rows (a handful, each branch read by
the person's profile from its own index), one row per child and at least one.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import bindparam, literal, select, union_all

from portal.models import JobseekerProfile, ProfileLanguage, ProfileOccupation, ProfilePlace, WorkingTime
from portal.models.vacancy import ContractType
from portal.services import inbox
from portal.services.core_rows import read


class ProfileSummary(NamedTuple):
    """The record as the page reads it (the attributes of `JobseekerProfile` it shows)."""

    phone: str | None
    email: str | None
    notice_language: str | None
    remote: bool
    working_time: WorkingTime
    contract_permanent: bool
    contract_fixed_term: bool
    contract_seasonal: bool
    available_from: dt.date | None
    driving_licence: str | None
    wage_expectation: int | None
    proposals_opt_out: bool
    occupation_codes: list[str]
    municipality_codes: list[str]
    language_codes: list[str]

    @property
    def contracts(self) -> tuple[str, ...]:
        """As `JobseekerProfile.contracts`: the kinds of contract, in `ContractType` order."""
        return tuple(kind.value for kind in ContractType if getattr(self, f"contract_{kind.value}"))


_PERSON = bindparam("person_id")
_OWN = select(JobseekerProfile.id).where(JobseekerProfile.person_id == _PERSON).scalar_subquery()
# The kinds sort occupations, places, languages; each in its id order, as the relationships' order_by.
_CHILDREN = union_all(
    select(
        ProfileOccupation.profile_id.label("profile_id"),
        literal("o").label("kind"),
        ProfileOccupation.id.label("row_id"),
        ProfileOccupation.isco_code.label("code"),
    ).where(ProfileOccupation.profile_id == _OWN),
    select(ProfilePlace.profile_id, literal("p"), ProfilePlace.id, ProfilePlace.municipality_code).where(
        ProfilePlace.profile_id == _OWN
    ),
    select(ProfileLanguage.profile_id, literal("q"), ProfileLanguage.id, ProfileLanguage.code).where(
        ProfileLanguage.profile_id == _OWN
    ),
).subquery("children")
# Built once: building and keying it cost more than running it.
_SUMMARY = (
    select(
        JobseekerProfile.phone,
        JobseekerProfile.email,
        JobseekerProfile.notice_language,
        JobseekerProfile.remote,
        JobseekerProfile.working_time,
        JobseekerProfile.contract_permanent,
        JobseekerProfile.contract_fixed_term,
        JobseekerProfile.contract_seasonal,
        JobseekerProfile.available_from,
        JobseekerProfile.driving_licence,
        JobseekerProfile.wage_expectation,
        JobseekerProfile.proposals_opt_out,
        inbox.unread_count_of(JobseekerProfile.person_id),
        _CHILDREN.c.kind,
        _CHILDREN.c.code,
    )
    .outerjoin(_CHILDREN, _CHILDREN.c.profile_id == JobseekerProfile.id)
    .where(JobseekerProfile.person_id == _PERSON)
    .order_by(_CHILDREN.c.kind, _CHILDREN.c.row_id)
)


def profile_summary(person_id: int) -> ProfileSummary | None:
    """The person's profile as the page shows it; None before their first registration. The
    navigation's unread count, read with it, is kept for this request (`inbox.unread_count`)."""
    rows = read(_SUMMARY, {"person_id": person_id}).all()
    if not rows:
        return None
    first = rows[0]
    inbox.keep_unread_count(person_id, first[12])
    codes: dict[str, list[str]] = {"o": [], "p": [], "q": []}
    for row in rows:
        if row[13] is not None:
            codes[row[13]].append(row[14])
    return ProfileSummary(*first[:12], codes["o"], codes["p"], codes["q"])
