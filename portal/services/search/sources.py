"""Keeping the index in step with the vacancy and training rows.

Why not database triggers: the indexed text is computed in Python — the description's markup
stripped, the ISCO-08 titles and synonyms of all five languages looked up in the reference CSVs,
counties from the profile's municipality list, everything folded — which neither SQLite nor
PostgreSQL triggers can do. And why not a call in each service: every path that changes a vacancy
(the employer's edit, the counsellor's publish, a report, the expiry job, the seed, the generator)
would have to remember it. So the index follows the ORM's unit of work instead:

- `after_flush`: every flushed `Vacancy`, `VacancyPlace` or `Training` (new, changed, deleted) has
  its entry rebuilt from the rows as flushed, in the same transaction, with Core statements;
- `do_orm_execute`: after a bulk `update()`/`delete()` of vacancies or trainings (the daily expiry),
  entries of rows that are no longer published are dropped and published rows without an entry
  are added (`reconcile`);
- `reindex()` (`flask search reindex`) rebuilds everything, e.g. after restoring a backup.

A row is in the index exactly while its state is `published`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from flask import has_app_context
from sqlalchemy import Connection, delete, event, select
from sqlalchemy.orm import ORMExecuteState, Session

from portal.models.search import EntryKind, SearchEntry
from portal.models.training import Training, TrainingState
from portal.models.vacancy import EmployerCompany, RemoteWork, Vacancy, VacancyPlace, VacancyState
from portal.services.reference_data import county_of
from portal.services.search.index import Document, drop, optimize, put

BATCH = 500


def _profile_code() -> str:
    if not has_app_context():
        return ""
    from portal.profiles import current_profile

    return current_profile().code


def _places(profile: str, codes: Iterable[str]) -> tuple[tuple[str, str], ...]:
    return tuple((code, county_of(profile, code) if profile else "") for code in codes)


def vacancy_documents(connection: Connection, ids: Iterable[int]) -> list[Document]:
    """Documents of the published vacancies among `ids` (the others have none)."""
    ids = list(ids)
    if not ids:
        return []
    profile = _profile_code()
    v = Vacancy.__table__.c
    rows = connection.execute(
        select(Vacancy.__table__, EmployerCompany.__table__.c.name.label("company_name"))
        .join(EmployerCompany.__table__, EmployerCompany.__table__.c.registry_code == v.employer_code)
        .where(v.id.in_(ids), v.state == VacancyState.PUBLISHED.value)
    ).all()
    places: dict[int, list[str]] = {}
    place = VacancyPlace.__table__.c
    for vacancy_id, code in connection.execute(
        select(place.vacancy_id, place.municipality_code)
        .where(place.vacancy_id.in_([row.id for row in rows]))
        .order_by(place.vacancy_id, place.id)
    ):
        places.setdefault(vacancy_id, []).append(code)
    return [
        Document(
            kind=EntryKind.VACANCY,
            ref_id=row.id,
            title=row.title,
            description_html=row.description or "",
            published_at=row.published_at or row.created_at,
            organisation=row.company_name or "",
            occupation_code=row.occupation_code,
            municipalities=_places(profile, places.get(row.id, [])),
            remote=_value(row.remote) in (RemoteWork.HYBRID.value, RemoteWork.REMOTE.value),
            working_time=_value(row.working_time),
            contract=_value(row.contract),
            wage_min=row.wage_min,
            wage_max=row.wage_max,
            education_level=row.education_level,
            deadline=row.deadline,
        )
        for row in rows
    ]


def training_documents(connection: Connection, ids: Iterable[int]) -> list[Document]:
    ids = list(ids)
    if not ids:
        return []
    profile = _profile_code()
    t = Training.__table__.c
    rows = connection.execute(
        select(Training.__table__).where(t.id.in_(ids), t.state == TrainingState.PUBLISHED.value)
    ).all()
    return [
        Document(
            kind=EntryKind.TRAINING,
            ref_id=row.id,
            title=row.title,
            description_html=row.description or "",
            published_at=row.published_at or row.created_at,
            organisation=row.provider_name or "",
            occupation_code=row.isco_code,
            municipalities=_places(profile, [row.municipality_code] if row.municipality_code else []),
            remote=bool(row.remote),
            deadline=row.starts_on,
            extra_text=row.certificate or "",
        )
        for row in rows
    ]


def _value(value: object) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


DOCUMENTS = {EntryKind.VACANCY: vacancy_documents, EntryKind.TRAINING: training_documents}


def refresh(connection: Connection, kind: EntryKind, ids: Iterable[int]) -> None:
    """Rebuild the entries of these rows: published ones are (re)indexed, the others dropped."""
    ids = sorted(set(ids))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        drop(connection, kind, chunk)
        put(connection, DOCUMENTS[kind](connection, chunk))


def reconcile(connection: Connection, kind: EntryKind) -> None:
    """After a bulk statement: drop entries of rows no longer published, add missing published rows."""
    table = Vacancy.__table__ if kind is EntryKind.VACANCY else Training.__table__
    published = select(table.c.id).where(table.c.state == "published")
    connection.execute(
        delete(SearchEntry).where(SearchEntry.kind == kind.value, SearchEntry.ref_id.not_in(published))
    )
    indexed = select(SearchEntry.ref_id).where(SearchEntry.kind == kind.value)
    missing = connection.scalars(published.where(table.c.id.not_in(indexed))).all()
    refresh(connection, kind, missing)


def reindex(connection: Connection) -> dict[EntryKind, int]:
    """Rebuild the whole index from the vacancy and training tables."""
    counts = {}
    for kind, table in ((EntryKind.VACANCY, Vacancy.__table__), (EntryKind.TRAINING, Training.__table__)):
        connection.execute(delete(SearchEntry).where(SearchEntry.kind == kind.value))
        ids = connection.scalars(select(table.c.id).where(table.c.state == "published")).all()
        refresh(connection, kind, ids)
        counts[kind] = len(ids)
    optimize(connection)
    return counts


# --- following the unit of work ----------------------------------------------------------------


def _touched(session: Session) -> dict[EntryKind, set[int]]:
    touched: dict[EntryKind, set[int]] = {EntryKind.VACANCY: set(), EntryKind.TRAINING: set()}
    for obj in itertools.chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Vacancy):
            touched[EntryKind.VACANCY].add(obj.id)
        elif isinstance(obj, VacancyPlace):
            touched[EntryKind.VACANCY].add(obj.vacancy_id)
        elif isinstance(obj, Training):
            touched[EntryKind.TRAINING].add(obj.id)
    return touched


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: object) -> None:
    touched = _touched(session)
    if not any(touched.values()):
        return
    connection = session.connection()
    for kind, ids in touched.items():
        ids.discard(None)
        if ids:
            refresh(connection, kind, ids)


@event.listens_for(Session, "do_orm_execute")
def _after_bulk(state: ORMExecuteState) -> object:
    if not (state.is_update or state.is_delete):
        return None
    entity = state.bind_mapper.class_ if state.bind_mapper is not None else None
    kind = {Vacancy: EntryKind.VACANCY, Training: EntryKind.TRAINING}.get(entity)
    if kind is None:
        return None
    connection = state.session.connection()
    where = getattr(state.statement, "whereclause", None)
    table = entity.__table__
    # The rows the statement touches, read before it runs (an expiry changes the state it selects by).
    ids = connection.scalars(
        select(table.c.id).where(where) if where is not None else select(table.c.id)
    ).all()
    result = state.invoke_statement()
    refresh(connection, kind, ids)
    reconcile(connection, kind)
    return result
