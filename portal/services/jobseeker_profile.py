"""The jobseeker's record (`JobseekerProfile`): written first by registration, then by the person on
"my profile"; read by everything that needs to know what work a person looks for or how to reach
them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import bindparam, literal, select, union_all
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import (
    AuditTag,
    EducationSource,
    JobseekerProfile,
    OccupationSource,
    ProfileEmployment,
    ProfileLanguage,
    ProfileOccupation,
    ProfilePlace,
    WorkingTime,
)
from portal.models.register_snapshot import RegisterSnapshot
from portal.models.vacancy import ContractType
from portal.services import audit
from portal.services.request_memo import shelf


@dataclass(frozen=True)
class Contact:
    phone: str | None
    email: str | None
    notice_language: str | None = None


@dataclass(frozen=True)
class Preferences:
    """Where, how and from when the person wants to work (the journey's preferences page)."""

    municipalities: tuple[str, ...]
    remote: bool
    working_time: str  # any | full | part
    languages: tuple[str, ...]
    start_on: dt.date | None  # None: at once
    # Kinds of contract (`ContractType` values) the person would take; empty: any kind.
    contracts: tuple[str, ...] = ()


def profile_of(person_id: int) -> JobseekerProfile | None:
    return db.session.scalar(select(JobseekerProfile).where(JobseekerProfile.person_id == person_id))


# The two columns, not the record: built once (the meetings page and every notice ask).
_CONTACT = select(JobseekerProfile.email, JobseekerProfile.phone).where(
    JobseekerProfile.person_id == bindparam("person_id")
)


def contact_of(person_id: int) -> tuple[str | None, str | None]:
    """E-mail address and phone number, as the person last gave them."""
    row = db.session.execute(_CONTACT, {"person_id": person_id}).first()
    if row is None:
        return None, None
    return row.email or None, row.phone or None


def notice_language(person_id: int) -> str | None:
    """The language the person wants e-mails and SMS in; None: the country's default."""
    profile = profile_of(person_id)
    return profile.notice_language if profile is not None else None


def preferences_of(profile: JobseekerProfile) -> Preferences:
    return Preferences(
        municipalities=tuple(profile.municipality_codes),
        remote=profile.remote,
        working_time=profile.working_time.value,
        languages=tuple(profile.language_codes),
        start_on=profile.available_from,
        contracts=() if len(profile.contracts) == len(ContractType) else profile.contracts,
    )


@dataclass(frozen=True)
class RecordSummary:
    """What the case view shows of the record, read as one statement's rows (no ORM objects)."""

    phone: str | None
    email: str | None
    education_level: int | None
    driving_licence: str | None
    occupation_codes: tuple[str, ...]
    preferences: Preferences


def _record_summary_statement():
    """The record's columns with its occupations, places and languages as rows of a UNION ALL
    joined to it (one row per item, or one row with none): one statement built once, where
    the ORM's three joined eager loads made four entities and their collections per view."""
    p, o, place, lang = (
        JobseekerProfile.__table__.c,
        ProfileOccupation.__table__.c,
        ProfilePlace.__table__.c,
        ProfileLanguage.__table__.c,
    )
    # Each part limited to the person's profile itself: SQLite does not carry the join's condition
    # into a UNION ALL (it read every profile's rows into a temporary table on each view).
    own = select(p.id).where(p.person_id == bindparam("person_id")).scalar_subquery()
    items = union_all(
        select(
            o.profile_id, literal("o").label("kind"), o.id.label("row_id"), o.isco_code.label("code")
        ).where(o.profile_id == own),
        select(place.profile_id, literal("p"), place.id, place.municipality_code).where(
            place.profile_id == own
        ),
        select(lang.profile_id, literal("l"), lang.id, lang.code).where(lang.profile_id == own),
    ).subquery("items")
    return (
        select(
            p.id,
            p.phone,
            p.email,
            p.education_level,
            p.driving_licence,
            p.remote,
            p.working_time,
            p.available_from,
            p.contract_permanent,
            p.contract_fixed_term,
            p.contract_seasonal,
            items.c.kind,
            items.c.code,
        )
        .select_from(JobseekerProfile.__table__)
        .outerjoin(items, items.c.profile_id == p.id)
        .where(p.person_id == bindparam("person_id"))
        # Each list in the order of its rows, as the ORM relationships order them.
        .order_by(items.c.kind, items.c.row_id)
    )


_RECORD_SUMMARY = _record_summary_statement()


def record_summary(person_id: int) -> RecordSummary | None:
    """The record as the case view shows it: taken from the row and lists matching's
    `person_record` read earlier in the request (the recommendations panel), else read here."""
    kept = shelf("profile_rows")
    if person_id in kept:
        found = kept.pop(person_id)
        if found is None:
            return None
        first, lists = found
        codes = {kind: tuple(code for code, _level in lists[kind]) for kind in ("o", "p", "l")}
    else:
        rows = db.session.execute(_RECORD_SUMMARY, {"person_id": person_id}).all()
        if not rows:
            return None
        first = rows[0]
        found_codes: dict[str | None, list[str]] = {"o": [], "p": [], "l": [], None: []}
        for row in rows:
            found_codes[row.kind].append(row.code)
        codes = {kind: tuple(found_codes[kind]) for kind in ("o", "p", "l")}
    # As `JobseekerProfile.contracts` reads them, in `ContractType` order.
    contracts = tuple(kind.value for kind in ContractType if getattr(first, f"contract_{kind.value}"))
    return RecordSummary(
        phone=first.phone,
        email=first.email,
        education_level=first.education_level,
        driving_licence=first.driving_licence,
        occupation_codes=codes["o"],
        preferences=Preferences(
            municipalities=codes["p"],
            remote=first.remote,
            working_time=WorkingTime(first.working_time).value,
            languages=codes["l"],
            start_on=first.available_from,
            contracts=() if len(contracts) == len(ContractType) else contracts,
        ),
    )


def suggested_from_registers(snapshot: RegisterSnapshot) -> dict[str, OccupationSource]:
    """ISCO codes the registers know of, with the register each came from (an employment wins)."""
    sources: dict[str, OccupationSource] = {}
    education = snapshot.section("education").values
    for certificate in education.certificates if education is not None else ():
        sources[certificate.isco_code] = OccupationSource.EDUCATION_REGISTER
    employment = snapshot.section("employment").values
    for job in employment.employments if employment is not None else ():
        sources[job.isco_code] = OccupationSource.TAX_REGISTER
    return sources


# --- writing: inside the caller's transaction ----------------------------------------------------


def _get_or_add(session: Session, person_id: int) -> JobseekerProfile:
    profile = session.scalar(
        select(JobseekerProfile).where(JobseekerProfile.person_id == person_id).with_for_update()
    )
    if profile is None:
        profile = JobseekerProfile(person_id=person_id)
        session.add(profile)
    return profile


def _set_contact(profile: JobseekerProfile, contact: Contact) -> None:
    profile.phone, profile.email = contact.phone or None, contact.email or None
    if contact.notice_language:
        profile.notice_language = contact.notice_language


def _set_occupations(
    profile: JobseekerProfile, codes: list[str], suggested: dict[str, OccupationSource]
) -> None:
    kept = {row.isco_code: row for row in profile.occupations}
    profile.occupations = [
        kept.get(code)
        or ProfileOccupation(isco_code=code, source=suggested.get(code, OccupationSource.DECLARED))
        for code in dict.fromkeys(codes)
    ]


def _set_preferences(profile: JobseekerProfile, preferences: Preferences) -> None:
    places = {row.municipality_code: row for row in profile.places}
    profile.places = [
        places.get(code) or ProfilePlace(municipality_code=code)
        for code in dict.fromkeys(preferences.municipalities)
    ]
    languages = {row.code: row for row in profile.languages}
    profile.languages = [
        languages.get(code) or ProfileLanguage(code=code) for code in dict.fromkeys(preferences.languages)
    ]
    profile.remote = preferences.remote
    profile.working_time = WorkingTime(preferences.working_time)
    profile.available_from = preferences.start_on
    profile.contracts = preferences.contracts


def write_from_registration(
    session: Session,
    person_id: int,
    *,
    snapshot: RegisterSnapshot,
    contact: Contact,
    occupations: list[str],
    preferences: Preferences | None,
) -> JobseekerProfile:
    """Registration is the record's first writer; a later registration brings it up to date."""
    profile = _get_or_add(session, person_id)
    _set_contact(profile, contact)
    _set_occupations(profile, occupations, suggested_from_registers(snapshot))
    if preferences is not None:
        _set_preferences(profile, preferences)
    education = snapshot.section("education").values
    if education is not None and education.highest_isced is not None:
        profile.education_level, profile.education_source = education.highest_isced, EducationSource.REGISTER
    _set_from_registers(profile, snapshot)
    return profile


def _set_from_registers(profile: JobseekerProfile, snapshot: RegisterSnapshot) -> None:
    """What matching ranks by and only the registers know: where the person lives, whether they
    receive social assistance, and their employment history. A register that did not answer
    leaves the earlier value."""
    population = snapshot.section("population").values
    if population is not None:
        profile.home_municipality = population.municipality_code
    assistance = snapshot.section("social_assistance")
    if not assistance.failed:  # unknown: the register has no record of the person
        values = assistance.values
        profile.social_assistance_category = (
            values.category if values is not None and values.receiving else None
        )
    employment = snapshot.section("employment").values
    if employment is not None:
        profile.employments = [
            ProfileEmployment(
                isco_code=job.isco_code,
                employer_name=job.employer_name,
                started_on=job.start_date,
                ended_on=job.end_date,
            )
            for job in employment.employments
            if job.isco_code
        ]


# --- the person's own changes ("my profile") -----------------------------------------------------


class NoProfile(Exception):
    """The person has not registered yet: there is nothing to edit."""


class ProfileConflict(Exception):
    """The record was changed elsewhere (another tab or device) since this page was loaded."""


def _edit(
    person_id: int, version: int, what: str, change: Callable[[JobseekerProfile], None]
) -> JobseekerProfile:
    with db.write() as session:
        profile = session.scalar(
            select(JobseekerProfile)
            .where(JobseekerProfile.person_id == person_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        if profile is None:
            raise NoProfile
        if profile.version != version:
            raise ProfileConflict
        change(profile)
        audit.record(
            session,
            AuditTag.PROFILE_UPDATE,
            actor_role="jobseeker",
            purpose=f"the person changed their {what}",
            actor_person_id=person_id,
            subject_person_id=person_id,
        )
    return profile


def update_contact(person_id: int, version: int, contact: Contact) -> JobseekerProfile:
    return _edit(person_id, version, "contact details", lambda profile: _set_contact(profile, contact))


def update_occupations(person_id: int, version: int, codes: list[str]) -> JobseekerProfile:
    def change(profile: JobseekerProfile) -> None:
        _set_occupations(profile, codes, {})

    return _edit(person_id, version, "occupations", change)


def update_preferences(person_id: int, version: int, preferences: Preferences) -> JobseekerProfile:
    return _edit(
        person_id, version, "work preferences", lambda profile: _set_preferences(profile, preferences)
    )


def update_other_details(
    person_id: int, version: int, *, driving_licence: list[str], wage_expectation: int | None
) -> JobseekerProfile:
    def change(profile: JobseekerProfile) -> None:
        profile.driving_licence = ",".join(dict.fromkeys(driving_licence)) or None
        profile.wage_expectation = wage_expectation

    return _edit(person_id, version, "driving licence and wage expectation", change)


def update_proposals(person_id: int, version: int, *, opt_out: bool) -> JobseekerProfile:
    """Whether counsellors may propose the person to employers (matching leaves them out)."""

    def change(profile: JobseekerProfile) -> None:
        profile.proposals_opt_out = opt_out

    return _edit(person_id, version, "choice about being proposed to employers", change)
