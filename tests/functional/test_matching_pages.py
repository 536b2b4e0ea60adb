"""The pages of matching: candidates in the back office, "Recommended for you", the opt-out."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, AuditTag, JobseekerProfile, Offer, Person
from portal.models.vacancy import VacancyState
from tests.eid import JAAN
from tests.forms import submit
from tests.journeys import EN
from tests.matching_data import jobseeker, vacancy

TARTU, TALLINN = "0793", "0784"


def _setup(app):
    with app.app_context():
        job = vacancy("2512", (TARTU,), title="Software developer", languages=(("et", "B2"),))
        jobseeker("Anu", ("2512",), home=TARTU, languages=(("et", "C1"),), assistance="II")
        jobseeker("Carl", ("2511",), home=TALLINN)
        jobseeker("Private", ("2512",), home=TARTU, opt_out=True)
        return job.id


def test_counsellor_sees_ranked_candidates_with_reasons(client_as, eid_app):
    counsellor = client_as("counsellor")
    vacancy_id = _setup(eid_app)

    page = counsellor.get(f"/back-office/vacancies/{vacancy_id}/candidates", headers=EN)

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.index("Anu Test") < html.index("Carl Test")
    assert "Private Test" not in html
    assert "Same occupation: Software developers (2512)" in html
    assert "Lives in Tartu linn, the job is in Tartu linn" in html
    assert "Speaks Estonian at C1, asked B2" in html
    assert "Estonian at B2 asked, not on the record" in html  # Carl's, under "Lowered by"
    with eid_app.app_context():
        listed = db.session.query(AuditEvent).filter(AuditEvent.tag == AuditTag.PERSON_LIST).all()
        assert any((event.details or {}).get("vacancy") == vacancy_id for event in listed)

    only_tallinn = counsellor.get(
        f"/back-office/vacancies/{vacancy_id}/candidates?municipality={TALLINN}", headers=EN
    ).get_data(as_text=True)
    assert "Carl Test" in only_tallinn and "Anu Test" not in only_tallinn


def test_counsellor_proposes_the_vacancy_to_the_selected_people(client_as, eid_app):
    counsellor = client_as("counsellor")
    vacancy_id = _setup(eid_app)
    page = counsellor.get(f"/back-office/vacancies/{vacancy_id}/candidates", headers=EN)
    with eid_app.app_context():
        people = {
            p.given_name: p.id
            for p in db.session.scalars(
                select(Person).where(Person.given_name.in_(("Anu", "Carl", "Private")))
            )
        }

    # "Private" opted out: a hand-made form value is ignored, not proposed.
    answer = submit(
        counsellor,
        page,
        {"person": [str(people["Anu"]), str(people["Carl"]), str(people["Private"])]},
        headers=EN,
    )

    assert answer.status_code == 303, answer.get_data(as_text=True)[-3000:]
    with eid_app.app_context():
        offered = db.session.scalars(select(Offer.person_id).where(Offer.vacancy_id == vacancy_id)).all()
        assert sorted(offered) == sorted((people["Anu"], people["Carl"]))
    after = counsellor.get(answer.headers["Location"], headers=EN).get_data(as_text=True)
    assert "The vacancy was proposed to 2 people" in after
    assert "Anu Test" not in after  # an open offer: no longer a candidate


def test_proposing_nobody_says_what_to_do(client_as, eid_app):
    counsellor = client_as("counsellor")
    vacancy_id = _setup(eid_app)
    page = counsellor.get(f"/back-office/vacancies/{vacancy_id}/candidates", headers=EN)

    answer = submit(counsellor, page, headers=EN)

    assert answer.status_code == 400
    assert "Select at least one person to propose the vacancy to" in answer.get_data(as_text=True)


def test_a_jobseeker_cannot_see_candidates(client_as, eid_app):
    jobseeker_client = client_as("jobseeker")
    vacancy_id = _setup(eid_app)
    assert jobseeker_client.get(f"/back-office/vacancies/{vacancy_id}/candidates").status_code in (403, 404)


def test_recommended_for_you_and_opting_out(client_as, eid_app):
    person = client_as("jobseeker")
    with eid_app.app_context():
        jobseeker("Jaan", ("2512",), home=TARTU, national_code=JAAN)
        vacancy("2512", (TARTU,), title="Developer in Tartu")
        vacancy("2512", (TARTU,), title="Draft developer job", state=VacancyState.DRAFT)
        job = vacancy("2512", (TALLINN,), title="Developer in Tallinn")

    home = person.get("/jobseeker/", headers=EN).get_data(as_text=True)
    assert "Recommended for you" in home
    assert home.index("Developer in Tartu") < home.index("Developer in Tallinn")
    assert "Draft developer job" not in home
    offers_page = person.get("/jobseeker/offers", headers=EN).get_data(as_text=True)
    assert "Recommended for you" in offers_page and "Developer in Tartu" in offers_page

    form = person.get("/jobseeker/profile/proposals", headers=EN)
    assert form.status_code == 200
    saved = submit(person, form, {"proposals": "no"}, headers=EN)
    assert saved.status_code == 303
    with eid_app.app_context():
        record = db.session.query(JobseekerProfile).filter_by(home_municipality=TARTU).one()
        assert record.proposals_opt_out
    profile = person.get("/jobseeker/profile", headers=EN).get_data(as_text=True)
    assert "No, I look for vacancies myself" in profile

    counsellor = client_as("counsellor")
    listed = counsellor.get(f"/back-office/vacancies/{job.id}/candidates", headers=EN).get_data(as_text=True)
    assert "Jaan Test" not in listed and "No active jobseeker matches" in listed


def test_the_case_view_and_the_vacancy_page_link_matching(client_as, eid_app):
    from portal.models import JobseekerCase

    counsellor = client_as("counsellor")
    with eid_app.app_context():
        record = jobseeker("Jaan", ("2512",), home=TARTU)
        job = vacancy("2512", (TARTU,), title="Developer in Tartu")
        with db.write() as session:
            case = JobseekerCase(person_id=record.person_id, office="Tallinn", opened_on=dt.date(2026, 1, 1))
            session.add(case)
        case_id = case.id

    page = counsellor.get(f"/back-office/cases/{case_id}", headers=EN).get_data(as_text=True)
    assert "Recommended vacancies" in page and "Developer in Tartu" in page
    assert "Same occupation: Software developers (2512)" in page

    # Not through the page checker: the check page (another module's) repeats the id csrf_token.
    check = FlaskClient.open(counsellor, f"/back-office/vacancies/{job.id}", headers=EN).get_data(
        as_text=True
    )
    assert f"/back-office/vacancies/{job.id}/candidates" in check
