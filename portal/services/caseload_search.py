"""The caseload's search: a personal code finds that person (or says which other office has them),
anything else is a name prefix within the office."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Integer, bindparam, or_, select

from portal.extensions import db
from portal.models import JobseekerCase, Person
from portal.profiles import CountryProfile
from portal.services.caseload import SORTS
from portal.services.caseload_rows import CaseRow, row, rows_statement


@dataclass(frozen=True)
class Elsewhere:
    case_id: int
    office: str
    national_code: str


@dataclass(frozen=True)
class SearchResult:
    rows: list[CaseRow]
    elsewhere: list[Elsewhere] = field(default_factory=list)  # exact code, another office


SEARCH_LIMIT = 50


# Built once (the office, the code or the prefix bound at execution): building and keying the
# statement cost more than running it.
_OFFICE_ROWS = rows_statement(SORTS["name"]).where(
    JobseekerCase.office == bindparam("office"), JobseekerCase.closed_on.is_(None)
)
_BY_CODE = _OFFICE_ROWS.where(Person.national_code == bindparam("code"))
_PREFIX = bindparam("prefix")
_BY_PREFIX = _OFFICE_ROWS.where(
    or_(JobseekerCase.family_key.startswith(_PREFIX), JobseekerCase.given_key.startswith(_PREFIX))
).limit(bindparam("search_limit", type_=Integer))


def search(office: str, text: str, profile: CountryProfile) -> SearchResult:
    """A personal code finds exactly that person (in another office too, marked so); anything else
    is a name prefix (family or given name) within the office."""
    text = text.strip()
    if not text:
        return SearchResult([])
    if profile.is_valid_national_id(text):
        code = profile.parse_national_id(text).code
        found = [row(values) for values in db.session.execute(_BY_CODE, {"office": office, "code": code})]
        if found:
            return SearchResult(found)
        # The same person in another office: listed (code and office only) so the counsellor may
        # ask to open it, which needs a break-glass reason.
        elsewhere = db.session.execute(
            select(JobseekerCase.id, JobseekerCase.office)
            .join(Person, Person.id == JobseekerCase.person_id)
            .where(Person.national_code == code, JobseekerCase.office != office)
        ).all()
        return SearchResult([], [Elsewhere(case_id, other, code) for case_id, other in elsewhere])
    prefix = text.casefold().replace("\\", "").replace("%", "").replace("_", "")
    if not prefix:
        return SearchResult([])
    params = {"office": office, "prefix": prefix, "search_limit": SEARCH_LIMIT}
    return SearchResult([row(values) for values in db.session.execute(_BY_PREFIX, params)])
