"""Reading vacancies: a company's lists and figures, a vacancy's history, the public page.
Lists are paginated in SQL and figures counted in SQL; each list is a fixed number of statements
whatever the number of rows, and reads only the columns its page shows.

The statements of the pages read on every visit are built once, with bound parameters: building
a statement and its cache key costs more CPU than SQLite takes to run it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models.shortlist import Candidate
from portal.models.vacancy import (
    EmployerCompany,
    EmployerMessage,
    Vacancy,
    VacancyLanguage,
    VacancyPlace,
    VacancyState,
    VacancyStateChange,
)
from portal.services.core_rows import read_kept, read_kept_named
from portal.services.paging import Page

PAGE_SIZE = 20


def _connection() -> Any:
    """The session's connection, for statements of columns: their rows need none of the ORM's
    execution (about a third of a small read's CPU). The session's autoflush is kept, so a change
    not yet flushed is read as before."""
    session = db.session()
    if session.autoflush:
        session.flush()
    return session.connection()


# count(*), not count(id): PostgreSQL then counts the (employer_code, state) index's entries
# without reading the rows, a plan whose cost hardly depends on the company, so it keeps one plan
# for the statement (with count(id) the plan for an average company's 48 vacancies looked dearer
# than one made for each company, and the statement was planned again on every request).
_COUNTS_BY_STATE = (
    select(Vacancy.state, func.count())
    .where(Vacancy.employer_code == bindparam("employer_code"))
    .group_by(Vacancy.state)
)


# The company's unread messages (the employer navigation's count), as a column of a page's statement.
_UNREAD = (
    select(func.count(EmployerMessage.id))
    .where(EmployerMessage.employer_code == bindparam("employer_code"), EmployerMessage.read_at.is_(None))
    .scalar_subquery()
)
UNREAD = _UNREAD  # for another page's statement, `:employer_code` bound
_COUNTS_AND_UNREAD = _COUNTS_BY_STATE.add_columns(_UNREAD)


def counts_and_unread(employer_code: str) -> tuple[dict[VacancyState, int], int | None]:
    """`counts_by_state` and the company's unread message count in one statement; the count is
    None when the company has no vacancy (no group, no row)."""
    rows = _connection().execute(_COUNTS_AND_UNREAD, {"employer_code": employer_code}).all()
    found = {state: count for state, count, _unread in rows}
    counts = {state: int(found.get(state, 0)) for state in VacancyState}
    return counts, (int(rows[0][2] or 0) if rows else None)


def counts_by_state(employer_code: str) -> dict[VacancyState, int]:
    found = dict(_connection().execute(_COUNTS_BY_STATE, {"employer_code": employer_code}).all())
    return {state: int(found.get(state, 0)) for state in VacancyState}


_COMPANY_WHERE = (
    Vacancy.employer_code == bindparam("employer_code"),
    Vacancy.state == bindparam("state", type_=Vacancy.__table__.c.state.type),
)
_COMPANY_COUNT = select(func.count(Vacancy.id)).where(*_COMPANY_WHERE)
# What a row of the list shows (rows have these as attributes, like a vacancy).
_COMPANY_PAGE = (
    select(Vacancy.id, Vacancy.title, Vacancy.deadline, Vacancy.state, Vacancy.closure_reason)
    .where(*_COMPANY_WHERE)
    .order_by(Vacancy.updated_at.desc(), Vacancy.id.desc())
    .limit(bindparam("page_limit"))
    .offset(bindparam("page_offset"))
)


def company_vacancies(
    employer_code: str, state: VacancyState, page: int = 1, total: int | None = None
) -> Page[Any]:
    """A page of the company's vacancies in one state: rows of id, title, deadline, state and
    closure reason. `total`: the state's count where the caller has it (`counts_by_state`), which
    spares the count's statement."""
    values = {"employer_code": employer_code, "state": state}
    if total is None:
        total = _connection().scalar(_COMPANY_COUNT, values) or 0
    rows = (
        _connection()
        .execute(_COMPANY_PAGE, {**values, "page_limit": PAGE_SIZE, "page_offset": (page - 1) * PAGE_SIZE})
        .all()
    )
    return Page(items=list(rows), total=total, number=page, size=PAGE_SIZE)


# One vacancy with its places and languages in one statement: at most a few rows of each, so the
# joins' product stays tiny, and each `selectinload` would cost a statement and about as much CPU
# as loading the vacancy itself.
_ONE_VACANCY = (
    select(Vacancy)
    .where(Vacancy.id == bindparam("vacancy_id"))
    .options(joinedload(Vacancy.places), joinedload(Vacancy.languages))
)
_ONE_OF_COMPANY = _ONE_VACANCY.where(Vacancy.employer_code == bindparam("employer_code"))


def company_vacancy(employer_code: str, vacancy_id: int) -> Vacancy | None:
    """Scoped by the company: another company's vacancy is simply not found."""
    values = {"vacancy_id": vacancy_id, "employer_code": employer_code}
    return db.session.scalars(_ONE_OF_COMPANY, values).unique().one_or_none()


# The same, with the company's unread messages (the employer navigation's count) as a column of the
# same statement: one statement fewer on every page of one vacancy.
_ONE_OF_COMPANY_WITH_UNREAD = _ONE_OF_COMPANY.add_columns(_UNREAD)


def company_vacancy_with_unread(employer_code: str, vacancy_id: int) -> tuple[Vacancy | None, int | None]:
    """`company_vacancy` and the company's unread message count (None when not found)."""
    values = {"vacancy_id": vacancy_id, "employer_code": employer_code}
    found = db.session.execute(_ONE_OF_COMPANY_WITH_UNREAD, values).unique().one_or_none()
    return (found[0], int(found[1] or 0)) if found else (None, None)


# What the vacancy form shows of one of the company's vacancies (`vacancy_form.data_of`), with its
# places and languages (a row per place and language: a few of each) and the unread count, as
# columns: the form's page made no ORM object of the vacancy, its places and languages.
_FORM_COLUMNS = (
    Vacancy.id,
    Vacancy.state,
    Vacancy.version,
    Vacancy.title,
    Vacancy.occupation_code,
    Vacancy.description,
    Vacancy.remote,
    Vacancy.working_time,
    Vacancy.contract,
    Vacancy.contract_end,
    Vacancy.wage_min,
    Vacancy.wage_max,
    Vacancy.education_level,
    Vacancy.driving_licence,
    Vacancy.experience_years,
    Vacancy.positions,
    Vacancy.start_date,
    Vacancy.deadline,
    Vacancy.apply_method,
    Vacancy.apply_address,
    Vacancy.contact_name,
    Vacancy.contact_email,
    Vacancy.contact_phone,
)


def of_company_with_places(columns: tuple[Any, ...]) -> Select[Any]:
    """One of the company's vacancies as `columns`, then its place's municipality code, a
    language and its level, then the company's unread message count: a row per place and language
    (a few of each), in id order as the entity's relationships are (`ColumnsVacancy` reads them)."""
    return (
        select(*columns, VacancyPlace.municipality_code, VacancyLanguage.language, VacancyLanguage.level)
        .add_columns(_UNREAD)
        .outerjoin(VacancyPlace, VacancyPlace.vacancy_id == Vacancy.id)
        .outerjoin(VacancyLanguage, VacancyLanguage.vacancy_id == Vacancy.id)
        .where(Vacancy.id == bindparam("vacancy_id"), Vacancy.employer_code == bindparam("employer_code"))
        .order_by(VacancyPlace.id, VacancyLanguage.id)
    )


_FORM_OF_COMPANY = of_company_with_places(_FORM_COLUMNS)


@dataclass(frozen=True)
class LanguageRow:
    language: str
    level: str


class ColumnsVacancy:
    """A vacancy read by `of_company_with_places`: its columns (`names`, a subclass's) as
    attributes, its places' municipality codes and its languages (rows of language and level),
    each in id order."""

    names: tuple[str, ...] = ()

    def __init__(self, rows: list[Any]) -> None:
        width = len(self.names)
        self.__dict__.update(zip(self.names, rows[0][:width], strict=True))
        self.municipality_codes = list(dict.fromkeys(row[width] for row in rows if row[width] is not None))
        self.languages = [
            LanguageRow(language, level)
            for language, level in dict.fromkeys(
                (row[width + 1], row[width + 2]) for row in rows if row[width + 1] is not None
            )
        ]


class FormVacancy(ColumnsVacancy):
    """A vacancy as its form reads it (`_FORM_COLUMNS`)."""

    names = tuple(column.key for column in _FORM_COLUMNS)


def company_vacancy_form(employer_code: str, vacancy_id: int) -> tuple[FormVacancy | None, int | None]:
    """What the form shows of one of the company's vacancies, and the company's unread message
    count (None, None when the company has no such vacancy)."""
    values = {"vacancy_id": vacancy_id, "employer_code": employer_code}
    # On the driver's cursor: the engine's execution context and result cost more than its rows.
    _keys, rows = read_kept(_FORM_OF_COMPANY, values)
    return (FormVacancy(rows), int(rows[0][-1] or 0)) if rows else (None, None)


# The company's profile with the company's unread messages (the employer navigation's count) as a
# column: the profile page's statements in one. Its columns, not the ORM's entity: the page only
# reads them (a stale profile is loaded again as an entity by `employers.ensure_company`).
_COMPANY_WITH_UNREAD = select(*EmployerCompany.__table__.c, _UNREAD.label("unread")).where(
    EmployerCompany.registry_code == bindparam("employer_code")
)


def company_with_unread(employer_code: str) -> tuple[Any | None, int | None]:
    """The company's profile (a named tuple of its columns, named as the entity's attributes) and
    its unread message count (None, None when it has no profile)."""
    found = read_kept_named(_COMPANY_WITH_UNREAD, {"employer_code": employer_code})
    return (found[0], int(found[0].unread or 0)) if found else (None, None)


def any_vacancy(vacancy_id: int) -> Vacancy | None:
    """Any vacancy with its places and languages (the check page reads it as rows: `check_page`)."""
    return db.session.scalars(_ONE_VACANCY, {"vacancy_id": vacancy_id}).unique().one_or_none()


# The public page's vacancy with its company, places and languages in one statement (a few rows of
# each: the joins' product stays tiny; each `selectinload` was a statement of its own and cost about
# as much CPU as the vacancy), built once.
_PUBLISHED = (
    select(Vacancy, EmployerCompany)
    .join(EmployerCompany, EmployerCompany.registry_code == Vacancy.employer_code)
    .where(Vacancy.id == bindparam("vacancy_id"), Vacancy.state == VacancyState.PUBLISHED)
    .options(joinedload(Vacancy.places), joinedload(Vacancy.languages))
)


def published_vacancy(vacancy_id: int) -> tuple[Vacancy, EmployerCompany] | None:
    """The public page's vacancy with its company; None unless it is published."""
    found = db.session.execute(_PUBLISHED, {"vacancy_id": vacancy_id}).unique().first()
    return (found[0], found[1]) if found else None


# What the history table shows of each change (rows with these as attributes, like a change's).
_HISTORY = (
    select(
        VacancyStateChange.at,
        VacancyStateChange.actor_role,
        VacancyStateChange.from_state,
        VacancyStateChange.to_state,
        VacancyStateChange.reason,
    )
    .where(VacancyStateChange.vacancy_id == bindparam("vacancy_id"))
    .order_by(VacancyStateChange.at, VacancyStateChange.id)
)


def history(vacancy_id: int) -> list[Any]:
    """The vacancy's state changes, oldest first: rows of at, actor_role, from_state, to_state and
    reason."""
    return list(_connection().execute(_HISTORY, {"vacancy_id": vacancy_id}))


_LAST_RETURN_REASON = (
    select(VacancyStateChange.reason)
    .where(
        VacancyStateChange.vacancy_id == bindparam("vacancy_id"),
        VacancyStateChange.to_state == VacancyState.DRAFT,
        VacancyStateChange.from_state.in_((VacancyState.SUBMITTED, VacancyState.PUBLISHED)),
    )
    .order_by(VacancyStateChange.at.desc(), VacancyStateChange.id.desc())
    .limit(1)
)


def last_return_reason(vacancy_id: int) -> str | None:
    """Why a counsellor last returned this draft (shown to the company while it is a draft)."""
    return _connection().scalar(_LAST_RETURN_REASON, {"vacancy_id": vacancy_id})


def _waiting_where(employer_code: str | Any) -> tuple:
    """A candidate waits for the company while they are on the shortlist of one of its published
    vacancies (accepted an offer or applied), still consent, and the company has recorded no
    outcome for them yet (docs/offers.md, "Shortlists and outcomes"). A closed vacancy's shortlist
    is gone, so its candidates wait for nobody."""
    return (
        Vacancy.employer_code == employer_code,
        Vacancy.state == VacancyState.PUBLISHED,
        Candidate.consent_withdrawn_at.is_(None),
        Candidate.outcome.is_(None),
    )


_WAITING_COUNT = (
    select(func.count(Candidate.id))
    .join(Vacancy, Vacancy.id == Candidate.vacancy_id)
    .where(*_waiting_where(bindparam("employer_code")))
)
_WAITING_BY_VACANCY = (
    select(Vacancy.id, Vacancy.title, func.count(Candidate.id))
    .join(Candidate, Candidate.vacancy_id == Vacancy.id)
    .where(*_waiting_where(bindparam("employer_code")))
    .group_by(Vacancy.id, Vacancy.title)
    .order_by(func.count(Candidate.id).desc(), Vacancy.id)
    .limit(bindparam("limit"))
)


def candidates_waiting(employer_code: str) -> int:
    """How many candidates wait for the company's answer (one counting query)."""
    return _connection().scalar(_WAITING_COUNT, {"employer_code": employer_code}) or 0


def vacancies_with_waiting_candidates(employer_code: str, limit: int = 10) -> list[tuple[int, str, int]]:
    """(vacancy id, title, candidates waiting) for the company's vacancies with someone waiting,
    most waiting first (one grouped query, at most `limit` rows)."""
    return [
        (vacancy_id, title, int(count))
        for vacancy_id, title, count in _connection().execute(
            _WAITING_BY_VACANCY, {"employer_code": employer_code, "limit": limit}
        )
    ]


def waiting_candidates(employer_code: str, limit: int = 10) -> tuple[int, list[tuple[int, str, int]]]:
    """`candidates_waiting` and `vacancies_with_waiting_candidates` together: when fewer than
    `limit` vacancies have someone waiting, the rows hold every waiting candidate and their sum is
    the count, so the counting query is needed only for a company with more."""
    rows = vacancies_with_waiting_candidates(employer_code, limit)
    if len(rows) < limit:
        return sum(count for _id, _title, count in rows), rows
    return candidates_waiting(employer_code), rows
