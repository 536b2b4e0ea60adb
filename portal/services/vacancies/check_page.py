"""What the counsellor's check page shows of one vacancy, in one statement (`checked_vacancy`).

The vacancy with its company, its places, its languages, its reports not yet handled and its
history were an ORM statement (the vacancy joined to each collection) and a statement for the
history. On PostgreSQL each statement costs a round trip (~0.15 ms of the server's CPU), and the
ORM's objects cost more client CPU than the rows they are made of: here they are one UNION ALL
of rows, one SELECT per part, read as named tuples and put together as the page reads them.

Every SELECT of the union has the same slots, each typed (a NULL of the slot's type where a part
has no such column: PostgreSQL cannot match an untyped NULL, taken as text, with a timestamp), so
the rows are read alike whichever SELECT comes first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Integer, Select, bindparam, cast, literal_column, null, select, type_coerce, union_all

from portal.models.vacancy import (
    ActorRole,
    EmployerCompany,
    Vacancy,
    VacancyLanguage,
    VacancyPlace,
    VacancyReport,
    VacancyState,
    VacancyStateChange,
)
from portal.services import core_rows
from portal.services.vacancies.queries import LanguageRow

VACANCY, PLACES, LANGUAGES, REPORTS, HISTORY = range(5)

# What the page shows of the vacancy (its details, how to apply, the check's flags) and of its
# company: part VACANCY's slots.
_VACANCY_COLUMNS = {
    column.key: column
    for column in (
        Vacancy.id,
        Vacancy.employer_code,
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
        Vacancy.state,
        Vacancy.needs_check,
        Vacancy.check_flags,
        Vacancy.published_at,
        Vacancy.edited_at,
    )
}
_COMPANY_COLUMNS = {
    "company_id": EmployerCompany.id,
    "company_name": EmployerCompany.name,
    "company_verified": EmployerCompany.verified,
}
_change = VacancyStateChange.__table__.c
# The other parts' slots: a place's or language's code, a report's or a change's text; a change's
# time, role and states; the order within a part (`at`, then `seq`, the row's id).
_OTHER_SLOTS = {
    "text": VacancyReport.__table__.c.reason.type,
    "level": VacancyLanguage.__table__.c.level.type,
    "at": _change.at.type,
    "role": _change.actor_role.type,
    "from_state": _change.from_state.type,
    "to_state": _change.to_state.type,
    "seq": Integer(),
}
_SLOTS = {
    **{name: column.type for name, column in (_VACANCY_COLUMNS | _COMPANY_COLUMNS).items()},
    **_OTHER_SLOTS,
}
_VACANCY_ID = bindparam("vacancy_id", type_=Integer())


def _part(number: int, from_: Any, where: Any, columns: dict[str, Any]) -> Select[Any]:
    """One SELECT of the union: its part number, then every slot, `columns` where it has them."""
    return (
        select(
            literal_column(str(number), Integer()).label("part"),
            *(
                (type_coerce(columns[name], kind) if name in columns else cast(null(), kind)).label(name)
                for name, kind in _SLOTS.items()
            ),
        )
        .select_from(from_)
        .where(where)
    )


_report, _place, _language = VacancyReport.__table__.c, VacancyPlace.__table__.c, VacancyLanguage.__table__.c
_CHECK_PAGE = union_all(
    _part(
        VACANCY,
        Vacancy.__table__.outerjoin(
            EmployerCompany.__table__, EmployerCompany.registry_code == Vacancy.employer_code
        ),
        Vacancy.id == _VACANCY_ID,
        _VACANCY_COLUMNS | _COMPANY_COLUMNS,
    ),
    _part(
        PLACES,
        VacancyPlace.__table__,
        _place.vacancy_id == _VACANCY_ID,
        {"text": _place.municipality_code, "seq": _place.id},
    ),
    _part(
        LANGUAGES,
        VacancyLanguage.__table__,
        _language.vacancy_id == _VACANCY_ID,
        {"text": _language.language, "level": _language.level, "seq": _language.id},
    ),
    _part(
        REPORTS,
        VacancyReport.__table__,
        (_report.vacancy_id == _VACANCY_ID) & _report.handled_at.is_(None),
        {"text": _report.reason, "at": _report.created_at, "seq": _report.id},
    ),
    _part(
        HISTORY,
        VacancyStateChange.__table__,
        _change.vacancy_id == _VACANCY_ID,
        {
            "text": _change.reason,
            "at": _change.at,
            "role": _change.actor_role,
            "from_state": _change.from_state,
            "to_state": _change.to_state,
            "seq": _change.id,
        },
    ),
).order_by(literal_column("part"), literal_column("at"), literal_column("seq"))


class PlaceRow(NamedTuple):
    municipality_code: str


class ReportRow(NamedTuple):
    reason: str


class HistoryRow(NamedTuple):
    """A state change as the history table shows it (the columns of `queries.history`)."""

    at: dt.datetime
    actor_role: ActorRole
    from_state: VacancyState | None
    to_state: VacancyState
    reason: str | None


@dataclass(frozen=True, slots=True)
class CheckedCompany:
    name: str
    verified: bool


class CheckedVacancy:
    """The vacancy's columns of `_VACANCY_COLUMNS` as attributes, with its `places` and
    `languages` (in id order), `company` (None without a profile), `open_reports` (oldest first)
    and `history` (oldest first): what the check page and the vacancy's details read."""

    municipality_codes: list[str]

    def __init__(self, rows: list[Any]) -> None:
        first = rows[0]
        self.__dict__.update({name: getattr(first, name) for name in _VACANCY_COLUMNS})
        self.company = (
            CheckedCompany(first.company_name, first.company_verified)
            if first.company_id is not None
            else None
        )
        self.places = [PlaceRow(row.text) for row in rows if row.part == PLACES]
        self.municipality_codes = [place.municipality_code for place in self.places]
        self.languages = [LanguageRow(row.text, row.level) for row in rows if row.part == LANGUAGES]
        self.open_reports = [ReportRow(row.text) for row in rows if row.part == REPORTS]
        self.history = [
            HistoryRow(row.at, row.role, row.from_state, row.to_state, row.text)
            for row in rows
            if row.part == HISTORY
        ]


def checked_vacancy(vacancy_id: int) -> CheckedVacancy | None:
    """Any vacancy as the check page shows it; None when there is none."""
    # On the driver's cursor: the engine's execution context and result metadata (a column
    # object per slot, ~40) cost more than the union's few rows.
    rows = core_rows.read_kept_named(_CHECK_PAGE, {"vacancy_id": vacancy_id})
    return CheckedVacancy(rows) if rows and rows[0].part == VACANCY else None
