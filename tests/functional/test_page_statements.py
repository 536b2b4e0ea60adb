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


def test_the_case_view_reads_each_of_the_persons_rows_once(eid_app, client_as):
    """The timeline's meetings, registration and case are the ones the meetings panel, the summary
    and `load_case` show (one statement each, not two); the pseudonyms for the audit event come
    from the people the page loaded."""
    import re

    counsellor = client_as("counsellor")
    case_id = add_jobseeker(eid_app, ee_code(402), "Malle", "Mets")
    path = f"/back-office/cases/{case_id}"
    assert counsellor.get(path, headers=EN).status_code == 200
    with counted(eid_app) as statements:
        page = counsellor.get(path, headers=EN).get_data(as_text=True)
    assert "Malle Mets" in page

    def reading(table: str) -> int:
        return sum(1 for s in statements if re.search(rf"^\s*SELECT .*\bFROM {table}\b", s, re.S))

    assert reading("meeting") == 1
    assert reading("registration") == 1
    assert reading("jobseeker_case") == 1


def test_what_to_offer_is_one_statement_in_its_own_order(eid_app, client_as):
    from portal.models import OfferKind
    from portal.web.backoffice.views import offers as offer_views

    counsellor = client_as("counsellor")
    case_id = add_jobseeker(eid_app, ee_code(403), "Peeter", "Kask")
    with eid_app.app_context():
        person_id = db.session.scalar(select(JobseekerCase.person_id).where(JobseekerCase.id == case_id))
        for number in range(3):
            vacancy(f"Baker {number}")
        with counted(eid_app) as statements, eid_app.test_request_context():
            listed = offer_views._listed_subjects("")
        expected = [
            *(f"vacancy:{i}" for i, _t in db.session.execute(offer_views._NEWEST_VACANCIES)),
            *(f"training:{i}" for i, _t, _p in db.session.execute(offer_views._SOONEST_TRAININGS)),
            *(f"measure:{i}" for i, _t in db.session.execute(offer_views._ACTIVE_MEASURES)),
        ]
    assert len(statements) == 1
    assert list(listed) == expected and len(expected) >= 3
    assert {subject.kind for subject in listed.values()} >= {OfferKind.VACANCY}
    page = counsellor.get(f"/back-office/people/{person_id}/offers", headers=EN).get_data(as_text=True)
    assert "Baker 2" in page
