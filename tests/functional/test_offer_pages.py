"""The pages of offers: counsellor proposes, the jobseeker refuses (after the preview) or accepts,
the counsellor reviews, the employer sees the shortlist and records the outcome; and who may not."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select, update

from portal.extensions import db
from portal.models import (
    AuditEvent,
    AuditTag,
    Candidate,
    Offer,
    OfferState,
    Person,
    Refusal,
    ReviewState,
    StatusEndProposal,
    VacancyState,
)
from portal.models.lifecycle import EndReason, ProposalSource, ProposalState, StatusProposal
from portal.profiles.refusals import Consequence
from portal.services.lifecycle.ending import offer_reference
from tests.eid import JAAN, persona, signed_in
from tests.forms import form_values, submit
from tests.offers_world import OTHER_EMPLOYER_CODE, company, offer_to, registered, vacancy

EN = {"Accept-Language": "en"}


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


@pytest.fixture(autouse=True)
def _unlinked(eid_app):
    yield
    with eid_app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            connection.execute(update(Refusal).values(decision_id=None))


@pytest.fixture
def people(eid_app, client_as):
    """A registered jobseeker (Jaak-Kristjan) signed in, and a counsellor (Mari-Liis) signed in."""
    with eid_app.app_context():
        registered(JAAN)
    jobseeker = client_as("jobseeker")
    counsellor = client_as("counsellor")
    with eid_app.app_context():
        jaan = db.session.scalar(select(Person.id).where(Person.national_code == JAAN))
    return jobseeker, counsellor, jaan


def test_counsellor_proposes_jobseeker_previews_and_refuses_counsellor_confirms(eid_app, people):
    jobseeker, counsellor, jaan = people
    with eid_app.app_context():
        vacancy_id = vacancy("Forklift driver")
    page = counsellor.get(f"/back-office/people/{jaan}/offers", headers=EN)
    assert page.status_code == 200 and "Make an offer" in text(page)
    sent = submit(counsellor, page, {"subject": f"vacancy:{vacancy_id}", "note": "Near you"}, headers=EN)
    assert sent.status_code == 303
    with eid_app.app_context():
        offer = db.session.scalar(select(Offer).where(Offer.person_id == jaan))
        assert (offer.vacancy_id, offer.employer_name, offer.state) == (
            vacancy_id,
            "Tartu Puit OÜ",
            OfferState.PROPOSED,
        )

    listed = text(jobseeker.get("/jobseeker/offers", headers=EN))
    assert "Forklift driver" in listed and "Waiting for your answer" in listed
    refuse = jobseeker.get(f"/jobseeker/offers/{offer.id}/refuse", headers=EN)
    preview = submit(jobseeker, refuse, {"reason": "no-reason"}, headers=EN)
    shown = text(preview)
    assert preview.status_code == 200 and "Check before you refuse" in shown
    assert "This is your first refusal." in shown and "you will receive a warning" in shown
    with eid_app.app_context():  # nothing is recorded by the preview
        assert db.session.get(Offer, offer.id).state is OfferState.PROPOSED
    confirmed = submit(jobseeker, preview, headers=EN)
    assert confirmed.status_code == 303
    again = submit(jobseeker, preview, headers=EN)  # a replayed POST
    assert again.status_code == 409 and "Your answer was already recorded" in text(again)

    queue = counsellor.get("/back-office/refusals", headers=EN)
    assert "Forklift driver" in text(queue)
    with eid_app.app_context():
        refusal = db.session.scalar(select(Refusal).where(Refusal.offer_id == offer.id))
    case = counsellor.get(f"/back-office/refusals/{refusal.id}", headers=EN)
    assert "No valid reason:" in text(case) and "Warning" in text(case)
    done = submit(
        counsellor, case, {"finding": "not-valid", "reasoning": "The job matched the plan."}, headers=EN
    )
    assert done.status_code == 303
    with eid_app.app_context():
        refusal = db.session.get(Refusal, refusal.id)
        assert (refusal.review_state, refusal.consequence) == (ReviewState.NOT_VALID, Consequence.WARNING)
        assert refusal.decision_id is not None
    outcome = text(jobseeker.get(f"/jobseeker/offers/{offer.id}", headers=EN))
    assert "What the counsellor decided" in outcome and "The job matched the plan." in outcome
    assert "Read the decision and how to appeal" in outcome
    timeline = text(counsellor.get(f"/back-office/people/{jaan}/offers", headers=EN))
    assert "Refusal reviewed: Forklift driver" in timeline and "Offered: Forklift driver" in timeline
    # The breach counts (from the refusals read with the offers); not a beneficiary.
    assert "1 refusal without valid reason counts under the rules." in timeline
    assert "receives social assistance" not in timeline


def test_a_persons_offers_say_whether_the_latest_registration_found_social_assistance(eid_app, client_as):
    counsellor = client_as("counsellor")
    with eid_app.app_context():
        beneficiary = registered("37001010003", social_assistance="ACTIVE")
        other = registered("37001010004")
    shown = text(counsellor.get(f"/back-office/people/{beneficiary}/offers", headers=EN))
    assert "The registers said the person receives social assistance." in shown
    assert "0 refusals without valid reason count under the rules." in shown
    assert "receives social assistance" not in text(
        counsellor.get(f"/back-office/people/{other}/offers", headers=EN)
    )
    # A person that does not exist: 404, as before.
    assert counsellor.get("/back-office/people/987654/offers", headers=EN).status_code == 404


def test_accept_with_consent_employer_sees_only_that_and_records_hired(eid_app, make_app, people):
    jobseeker, _counsellor, jaan = people
    with eid_app.app_context():
        offer = offer_to(eid_app, jaan)
    page = jobseeker.get(f"/jobseeker/offers/{offer.id}", headers=EN)
    # Mass assignment: a forged state, person or counsellor is not read.
    accepted = submit(
        jobseeker,
        page,
        {"fields": ["name", "occupations"], "state": "withdrawn", "person_id": "999", "counsellor_id": "999"},
        action=f"/jobseeker/offers/{offer.id}/accept",
        headers=EN,
    )
    assert accepted.status_code == 303, text(accepted)[-3000:]
    with eid_app.app_context():
        found = db.session.get(Offer, offer.id)
        assert found.state is OfferState.ACCEPTED and found.person_id == jaan
        assert found.proposed_by_staff_id == offer.proposed_by_staff_id
        candidate = db.session.scalar(select(Candidate).where(Candidate.person_id == jaan))
        assert candidate.consented_fields == ["name", "occupations"]

    _app, employer = signed_in(make_app, persona("representative").code)
    roles = employer.get("/roles", headers=EN).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', roles).group(1)
    assert employer.post("/roles", data={"role": "employer:12874520", "csrf_token": token}).status_code == 303
    shortlist = employer.get(f"/employer/vacancies/{offer.vacancy_id}/shortlist", headers=EN)
    shown = text(shortlist)
    assert shortlist.status_code == 200 and "Jaak-Kristjan" in shown
    assert JAAN not in shown and "Contact" not in shown  # not consented: not shown
    recorded = employer.post(
        f"/employer/vacancies/{offer.vacancy_id}/candidates/{candidate.id}/outcome",
        data={
            "csrf_token": form_values(shortlist.get_data(as_text=True))[1][0][1],
            "outcome": "hired",
            "start_date-day": "4",
            "start_date-month": "1",
            "start_date-year": "2027",
        },
        headers=EN,
    )
    assert recorded.status_code == 303
    with eid_app.app_context():
        proposal = db.session.scalar(select(StatusEndProposal).where(StatusEndProposal.person_id == jaan))
        assert (proposal.reason, proposal.start_date.isoformat()) == ("EMPLOYED", "2027-01-04")
        # ... and it waits in the status lifecycle's queue for a counsellor, linked back to this row.
        queued = db.session.scalar(select(StatusProposal).where(StatusProposal.person_id == jaan))
        assert (queued.reason, queued.source, queued.state) == (
            EndReason.FOUND_WORK,
            ProposalSource.EMPLOYER,
            ProposalState.OPEN,
        )
        assert queued.effective_on.isoformat() == "2027-01-04"
        assert queued.source_reference == offer_reference(proposal.id)
        assert (
            db.session.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.tag == AuditTag.SHORTLIST_VIEW)
            )
            >= 1
        )
    assert "Hired" in text(jobseeker.get("/jobseeker/offers", headers=EN))

    # Employer X cannot see Y's shortlist: 404, and the refusal is an audit event.
    with eid_app.app_context():
        company(OTHER_EMPLOYER_CODE, "Põhjarannik OÜ")
        other = vacancy(employer_code=OTHER_EMPLOYER_CODE)
    assert employer.get(f"/employer/vacancies/{other}/shortlist", headers=EN).status_code == 404
    assert employer.get("/employer/vacancies/987654/shortlist", headers=EN).status_code == 404


def test_another_persons_offer_is_404_and_audited(eid_app, people, client_as):
    jobseeker, _counsellor, _jaan = people
    with eid_app.app_context():
        other = registered("37001010001")
        offer = offer_to(eid_app, other)
    assert jobseeker.get(f"/jobseeker/offers/{offer.id}", headers=EN).status_code == 404
    assert jobseeker.get(f"/jobseeker/offers/{offer.id}/refuse", headers=EN).status_code == 404
    page = jobseeker.get("/jobseeker/offers", headers=EN)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    token = token.group(1) if token else form_values(page.get_data(as_text=True))[1][0][1]
    forged = jobseeker.post(
        f"/jobseeker/offers/{offer.id}/accept", data={"csrf_token": token, "fields": "name"}
    )
    assert forged.status_code == 404
    with eid_app.app_context():
        assert db.session.get(Offer, offer.id).state is OfferState.PROPOSED
        refused = db.session.scalars(
            select(AuditEvent).where(AuditEvent.tag == AuditTag.ACCESS_REFUSED)
        ).all()
        assert [event.details for event in refused if event.details.get("record") == "offer"] == [
            {"record": "offer", "id": offer.id}
        ] * 3


def test_answering_a_withdrawn_offer_explains_why(eid_app, people):
    jobseeker, counsellor, jaan = people
    with eid_app.app_context():
        offer = offer_to(eid_app, jaan)
    page = jobseeker.get(f"/jobseeker/offers/{offer.id}", headers=EN)
    person_page = counsellor.get(f"/back-office/people/{jaan}/offers", headers=EN)
    withdrawn = submit(counsellor, person_page, action=f"/back-office/offers/{offer.id}/withdraw")
    assert withdrawn.status_code == 303
    late = submit(
        jobseeker, page, {"fields": ["name"]}, action=f"/jobseeker/offers/{offer.id}/accept", headers=EN
    )
    assert late.status_code == 409 and "This offer was withdrawn" in text(late)


def test_apply_through_the_portal_and_leave_the_shortlist(eid_app, people):
    jobseeker, _counsellor, jaan = people
    with eid_app.app_context():
        vacancy_id = vacancy("Baker")
    page = jobseeker.get(f"/jobseeker/vacancies/{vacancy_id}/apply", headers=EN)
    assert page.status_code == 200
    missing = submit(jobseeker, page, headers=EN)
    assert missing.status_code == 400 and "Choose at least one thing the employer may see" in text(missing)
    applied = submit(jobseeker, page, {"fields": ["name", "contact"]}, headers=EN)
    assert applied.status_code == 303
    listed = jobseeker.get("/jobseeker/offers", headers=EN)
    assert "Baker" in text(listed)
    with eid_app.app_context():
        candidate = db.session.scalar(select(Candidate).where(Candidate.person_id == jaan))
    left = submit(jobseeker, listed, action=f"/jobseeker/applications/{candidate.id}/withdraw-consent")
    assert left.status_code == 303
    with eid_app.app_context():
        assert db.session.get(Candidate, candidate.id).consent_withdrawn_at is not None


def test_propose_a_vacancy_to_several_jobseekers_in_list_order(eid_app, people):
    _jobseeker, counsellor, jaan = people
    with eid_app.app_context():
        from portal.models import Registration
        from portal.services import list_order

        others = [registered(code) for code in ("37001010001", "37001010002")]
        with db.write() as session:
            for registration in session.scalars(select(Registration)):
                list_order.enter(session, registration, eid_app.extensions["profile"])
        vacancy_id = vacancy("Cook")
    page = counsellor.get(f"/back-office/vacancies/{vacancy_id}/propose", headers=EN)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    # Each registered person once, in list order, with their name and registration date.
    listed = [int(value) for value in re.findall(r'name="persons" type="checkbox" value="(\d+)"', html)]
    assert sorted(listed) == sorted([jaan, *others])
    assert "Test Person 0001" in text(page) and "Registered on" in text(page)
    sent = submit(counsellor, page, {"persons": [str(jaan), str(others[0])]}, headers=EN)
    assert sent.status_code == 200 and "2 offers were sent" in text(sent)
    with eid_app.app_context():
        assert (
            db.session.scalar(select(func.count()).select_from(Offer).where(Offer.vacancy_id == vacancy_id))
            == 2
        )


def test_the_case_view_has_an_offers_tab_an_action_and_the_offers_in_its_timeline(eid_app, client_as):
    from tests.functional.caseload_helpers import NARVA, add_jobseeker, ee_code

    counsellor = client_as("counsellor")  # Tallinn office
    case_id = add_jobseeker(eid_app, ee_code(301), "Olev", "Tamm")
    far_case = add_jobseeker(eid_app, ee_code(302), "Ivan", "Kask", NARVA)
    with eid_app.app_context():
        from portal.models import JobseekerCase

        person_id = db.session.get(JobseekerCase, case_id).person_id
        far_person = db.session.get(JobseekerCase, far_case).person_id
        offer_to(eid_app, person_id)
    case = text(counsellor.get(f"/back-office/cases/{case_id}", headers=EN))
    assert (
        f"/back-office/cases/{case_id}/offers" in case and f"/back-office/people/{person_id}/offers" in case
    )
    assert "Offered: Warehouse worker" in case
    tab = counsellor.get(f"/back-office/cases/{case_id}/offers", headers=EN)
    assert tab.status_code == 200 and "Warehouse worker" in text(tab)
    # Another office's case: the case's break-glass step applies to its offers too.
    assert counsellor.get(f"/back-office/people/{far_person}/offers", headers=EN).status_code == 403


def _options(response) -> list[str]:
    """The labels of the "What to offer" select (the blank first option left out)."""
    html = response.get_data(as_text=True)
    select_html = html[html.index('name="subject"') : html.index("</select>")]
    return [label for label in re.findall(r"<option [^>]*>([^<]*)</option>", select_html) if label]


def test_the_subjects_are_a_page_and_a_search_finds_any_other(eid_app, people):
    """The propose form lists the newest vacancies a page at a time (not every published one), a
    search by title finds one past the page, and a subject is checked when sent, not by the list."""
    from portal.web.backoffice.views.offers import SHOWN_SUBJECTS

    _jobseeker, counsellor, jaan = people
    with eid_app.app_context():
        oldest = vacancy("Crane operator")
        for number in range(SHOWN_SUBJECTS):
            vacancy(f"Packer {number}")
        closed = vacancy("Baker", state=VacancyState.CLOSED)
    url = f"/back-office/people/{jaan}/offers"
    page = counsellor.get(url, headers=EN)
    listed = _options(page)
    assert len(listed) == SHOWN_SUBJECTS and "Crane operator" not in listed
    assert 'name="find"' in page.get_data(as_text=True)

    found = counsellor.get(url, query_string={"find": "crane"}, headers=EN)
    assert found.status_code == 200 and _options(found) == ["Crane operator"]
    sent = submit(counsellor, found, {"subject": f"vacancy:{oldest}"}, headers=EN)
    assert sent.status_code == 303
    with eid_app.app_context():
        assert db.session.scalar(select(Offer.vacancy_id).where(Offer.person_id == jaan)) == oldest

    # Nothing matches: the search form stays, with a sentence instead of the propose form.
    nothing = counsellor.get(url, query_string={"find": "astronaut"}, headers=EN)
    assert nothing.status_code == 200 and "matches “astronaut”" in text(nothing)
    # A subject that may not be offered (closed, unknown, malformed) is refused, whatever the list.
    for refused in (f"vacancy:{closed}", "vacancy:999999", "training:x", "nonsense"):
        answer = submit(counsellor, page, {"subject": refused}, headers=EN)
        assert answer.status_code == 400, refused
    with eid_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Offer).where(Offer.person_id == jaan)) == 1
