"""Reading vacancies: a company's lists and figures, the counsellors' check queue, the public page.
Lists are paginated in SQL and figures counted in SQL; each list is a fixed number of statements
whatever the number of rows (places and languages are loaded with `selectinload`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db
from portal.models.shortlist import Candidate
from portal.models.vacancy import (
    EmployerCompany,
    Vacancy,
    VacancyReport,
    VacancyState,
    VacancyStateChange,
)

PAGE_SIZE = 20


@dataclass(frozen=True)
class Page:
    rows: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def counts_by_state(employer_code: str) -> dict[VacancyState, int]:
    found = dict(
        db.session.execute(
            select(Vacancy.state, func.count(Vacancy.id))
            .where(Vacancy.employer_code == employer_code)
            .group_by(Vacancy.state)
        ).all()
    )
    return {state: int(found.get(state, 0)) for state in VacancyState}


def company_vacancies(employer_code: str, state: VacancyState, page: int = 1) -> Page:
    where = (Vacancy.employer_code == employer_code, Vacancy.state == state)
    total = db.session.scalar(select(func.count(Vacancy.id)).where(*where)) or 0
    rows = list(
        db.session.scalars(
            select(Vacancy)
            .where(*where)
            .order_by(Vacancy.updated_at.desc(), Vacancy.id.desc())
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
            .options(selectinload(Vacancy.places))
        )
    )
    return Page(rows, total, page, PAGE_SIZE)


def company_vacancy(employer_code: str, vacancy_id: int) -> Vacancy | None:
    """Scoped by the company: another company's vacancy is simply not found."""
    return db.session.scalar(
        select(Vacancy)
        .where(Vacancy.id == vacancy_id, Vacancy.employer_code == employer_code)
        .options(selectinload(Vacancy.places), selectinload(Vacancy.languages))
    )


def any_vacancy(vacancy_id: int) -> Vacancy | None:
    return db.session.scalar(
        select(Vacancy)
        .where(Vacancy.id == vacancy_id)
        .options(selectinload(Vacancy.places), selectinload(Vacancy.languages))
    )


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


def history(vacancy_id: int) -> list[VacancyStateChange]:
    return list(
        db.session.scalars(
            select(VacancyStateChange)
            .where(VacancyStateChange.vacancy_id == vacancy_id)
            .order_by(VacancyStateChange.at, VacancyStateChange.id)
        )
    )


def last_return_reason(vacancy_id: int) -> str | None:
    """Why a counsellor last returned this draft (shown to the company while it is a draft)."""
    return db.session.scalar(
        select(VacancyStateChange.reason)
        .where(
            VacancyStateChange.vacancy_id == vacancy_id,
            VacancyStateChange.to_state == VacancyState.DRAFT,
            VacancyStateChange.from_state.in_((VacancyState.SUBMITTED, VacancyState.PUBLISHED)),
        )
        .order_by(VacancyStateChange.at.desc(), VacancyStateChange.id.desc())
        .limit(1)
    )


def _open_report():
    return exists().where(VacancyReport.vacancy_id == Vacancy.id, VacancyReport.handled_at.is_(None))


def check_queue(page: int = 1) -> Page:
    """What counsellors must check, oldest first: submitted vacancies, and published ones that were
    published directly or reported. Rows are (vacancy, company name, reported)."""
    waiting = or_(
        Vacancy.state == VacancyState.SUBMITTED,
        (Vacancy.state == VacancyState.PUBLISHED) & Vacancy.needs_check,
    )
    total = db.session.scalar(select(func.count(Vacancy.id)).where(waiting)) or 0
    rows = list(
        db.session.execute(
            select(Vacancy, EmployerCompany.name, _open_report().label("reported"))
            .join(EmployerCompany, EmployerCompany.registry_code == Vacancy.employer_code)
            .where(waiting)
            .order_by(Vacancy.updated_at, Vacancy.id)
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        ).all()
    )
    return Page(rows, total, page, PAGE_SIZE)


# Built once: the back-office home shows it on every view.
CHECK_QUEUE_COUNT = select(func.count(Vacancy.id)).where(
    or_(
        Vacancy.state == VacancyState.SUBMITTED,
        (Vacancy.state == VacancyState.PUBLISHED) & Vacancy.needs_check,
    )
)


def check_queue_count() -> int:
    return db.session.scalar(CHECK_QUEUE_COUNT) or 0


def open_reports(vacancy_id: int) -> list[VacancyReport]:
    return list(
        db.session.scalars(
            select(VacancyReport)
            .where(VacancyReport.vacancy_id == vacancy_id, VacancyReport.handled_at.is_(None))
            .order_by(VacancyReport.created_at)
        )
    )


def _waiting_where(employer_code: str) -> tuple:
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


def candidates_waiting(employer_code: str) -> int:
    """How many candidates wait for the company's answer (one counting query)."""
    return (
        db.session.scalar(
            select(func.count(Candidate.id))
            .join(Vacancy, Vacancy.id == Candidate.vacancy_id)
            .where(*_waiting_where(employer_code))
        )
        or 0
    )


def vacancies_with_waiting_candidates(employer_code: str, limit: int = 10) -> list[tuple[int, str, int]]:
    """(vacancy id, title, candidates waiting) for the company's vacancies with someone waiting,
    most waiting first (one grouped query, at most `limit` rows)."""
    waiting = func.count(Candidate.id)
    return [
        (vacancy_id, title, int(count))
        for vacancy_id, title, count in db.session.execute(
            select(Vacancy.id, Vacancy.title, waiting)
            .join(Candidate, Candidate.vacancy_id == Vacancy.id)
            .where(*_waiting_where(employer_code))
            .group_by(Vacancy.id, Vacancy.title)
            .order_by(waiting.desc(), Vacancy.id)
            .limit(limit)
        )
    ]
