"""The heaviest pages cost the same number of SQL statements however much a person's history holds
(issue 18 §2: no N+1): the case view and a person's offers with one offer or six."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import JobseekerCase
from tests.functional.caseload_helpers import add_jobseeker, ee_code
from tests.functional.test_list_pages import counted
from tests.offers_world import offer_to, vacancy

EN = {"Accept-Language": "en"}


def _statements(app, client, path: str) -> int:
    assert client.get(path, headers=EN).status_code == 200  # warm: the first visit may read more
    with counted(app) as statements:
        assert client.get(path, headers=EN).status_code == 200
    return len(statements)


def test_the_case_view_and_the_offers_page_do_not_grow_with_the_offers(eid_app, client_as):
    counsellor = client_as("counsellor")
    case_id = add_jobseeker(eid_app, ee_code(401), "Olev", "Tamm")
    with eid_app.app_context():
        person_id = db.session.scalar(select(JobseekerCase.person_id).where(JobseekerCase.id == case_id))
        offer_to(eid_app, person_id)
    pages = (f"/back-office/cases/{case_id}", f"/back-office/people/{person_id}/offers")
    few = [_statements(eid_app, counsellor, page) for page in pages]
    with eid_app.app_context():
        for number in range(5):
            offer_to(eid_app, person_id, vacancy_id=vacancy(f"Packer {number}"))
    many = [_statements(eid_app, counsellor, page) for page in pages]
    assert many == few
    page = counsellor.get(pages[0], headers=EN).get_data(as_text=True)
    assert "Olev Tamm" in page and page.count("Offered: Warehouse worker") == 6


def test_proposing_a_vacancy_costs_the_same_with_one_registered_jobseeker_or_six(eid_app, client_as):
    from portal.models import Registration
    from portal.services import list_order
    from tests.offers_world import registered

    counsellor = client_as("counsellor")

    def listed(codes: list[str]) -> None:
        with eid_app.app_context():
            for code in codes:
                registered(code)
            with db.write() as session:
                for registration in session.scalars(select(Registration)):
                    list_order.enter(session, registration, eid_app.extensions["profile"])

    with eid_app.app_context():
        vacancy_id = vacancy("Cook")
    path = f"/back-office/vacancies/{vacancy_id}/propose"
    listed(["37001010011"])
    few = _statements(eid_app, counsellor, path)
    listed([f"3700101002{number}" for number in range(5)])
    assert _statements(eid_app, counsellor, path) == few
    page = counsellor.get(path, headers=EN).get_data(as_text=True)
    assert page.count('name="persons" type="checkbox"') == 6
