"""A jobseeker's saved vacancies: save one from its page or from the search results, remove it,
and the list, newest first, paginated in SQL, each row saying whether the vacancy is still open.

Every query is scoped to the person: nobody reads or changes another person's list (the views
load a saved row with `load_owned`)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models.search import SavedVacancy
from portal.models.vacancy import ClosureReason, EmployerCompany, Vacancy, VacancyState
from portal.services.core_rows import read
from portal.services.paging import Listing, Page, paginate

PAGE_SIZE = 20
MAX_SAVED = 500  # a person's list; beyond this, remove some to save more


class NotSaveable(LookupError):
    """The vacancy does not exist or is not published: only what anyone can read can be saved."""


class TooManySaved(Exception):
    pass


class Standing(enum.StrEnum):
    OPEN = "open"
    EXPIRED = "expired"  # its deadline has passed (closed by the daily job, or about to be)
    CLOSED = "closed"  # filled or withdrawn by the company, or not published any more


@dataclass(frozen=True)
class SavedRow:
    saved: SavedVacancy
    vacancy: Vacancy
    company_name: str
    standing: Standing

    @property
    def open(self) -> bool:
        return self.standing is Standing.OPEN


def standing(vacancy: Vacancy, today: dt.date) -> Standing:
    """Open while published and not past its deadline (the search hides it from the day after)."""
    if vacancy.state is VacancyState.PUBLISHED:
        return Standing.OPEN if vacancy.deadline >= today else Standing.EXPIRED
    if vacancy.closure_reason is ClosureReason.EXPIRED:
        return Standing.EXPIRED
    return Standing.CLOSED


def save(person_id: int, vacancy_id: int) -> SavedVacancy:
    """Keep a published vacancy in the person's list; saving it again changes nothing."""
    existing = _own(person_id, vacancy_id)
    if existing is not None:
        return existing
    state = db.session.scalar(select(Vacancy.state).where(Vacancy.id == vacancy_id))
    if state is not VacancyState.PUBLISHED:
        raise NotSaveable(str(vacancy_id))
    if count(person_id) >= MAX_SAVED:
        raise TooManySaved(str(person_id))
    try:
        with db.write() as session:
            row = SavedVacancy(person_id=person_id, vacancy_id=vacancy_id)
            session.add(row)
    except IntegrityError:  # a double click in two tabs: the other request saved it
        found = _own(person_id, vacancy_id)
        if found is None:
            raise
        return found
    return row


def remove(saved: SavedVacancy) -> None:
    """Remove a row the view loaded as the person's own."""
    remove_vacancy(saved.person_id, saved.vacancy_id)


def remove_vacancy(person_id: int, vacancy_id: int) -> None:
    """Take the vacancy out of the person's list (nothing happens if it is not there)."""
    with db.write() as session:
        session.execute(
            delete(SavedVacancy)
            .where(SavedVacancy.person_id == person_id, SavedVacancy.vacancy_id == vacancy_id)
            .execution_options(synchronize_session=False)
        )


def _own(person_id: int, vacancy_id: int) -> SavedVacancy | None:
    return db.session.scalar(
        select(SavedVacancy).where(SavedVacancy.person_id == person_id, SavedVacancy.vacancy_id == vacancy_id)
    )


# Built once: the search results ask it on every page a jobseeker sees.
_SAVED_IDS = select(SavedVacancy.vacancy_id, SavedVacancy.id).where(
    SavedVacancy.person_id == bindparam("person_id"),
    SavedVacancy.vacancy_id.in_(bindparam("vacancy_ids", expanding=True)),
)


def saved_ids(person_id: int, vacancy_ids: Iterable[int]) -> dict[int, int]:
    """Vacancy id -> saved row id, for the vacancies of a results page the person has saved
    (one query, whatever the page size)."""
    wanted = sorted(set(vacancy_ids))
    if not wanted:
        return {}
    return dict(read(_SAVED_IDS, {"person_id": person_id, "vacancy_ids": wanted}).all())


def title_of(vacancy_id: int) -> str:
    """A vacancy's title, for the saved button's accessible name (titles are public)."""
    return db.session.scalar(select(Vacancy.title).where(Vacancy.id == vacancy_id)) or ""


def count(person_id: int) -> int:
    return (
        db.session.scalar(select(func.count(SavedVacancy.id)).where(SavedVacancy.person_id == person_id)) or 0
    )


# Built once: the statement, its COUNT and its page form (`paginate` runs them with the person's id).
_SAVED_LIST = Listing(
    select(SavedVacancy, Vacancy, EmployerCompany.name)
    .join(Vacancy, Vacancy.id == SavedVacancy.vacancy_id)
    .join(EmployerCompany, EmployerCompany.registry_code == Vacancy.employer_code)
    .where(SavedVacancy.person_id == bindparam("person_id"))
    .order_by(SavedVacancy.created_at.desc(), SavedVacancy.id.desc())
)


def saved_list(person_id: int, number: int, today: dt.date) -> Page[SavedRow]:
    """The person's saved vacancies, newest first: a count and one page (with the company's name)."""
    found = paginate(_SAVED_LIST, number, PAGE_SIZE, scalars=False, params={"person_id": person_id})
    rows = [
        SavedRow(
            saved,
            vacancy,
            name,
            standing(vacancy, today),
        )
        for saved, vacancy, name in found.items
    ]
    return Page(items=rows, total=found.total, number=found.number, size=found.size)
