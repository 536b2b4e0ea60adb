from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Person
from portal.services.seed import DEMO_PERSONS, DEMO_STAFF


def test_seed_is_idempotent_and_uses_valid_codes(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed"])
    second = runner.invoke(args=["seed"])
    assert first.exit_code == 0 and second.exit_code == 0
    total = len(DEMO_PERSONS) + len(DEMO_STAFF)
    assert f"{total} created" in first.output
    assert f"0 created, {total} already present" in second.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Person)) == len(DEMO_PERSONS)
        profile_codes = {p.country: app.extensions["profile"] for p in db.session.scalars(select(Person))}
        assert profile_codes
    from portal.profiles import get_profile

    for country, code, *_ in DEMO_PERSONS:
        assert get_profile(country).is_valid_national_id(code)


def test_write_transaction_rolls_back_on_error(app):
    with app.app_context():
        try:
            with db.write() as session:
                session.add(
                    Person(country="EE", national_code="38001085718", given_name="A", family_name="B")
                )
                raise RuntimeError("abort")
        except RuntimeError:
            pass
        assert db.session.scalar(select(func.count()).select_from(Person)) == 0


def test_seed_gives_each_staff_role_the_back_office_needs(app):
    from portal.models import StaffMember, StaffRole

    assert app.test_cli_runner().invoke(args=["seed"]).exit_code == 0
    with app.app_context():
        staff = {(m.person.country, m.role) for m in db.session.scalars(select(StaffMember))}
    assert {("EE", StaffRole.COUNSELLOR), ("EE", StaffRole.SUPERVISOR), ("XK", StaffRole.COUNSELLOR)} <= staff


def test_the_seed_adds_demo_vacancies_of_the_profile_once(make_app):
    from portal.models.vacancy import Vacancy, VacancyState
    from portal.services.reference_data import municipality, occupation
    from portal.services.vacancy_seed import seed_demo_vacancies

    for profile in ("EE", "XK"):
        app = make_app(PROFILE=profile)
        with app.app_context():
            first = seed_demo_vacancies()
            assert first >= 8 and seed_demo_vacancies() == 0
            rows = db.session.scalars(select(Vacancy).where(Vacancy.currency == "EUR")).all()
            mine = [
                row
                for row in rows
                if all(municipality(profile, code, "en") for code in row.municipality_codes)
            ]
            assert len(mine) >= first
            assert all(occupation(row.occupation_code, "en") for row in mine)
            assert len({row.occupation_code[0] for row in mine}) >= 5  # across ISCO major groups
            assert {row.state for row in mine} >= {VacancyState.PUBLISHED, VacancyState.SUBMITTED}
            minimum = app.extensions["profile"].vacancies.minimum_wage
            assert all(row.wage_min >= minimum for row in mine if row.working_time.value != "part")
