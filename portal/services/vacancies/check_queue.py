"""The counsellors' check queue: submitted vacancies, and published ones that were published
directly or reported, oldest first, in one statement a page (`check_queue`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, exists, func, or_, select

from portal.models.vacancy import EmployerCompany, Vacancy, VacancyReport, VacancyState
from portal.services import core_rows
from portal.services.paging import Page, written_constants, written_limit
from portal.services.vacancies.queries import PAGE_SIZE


def _open_report():
    return exists().where(VacancyReport.vacancy_id == Vacancy.id, VacancyReport.handled_at.is_(None))


# What counsellors must check: submitted vacancies, and published ones that were published
# directly or reported.
_WAITING = or_(
    Vacancy.state == VacancyState.SUBMITTED,
    (Vacancy.state == VacancyState.PUBLISHED) & Vacancy.needs_check,
)
# Public: the back-office home counts it inside its figures' statement.
CHECK_QUEUE_COUNT = written_constants(select(func.count(Vacancy.id)).where(_WAITING))
_QUEUE_PAGE = written_constants(
    select(
        Vacancy.id,
        Vacancy.title,
        Vacancy.state,
        Vacancy.check_flags,
        Vacancy.needs_check,
        EmployerCompany.name,
        _open_report().label("reported"),
        # The queue's count as a column: an uncorrelated scalar subquery, which both databases run
        # once; on PostgreSQL a statement of its own cost a round trip (~0.15 ms of server CPU).
        CHECK_QUEUE_COUNT.scalar_subquery().label("listing_total"),
    )
    .join(EmployerCompany, EmployerCompany.registry_code == Vacancy.employer_code)
    .where(_WAITING)
    .order_by(Vacancy.updated_at, Vacancy.id)
    .limit(written_limit(PAGE_SIZE))
)
# A later page's offset stays a parameter (one statement for every page), the first page has none.
_LATER_PAGE = _QUEUE_PAGE.offset(bindparam("page_offset"))


@dataclass(frozen=True, slots=True)
class QueuedVacancy:
    """What a row of the check queue shows of the vacancy (attributes, like a vacancy's)."""

    id: int
    title: str
    state: VacancyState
    check_flags: list[str] | None
    needs_check: bool


def check_queue(page: int = 1) -> Page[tuple[QueuedVacancy, str, bool]]:
    """What counsellors must check, oldest first. Rows are (vacancy, company name, reported), the
    vacancy a `QueuedVacancy`. One statement when the page has rows (the count is its column); an
    empty page past the first counts in a second."""
    if page == 1:
        found = core_rows.read(_QUEUE_PAGE).all()
    else:
        found = core_rows.read(_LATER_PAGE, {"page_offset": (page - 1) * PAGE_SIZE}).all()
    # No row: an empty queue on the first page, or a page past the end (counted on its own).
    total = found[0].listing_total if found else (0 if page == 1 else check_queue_count())
    rows = [(QueuedVacancy(*row[:5]), row[5], row[6]) for row in found]
    return Page(items=rows, total=total, number=page, size=PAGE_SIZE)


def check_queue_count() -> int:
    return core_rows.read(CHECK_QUEUE_COUNT).scalar() or 0
