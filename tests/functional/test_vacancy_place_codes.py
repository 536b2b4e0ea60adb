"""`Vacancy.place_codes`, the copy of a vacancy's municipality codes that matching scores the place
from, stays equal to its `vacancy_place` rows whatever changes them; and the place points read
from it are the ones `assess` states (a vacancy of several places counts by its best)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import ContractType, EmployerCompany, RemoteWork, Vacancy, VacancyPlace, VacancyWorkingTime
from portal.models.vacancy import ActorRole, ApplyMethod, place_codes
from portal.profiles import current_profile
from portal.services import matching
from portal.services.matching import Kind
from portal.services.matching.loading import load
from portal.services.search.generator import generate
from portal.services.vacancies import editing
from portal.services.vacancies.base import Actor, VacancyInput
from tests.matching_data import jobseeker, vacancy

TARTU, ELVA, TALLINN, NARVA = "0793", "0171", "0784", "0511"  # Tartu county: Tartu, Elva
TODAY = dt.date(2026, 12, 3)


@pytest.fixture
def context(app):
    with app.test_request_context():
        yield app


def stored(vacancy_id: int) -> str:
    """The column as the database holds it (not the session's copy)."""
    return db.session.connection().scalar(
        select(Vacancy.__table__.c.place_codes).where(Vacancy.__table__.c.id == vacancy_id)
    )


def rows_agree() -> None:
    """Every vacancy's column equals its place rows."""
    codes: dict[int, list[str]] = {}
    for vacancy_id, code in db.session.execute(
        select(VacancyPlace.vacancy_id, VacancyPlace.municipality_code)
    ):
        codes.setdefault(vacancy_id, []).append(code)
    found = db.session.execute(select(Vacancy.id, Vacancy.place_codes)).all()
    assert found
    assert [(vacancy_id, place_codes(codes.get(vacancy_id, ()))) for vacancy_id, _ in found] == found


def test_the_codes_are_sorted_between_commas():
    assert place_codes(["0793", "0171", "0793"]) == ",0171,0793,"
    assert place_codes([]) == ""


def test_the_codes_follow_every_change_of_the_places(context):
    job = vacancy("2512", (TARTU, TALLINN))
    assert job.place_codes == stored(job.id) == ",0784,0793,"

    with db.write() as session:  # the collection replaced (what the edit form does)
        session.get(Vacancy, job.id).places = [VacancyPlace(municipality_code=ELVA)]
    assert stored(job.id) == ",0171,"
    db.session.expire_all()  # the session's collections are not refreshed by rows written alone
    with db.write() as session:  # a place row of its own
        session.add(VacancyPlace(vacancy_id=job.id, municipality_code=TARTU))
    assert stored(job.id) == ",0171,0793,"
    with db.write() as session:  # a place row deleted by itself
        session.delete(
            session.scalar(
                select(VacancyPlace).where(
                    VacancyPlace.vacancy_id == job.id, VacancyPlace.municipality_code == ELVA
                )
            )
        )
    assert stored(job.id) == ",0793,"
    db.session.expire_all()
    with db.write() as session:  # another column: the copy stays
        row = session.get(Vacancy, job.id)
        row.title = "Another title"
    assert stored(job.id) == ",0793,"
    with db.write() as session:  # no place at all (a remote job)
        row = session.get(Vacancy, job.id)
        row.places = []
        row.remote = RemoteWork.REMOTE
    assert stored(job.id) == ""
    db.session.expire_all()
    assert db.session.get(Vacancy, job.id).place_codes == ""
    rows_agree()


def test_the_vacancy_services_keep_the_codes(context):
    with db.write() as session:
        session.add(EmployerCompany(registry_code="10000001", name="Tallinna Linnatransport AS"))
    counsellor = Actor(person_id=None, role=ActorRole.COUNSELLOR)
    data = VacancyInput(
        title="Bussijuht",
        occupation_code="8331",
        description="<p>Liinil 17.</p>",
        municipality_codes=(TARTU, TALLINN),
        remote=RemoteWork.ON_SITE,
        working_time=VacancyWorkingTime.SHIFTS,
        contract=ContractType.PERMANENT,
        contract_end=None,
        wage_min=1600,
        wage_max=2000,
        education_level=None,
        languages=(),
        driving_licence=None,
        experience_years=0,
        positions=1,
        start_date=None,
        deadline=current_profile().today() + dt.timedelta(days=30),
        apply_method=ApplyMethod.PORTAL,
        apply_address=None,
        contact_name=None,
        contact_email=None,
        contact_phone=None,
    )
    vacancy_id = editing.create(counsellor, "10000001", data)
    assert stored(vacancy_id) == ",0784,0793,"
    version = db.session.scalar(select(Vacancy.version).where(Vacancy.id == vacancy_id))
    saved = editing.update(
        counsellor, vacancy_id, version, dataclasses.replace(data, municipality_codes=(NARVA, TARTU))
    )
    assert saved.place_codes == stored(vacancy_id) == ",0511,0793,"
    rows_agree()


def test_the_generators_write_the_codes(context):
    load("EE", 30, 300, seed=3, today=TODAY)  # the matching bench's loader (Core inserts)
    generate(300, seed=3)  # the search bench's generator (Core inserts)
    rows_agree()
    several = db.session.scalar(select(Vacancy.place_codes).where(Vacancy.place_codes.like(",%,%,")).limit(1))
    assert several is not None  # some vacancies have two places


def test_a_vacancy_of_several_places_counts_by_its_best(context, caplog):
    caplog.set_level(logging.ERROR)
    person = jobseeker("Anu", ("2512",), home=ELVA, places=(TALLINN,))
    titles = {
        "home second": (NARVA, ELVA),
        "county second": (NARVA, TARTU),
        "preferred second": (NARVA, TALLINN),
        "home and preferred": (TALLINN, ELVA),
        "county only": (TARTU,),
        "preferred only": (TALLINN,),
        "elsewhere": (NARVA,),
        "elsewhere twice": (NARVA, "0130"),
    }
    made = {title: vacancy("2512", where, title=title) for title, where in titles.items()}

    def places_found() -> dict[str, Kind | None]:
        found = matching.recommended_for(person.person_id)
        place_kinds = {Kind.HOME_MUNICIPALITY, Kind.HOME_COUNTY, Kind.PREFERRED_PLACE, Kind.REMOTE}
        return {
            r.vacancy.title: next(
                (reason.kind for reason in r.assessment.reasons if reason.kind in place_kinds), None
            )
            for r in found
        }

    assert places_found() == {
        "home second": Kind.HOME_MUNICIPALITY,
        "home and preferred": Kind.HOME_MUNICIPALITY,
        "county second": Kind.HOME_COUNTY,
        "county only": Kind.HOME_COUNTY,
        "preferred second": Kind.PREFERRED_PLACE,
        "preferred only": Kind.PREFERRED_PLACE,
        "elsewhere": None,
        "elsewhere twice": None,
    }
    # The places change: the ranking reads the new ones at once.
    with db.write() as session:
        home_second = session.get(Vacancy, made["home second"].id)
        home_second.places = [row for row in home_second.places if row.municipality_code == NARVA]
        session.get(Vacancy, made["elsewhere"].id).places.append(VacancyPlace(municipality_code=TARTU))
    db.session.expire_all()
    changed = places_found()
    assert changed["home second"] is None and changed["elsewhere"] is Kind.HOME_COUNTY
    # The SQL score equals the stated one for every vacancy (the service logs a disagreement).
    assert not [r for r in caplog.records if r.getMessage().startswith("matching:")]


def test_people_of_one_shape_share_the_statement_not_their_values(context):
    """The ranking statement is kept per shape of person; each person's codes are bound per call."""
    from portal.services.matching import recommendations_statement

    tartu_person = jobseeker("Anu", ("2512",), home=TARTU)
    elva_person = jobseeker("Berit", ("2512",), home=ELVA)  # the same county
    vacancy("2512", (TARTU,), title="in Tartu")
    vacancy("2512", (ELVA,), title="in Elva")
    first = matching.person_facts(tartu_person)
    second = matching.person_facts(elva_person)
    assert recommendations_statement(first)[0] is recommendations_statement(second)[0]

    def best(person) -> str:
        return matching.recommended_for(person.person_id)[0].vacancy.title

    assert (best(tartu_person), best(elva_person)) == ("in Tartu", "in Elva")
