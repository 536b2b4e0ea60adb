"""Bulk-load a generated population (`population.py`) into the database: the benchmark's
100,000 jobseekers and vacancies in about a minute, with explicit ids: through PostgreSQL's
`COPY ... FROM STDIN` (psycopg's copy protocol; 1,000,000 jobseekers become about ten million
rows), and through batched executemany INSERTs on SQLite.

Only for benchmark and development databases: it writes persons, registrations and records that
no register knows of (national codes starting with 9, which no real code does).
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Integer, Table, func, insert, select, text

from portal.extensions import db
from portal.models import (
    JobseekerProfile,
    ListStanding,
    Person,
    ProfileEmployment,
    ProfileLanguage,
    ProfileOccupation,
    ProfilePlace,
    Registration,
)
from portal.models.base import utcnow
from portal.models.vacancy import EmployerCompany, Vacancy, VacancyLanguage, VacancyPlace, place_codes
from portal.profiles import get_profile
from portal.services import reference_data
from portal.services.matching.population import Jobseeker, generate
from portal.services.matching.population import Vacancy as GeneratedVacancy

BATCH = 5000
COMPANIES = 2000


@dataclass(frozen=True)
class Loaded:
    jobseekers: int
    vacancies: int
    outcomes: dict[int, int]  # person id -> vacancy id of their next job


def _next_id(table: Table) -> int:
    return (db.session.scalar(select(func.max(table.c.id))) or 0) + 1


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(table: Table, rows: Iterable[dict[str, Any]]) -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        _copy(table, rows)
        return
    for batch in _batches(rows):
        db.session.execute(insert(table), batch)


def _copy(table: Table, rows: Iterable[dict[str, Any]]) -> None:
    """COPY the rows in, in the session's transaction. The columns are the first row's, plus
    those with a Python-side default (which COPY, unlike an ORM or Core insert, would not apply)."""
    found = iter(rows)
    first = next(found, None)
    if first is None:
        return
    defaults = {
        column.name: column.default
        for column in table.columns
        if column.name not in first and column.default is not None and not column.default.is_sequence
    }
    names = [*first, *defaults]
    json_columns = {column.name for column in table.columns if isinstance(column.type, JSON)}
    # The generator rounds wages as floats (1530.0); an INSERT casts them, COPY's text does not.
    integer_columns = {column.name for column in table.columns if isinstance(column.type, Integer)}

    def value(name: str, row: dict[str, Any]) -> object:
        if name in defaults:
            default = defaults[name]
            found_value = default.arg(None) if default.is_callable else default.arg  # type: ignore[attr-defined]
        else:
            found_value = row[name]
        if name in json_columns:
            return json.dumps(found_value)
        if name in integer_columns and isinstance(found_value, float):
            return int(found_value)
        return found_value.value if isinstance(found_value, enum.Enum) else found_value

    # A million rows take longer than the portal's statement timeout: lifted for this transaction.
    db.session.execute(text("SET LOCAL statement_timeout = 0"))
    connection = db.session.connection().connection.driver_connection
    columns = ", ".join(f'"{name}"' for name in names)
    with connection.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:  # type: ignore[union-attr]
        for row in itertools.chain((first,), found):
            copy.write_row([value(name, row) for name in names])


def _people(country: str, people: list[Jobseeker], first: int, now: dt.datetime) -> None:
    digits = 11 if country == "EE" else 10
    _insert(
        Person.__table__,
        (
            {
                "id": first + i,
                "country": country,
                "national_code": "9" + str(first + i).zfill(digits - 1),
                "given_name": "Test",
                "family_name": f"Person {first + i}",
                "names_from_register": False,
                "created_at": now,
                "updated_at": now,
            }
            for i in range(len(people))
        ),
    )
    _insert(
        Registration.__table__,
        (
            {
                "id": first + i,
                "reference": f"GEN-{first + i}",
                "person_id": first + i,
                "kind": "unemployed",
                "state": "registered",
                "submitted_at": now,
                "decision_due_on": person.registered_on,
                "registered_on": person.registered_on,
                "consent_at": now,
                "consent_version": "generated",
                "register_data": {},
                "answers": {},
                "review_reasons": [],
            }
            for i, person in enumerate(people)
        ),
    )


def _standings(country: str, people: list[Jobseeker], first: int) -> None:
    """The offers module's list order, as `list_order.enter` makes it at registration."""
    priority = get_profile(country).refusals.list_priority_category
    _insert(
        ListStanding.__table__,
        (
            {
                "person_id": first + i,
                "registered_on": p.registered_on,
                "priority": priority is not None and p.social_assistance_category == priority,
            }
            for i, p in enumerate(people)
        ),
    )


def _records(people: list[Jobseeker], first: int, now: dt.datetime) -> None:
    _insert(
        JobseekerProfile.__table__,
        (
            {
                "id": first + i,
                "person_id": first + i,
                "working_time": p.working_time,
                "contract_permanent": "permanent" in p.contracts,
                "contract_fixed_term": "fixed_term" in p.contracts,
                "contract_seasonal": "seasonal" in p.contracts,
                "remote": p.remote,
                "available_from": p.available_from,
                "wage_expectation": p.wage_expectation,
                "driving_licence": p.driving_licence,
                "education_level": p.education_level,
                "education_source": "register",
                "home_municipality": p.home,
                "social_assistance_category": p.social_assistance_category,
                "proposals_opt_out": False,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for i, p in enumerate(people)
        ),
    )
    rows = list(enumerate(people))
    _insert(
        ProfileOccupation.__table__,
        (
            {"profile_id": first + i, "isco_code": c, "source": "declared"}
            for i, p in rows
            for c in p.occupations
        ),
    )
    _insert(
        ProfilePlace.__table__,
        ({"profile_id": first + i, "municipality_code": c} for i, p in rows for c in p.preferred),
    )
    _insert(
        ProfileLanguage.__table__,
        ({"profile_id": first + i, "code": c, "level": level} for i, p in rows for c, level in p.languages),
    )
    _insert(
        ProfileEmployment.__table__,
        (
            {"profile_id": first + i, "isco_code": c, "employer_name": None}
            for i, p in rows
            for c in p.history
        ),
    )


def _vacancies(
    country: str, jobs: Iterable[GeneratedVacancy], first: int, today: dt.date, now: dt.datetime
) -> dict[int, int]:
    """Insert the vacancies; answer {index of the hired jobseeker: vacancy id}."""
    companies = _next_id(EmployerCompany.__table__)
    _insert(
        EmployerCompany.__table__,
        (
            {
                "id": companies + i,
                "registry_code": f"9{companies + i:07d}",
                "name": f"Generated employer {companies + i}",
                "verified": True,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for i in range(COMPANIES)
        ),
    )
    hired: dict[int, int] = {}
    vacancy_rows, place_rows, language_rows = [], [], []
    currency = "EUR"  # both profiles' currency
    language = get_profile(country).default_language
    for i, job in enumerate(jobs):
        vacancy_id = first + i
        if job.hired is not None:
            hired[job.hired] = vacancy_id
        title = _title(job.occupation_code, language)
        where = ", ".join(_place_name(country, code, language) for code in job.places)
        vacancy_rows.append(
            {
                "id": vacancy_id,
                "employer_code": f"9{companies + i % COMPANIES:07d}",
                "title": title,
                "occupation_code": job.occupation_code,
                "description": f"<p>{title}: {where}.</p>",
                "remote": job.remote,
                "working_time": job.working_time,
                "contract": job.contract,
                "contract_end": (job.start_date or today) + dt.timedelta(days=365)
                if job.contract == "fixed_term"
                else None,
                "wage_min": job.wage_min,
                "wage_max": job.wage_max,
                "currency": currency,
                "education_level": job.education_level,
                "driving_licence": job.driving_licence,
                "experience_years": 0,
                "positions": 1,
                "start_date": job.start_date,
                "deadline": today + dt.timedelta(days=30 + i % 30),
                "apply_method": "portal",
                "state": "published",
                "needs_check": False,
                "check_flags": [],
                "created_by_role": "employer",
                "created_at": now,
                "updated_at": now,
                "published_at": now - dt.timedelta(minutes=i),
                "version": 1,
                "place_codes": place_codes(job.places),
            }
        )
        place_rows += [{"vacancy_id": vacancy_id, "municipality_code": code} for code in job.places]
        language_rows += [
            {"vacancy_id": vacancy_id, "language": c, "level": level} for c, level in job.languages
        ]
    _insert(Vacancy.__table__, vacancy_rows)
    _insert(VacancyPlace.__table__, place_rows)
    _insert(VacancyLanguage.__table__, language_rows)
    return hired


def _title(code: str, language: str) -> str:
    found = reference_data.occupation(code, language)
    return found.title[:200] if found is not None else code


def _place_name(country: str, code: str, language: str) -> str:
    found = reference_data.municipality(country, code, language)
    return found.name if found is not None else code


def _reset_sequences() -> None:
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in ("person", "registration", "jobseeker_profile", "employer_company", "vacancy"):
        db.session.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
        )


def load(
    profile_code: str,
    jobseekers: int,
    vacancies: int,
    *,
    seed: int,
    today: dt.date,
    outcomes: Path | None = None,
) -> Loaded:
    people, jobs = generate(profile_code, jobseekers, vacancies, seed=seed, today=today)
    now = utcnow()
    first_person = max(
        _next_id(Person.__table__), _next_id(Registration.__table__), _next_id(JobseekerProfile.__table__)
    )
    with db.write():
        _people(profile_code.upper(), people, first_person, now)
        _records(people, first_person, now)
        _standings(profile_code.upper(), people, first_person)
        hired = _vacancies(profile_code.upper(), jobs, _next_id(Vacancy.__table__), today, now)
        _reset_sequences()
    found = {first_person + index: vacancy_id for index, vacancy_id in hired.items()}
    if outcomes is not None:
        outcomes.write_text(json.dumps({str(k): v for k, v in sorted(found.items())}))
    return Loaded(len(people), vacancies, found)
