"""What the employer's page of one of its vacancies reads: the vacancy as columns (with its places,
languages and the company's unread count) and its history, both scoped by the company, on the
driver's cursor (`core_rows.read_kept`).

The page read the vacancy as an ORM entity with its places and languages joined in (`joinedload`:
the identity map, three mappers' row processors, the unique filter) and the history through the
engine: about a sixth of the page's CPU for two short statements. On PostgreSQL the history is
announced (`read_ahead`) and goes with the vacancy in one round trip: it is scoped by the company
itself, so the read is allowed before the vacancy is found."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select

from portal.models.vacancy import Vacancy, VacancyStateChange
from portal.services.core_rows import read_ahead, read_kept, read_kept_named
from portal.services.vacancies.queries import ColumnsVacancy, of_company_with_places

# The columns the page shows (`templates/employer/vacancies/page.html`, `vacancies/_details.html`,
# `web.vacancy_view.summary_rows`), as the entity's attributes of the same names.
_COLUMNS = (
    Vacancy.id,
    Vacancy.state,
    Vacancy.closure_reason,
    Vacancy.published_at,
    Vacancy.edited_at,
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
    Vacancy.currency,
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
_OF_COMPANY = of_company_with_places(_COLUMNS)
# `queries.history`'s columns and order, only of a vacancy of the company.
_HISTORY = (
    select(
        VacancyStateChange.at,
        VacancyStateChange.actor_role,
        VacancyStateChange.from_state,
        VacancyStateChange.to_state,
        VacancyStateChange.reason,
    )
    .join(Vacancy, Vacancy.id == VacancyStateChange.vacancy_id)
    .where(
        VacancyStateChange.vacancy_id == bindparam("vacancy_id"),
        Vacancy.employer_code == bindparam("employer_code"),
    )
    .order_by(VacancyStateChange.at, VacancyStateChange.id)
)


class PageVacancy(ColumnsVacancy):
    """A vacancy as its employer's page reads it (`_COLUMNS`)."""

    names = tuple(column.key for column in _COLUMNS)


def vacancy_with_unread(employer_code: str, vacancy_id: int) -> tuple[PageVacancy | None, int | None]:
    """The company's vacancy as its page shows it and the company's unread message count (None,
    None when the company has no such vacancy). Its history is read ahead (`history`)."""
    values = {"vacancy_id": vacancy_id, "employer_code": employer_code}
    read_ahead(_HISTORY, values)
    _keys, rows = read_kept(_OF_COMPANY, values)
    return (PageVacancy(rows), int(rows[0][-1] or 0)) if rows else (None, None)


def history(employer_code: str, vacancy_id: int) -> list[Any]:
    """The company's vacancy's state changes, oldest first: named tuples of at, actor_role,
    from_state, to_state and reason."""
    return read_kept_named(_HISTORY, {"vacancy_id": vacancy_id, "employer_code": employer_code})
