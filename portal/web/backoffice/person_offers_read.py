"""What a person's offers page (`views/offers.py`) reads: the person with their case, the
social-assistance section of their latest registration's register answers and the signed-in staff
member; their offers and candidacies;
and what the select offers.

Without words that is one statement: the offers' union (`offers.rows`) with the subjects' parts
and a part for the person and the signed-in staff member. With words, the person
in a statement of their own, the offers and candidacies in one and the search for the subjects.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from portal.extensions import db
from portal.models import JobseekerCase, Person, StaffMember, StaffRole
from portal.models.person import full_name
from portal.services.core_rows import read_kept
from portal.services.offers import rows
from portal.services.offers.answering import latest_social_assistance
from portal.services.offers.timeline import offers_and_candidacies
from portal.services.search import SearchQuery
from portal.web.backoffice.case_access import check_office, keep_staff, staff_values, with_staff
from portal.web.backoffice.offer_subjects import (
    MEASURES_PART,
    SHOWN_SUBJECTS,
    SUBJECT_PARTS,
    TRAININGS_PART,
    VACANCIES_PART,
    listed_subjects,
    unsearched_titles,
)
from portal.web.backoffice.views.appeals import is_staff
from portal.web.records import authorize


class ShownPerson(NamedTuple):
    """What the page shows of the person (and the audit's pseudonym)."""

    id: int
    country: str
    national_code: str
    given_name: str
    family_name: str

    @property
    def full_name(self) -> str:
        return full_name(self.given_name, self.family_name)


class ShownCase(NamedTuple):
    """What the page shows of the case, and what its office rule reads."""

    id: int
    office: str


class Read(NamedTuple):
    """Everything the page reads: the person, their case (if any) and the social-assistance
    section of their latest register answers, their offers and candidacies (as rows) and what the
    select offers (each subject's key and title)."""

    person: ShownPerson
    case: ShownCase | None
    social_assistance: dict[str, Any] | None
    offers: list[rows.OfferRow]
    candidacies: list[tuple[rows.CandidacyRow, str]]
    subjects: dict[str, str]


# The person with their case (at most one: `jobseeker_case.person_id` is unique), the
# social-assistance section of their latest registration's register answers and the signed-in
# staff member (the case's office rule), one statement; of the person and the case only the
# columns the page shows (whole rows cost about 3.5 times as much).
_PERSON_AND_CASE = with_staff(
    select(
        Person.id,
        Person.country,
        Person.national_code,
        Person.given_name,
        Person.family_name,
        JobseekerCase.id,
        JobseekerCase.office,
        latest_social_assistance(Person.id).scalar_subquery(),
    )
    .outerjoin(JobseekerCase, JobseekerCase.person_id == Person.id)
    .where(Person.id == bindparam("person_id"))
)

# `_PERSON_AND_CASE`'s columns as a part of the page's union (one row, none when no such person),
# with the signed-in staff member's columns (`staff_person_id`).
PERSON_PART = MEASURES_PART + 1
_PERSON_BRANCH = rows.branch(
    PERSON_PART,
    from_=Person.__table__.outerjoin(JobseekerCase.__table__, JobseekerCase.person_id == Person.id).outerjoin(
        StaffMember.__table__, StaffMember.person_id == bindparam("staff_person_id")
    ),
    where=Person.id == rows.PERSON,
    i1=Person.id,
    i2=JobseekerCase.id,
    i3=StaffMember.id,
    s1=Person.country,
    s2=Person.national_code,
    s3=Person.given_name,
    s4=Person.family_name,
    s5=JobseekerCase.office,
    s6=StaffMember.role,
    s7=StaffMember.office,
    t1=StaffMember.created_at,
    j1=latest_social_assistance(Person.id).scalar_subquery(),
)
# The page without words in one statement, read on the driver's cursor as rows by position
# (`core_rows.read_kept`: no execution context, result metadata or Row objects per request).
_PERSON_PAGE = rows.person_statement(*SUBJECT_PARTS, _PERSON_BRANCH)
# Positions in a row (`rows.WIDTH`'s order: part, i1-i3, s1-s9, t1-t5, d1, j1).
_I1, _I2, _I3, _S1, _S5, _S6, _S7, _T1, _J1 = 1, 2, 3, 4, 8, 9, 10, 13, 19


def _staff_of(row: Any, person_id: int) -> StaffMember | None:
    """The signed-in staff member (`person_id`) from the person's row, as `with_staff` would have
    read them: a row known to be in the table, so the session takes it as loaded, without a
    statement (SQLAlchemy's `make_transient_to_detached`, then `Session.add`); the one the
    session holds already, if it does."""
    if row[_I3] is None:
        return None
    held = db.session.identity_map.get(identity_key(StaffMember, row[_I3]))
    if held is not None:
        return held
    staff = StaffMember(
        id=row[_I3], person_id=person_id, role=StaffRole(row[_S6]), office=row[_S7], created_at=row[_T1]
    )
    make_transient_to_detached(staff)
    db.session.add(staff)
    return staff


def _checked(person_id: int, person: ShownPerson | None, case: ShownCase | None) -> ShownPerson:
    """The person's policy (`load_authorized`'s) on the row read (404 when none), then, through
    their case when they have one, the case's office rule (and its break-glass step), as for the
    rest of the case."""
    shown = authorize(Person, person_id, person, is_staff)
    if case is not None:
        check_office(case)  # `load_case`'s office rule
    return shown


def read_page(person_id: int, find: str) -> Read:
    """What the page shows, for the words `find` the counsellor searched the subjects for."""
    if find and SearchQuery(text=find, per_page=SHOWN_SUBJECTS).terms:
        return _read_found(person_id, find)
    values = staff_values()
    parts = rows.split(read_kept(_PERSON_PAGE, {"person_id": person_id, **values})[1], PERSON_PART + 1)
    found = parts[PERSON_PART][0] if parts[PERSON_PART] else None
    person = case = None
    if found is not None:
        keep_staff(_staff_of(found, values["staff_person_id"]))
        # i1, s1-s4 the person; i2, s5 the case; i3, s6, s7, t1 the staff member; j1 the section.
        person = ShownPerson(found[_I1], *found[_S1 : _S1 + 4])
        case = ShownCase(found[_I2], found[_S5]) if found[_I2] is not None else None
    return Read(
        _checked(person_id, person, case),
        case,
        found[_J1] if found is not None else None,
        [rows.offer_of(row) for row in parts[rows.OFFERS]],
        [rows.candidacy_of(row) for row in parts[rows.CANDIDACIES]],
        unsearched_titles(parts[VACANCIES_PART] + parts[TRAININGS_PART] + parts[MEASURES_PART]),
    )


def _read_found(person_id: int, find: str) -> Read:
    """With words: the person, then the offers and candidacies in one statement and the search."""
    found = db.session.execute(_PERSON_AND_CASE, {"person_id": person_id, **staff_values()}).first()
    person = case = None
    if found is not None:
        keep_staff(found[8])
        person = ShownPerson(*found[:5])
        case = ShownCase(found[5], found[6]) if found[5] is not None else None
    shown = _checked(person_id, person, case)
    offers, candidacies = offers_and_candidacies(person_id)
    listed = listed_subjects(find)
    titles = {key: subject.title for key, subject in listed.items()}
    return Read(shown, case, found[7] if found is not None else None, offers, candidacies, titles)
