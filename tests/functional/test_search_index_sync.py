"""The index follows the vacancy and training rows: only published ones are found, edits show at once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from portal.extensions import db
from portal.models import (
    ContractType,
    EmployerCompany,
    EntryKind,
    RemoteWork,
    SearchEntry,
    SearchPlace,
    Training,
    TrainingState,
    Vacancy,
    VacancyPlace,
    VacancyState,
    VacancyWorkingTime,
)
from portal.models.base import utcnow
from portal.services.search import SearchQuery, search
from portal.services.search.sources import reindex
from tests import trainings

TODAY = dt.date(2026, 12, 3)


def found(text: str, kind: EntryKind = EntryKind.VACANCY, **params) -> list[int]:
    results = search(
        kind,
        SearchQuery.from_params({"q": text, **params}, counties=frozenset({"37", "78"})),
        today=TODAY,
        now=utcnow(),
    )
    return [hit.ref_id for hit in results.hits]


def company() -> None:
    with db.write() as session:
        session.add(EmployerCompany(registry_code="10000001", name="Tallinna Linnatransport AS"))


def vacancy(state: VacancyState = VacancyState.DRAFT, title: str = "Bussijuht", places=("0784",)) -> int:
    with db.write() as session:
        row = Vacancy(
            employer_code="10000001",
            title=title,
            occupation_code="8331",
            description="<p>Sõidad <strong>liinil 17</strong>.</p><ul><li>B- ja D-kategooria</li></ul>",
            remote=RemoteWork.ON_SITE,
            working_time=VacancyWorkingTime.SHIFTS,
            contract=ContractType.PERMANENT,
            wage_min=1600,
            wage_max=2000,
            currency="EUR",
            deadline=TODAY + dt.timedelta(days=20),
            state=state,
            published_at=utcnow() if state is VacancyState.PUBLISHED else None,
        )
        row.places = [VacancyPlace(municipality_code=code) for code in places]
        session.add(row)
    return row.id


def test_a_vacancy_is_found_only_while_published(app):
    with app.app_context():
        company()
        draft = vacancy()
        assert found("bussijuht") == []
        with db.write() as session:
            row = session.get(Vacancy, draft)
            row.state, row.published_at = VacancyState.PUBLISHED, utcnow()
        assert found("bussijuht") == [draft]
        assert found("liinil") == [draft] and found("linnatransport") == [draft]  # text and employer
        assert found("водитель автобуса") == [draft]  # the occupation's Russian title
        assert found("", working_time="shifts", county="37") == [draft]
        with db.write() as session:
            session.get(Vacancy, draft).state = VacancyState.CLOSED
        assert found("bussijuht") == [] and found("") == []


def test_an_edit_and_a_new_place_show_at_once(app):
    with app.app_context():
        company()
        published = vacancy(VacancyState.PUBLISHED)
        with db.write() as session:
            row = session.get(Vacancy, published)
            row.title = "Trammijuht Kopli liinil"
        assert found("kopli") == [published]
        with db.write() as session:
            session.get(Vacancy, published).title = "Trammijuht"
        assert found("kopli") == []
        with db.write() as session:
            session.add(VacancyPlace(vacancy_id=published, municipality_code="0793"))
        assert found("", county="78") == [published]
        places = db.session.scalars(select(SearchPlace.county_code).order_by(SearchPlace.county_code)).all()
        assert places == ["37", "78"]


def test_a_bulk_expiry_takes_vacancies_out(app):
    with app.app_context():
        company()
        first, second = vacancy(VacancyState.PUBLISHED), vacancy(VacancyState.PUBLISHED, title="Kokk")
        with db.write() as session:
            session.execute(update(Vacancy).where(Vacancy.id == first).values(state=VacancyState.CLOSED))
        assert found("") == [second]


def test_deleting_a_vacancy_drops_its_entry(app):
    with app.app_context():
        company()
        published = vacancy(VacancyState.PUBLISHED)
        with db.write() as session:
            session.delete(session.get(Vacancy, published))
        assert db.session.scalar(select(func.count()).select_from(SearchEntry)) == 0


def test_trainings_follow_their_state_too(app):
    with app.app_context():
        draft = trainings.training(state=TrainingState.DRAFT, title="Keevitaja kursus")
        assert found("keevitaja", EntryKind.TRAINING) == []
        with db.write() as session:
            row = session.get(Training, draft)
            row.state, row.published_at = TrainingState.PUBLISHED, utcnow()
        assert found("keevitaja", EntryKind.TRAINING) == [draft]
        assert found("welder certificate", EntryKind.TRAINING) == [draft]  # the certificate it gives
        assert found("keevitaja") == []  # not among vacancies


def test_reindex_rebuilds_everything(app):
    with app.app_context():
        company()
        published = vacancy(VacancyState.PUBLISHED)
        vacancy()  # a draft
        with db.write() as session:
            session.execute(SearchEntry.__table__.delete())
            counts = reindex(session.connection())
        assert counts[EntryKind.VACANCY] == 1 and found("bussijuht") == [published]
