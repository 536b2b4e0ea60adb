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


def test_proposing_a_vacancy_costs_the_same_with_two_registered_jobseekers_or_seven(eid_app, client_as):
    """Two at first: one person's use of their data is written in one statement (the chain's end
    read in it), a list's in two whatever its length (`audit_append.append_chained`)."""
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
    listed(["37001010011", "37001010012"])
    few = _statements(eid_app, counsellor, path)
    listed([f"3700101002{number}" for number in range(5)])
    assert _statements(eid_app, counsellor, path) == few
    page = counsellor.get(path, headers=EN).get_data(as_text=True)
    assert page.count('name="persons" type="checkbox"') == 7


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
    from portal.web.backoffice import offer_subjects

    counsellor = client_as("counsellor")
    case_id = add_jobseeker(eid_app, ee_code(403), "Peeter", "Kask")
    with eid_app.app_context():
        person_id = db.session.scalar(select(JobseekerCase.person_id).where(JobseekerCase.id == case_id))
        for number in range(3):
            vacancy(f"Baker {number}")
        with counted(eid_app) as statements, eid_app.test_request_context():
            listed = offer_subjects.listed_subjects("")
        expected = [
            *(f"vacancy:{i}" for i, _t in db.session.execute(offer_subjects.NEWEST_VACANCIES)),
            *(f"training:{i}" for i, _t, _p in db.session.execute(offer_subjects.SOONEST_TRAININGS)),
            *(f"measure:{i}" for i, _t in db.session.execute(offer_subjects.ACTIVE_MEASURES)),
        ]
    assert len(statements) == 1
    assert list(listed) == expected and len(expected) >= 3
    assert {subject.kind for subject in listed.values()} >= {OfferKind.VACANCY}
    page = counsellor.get(f"/back-office/people/{person_id}/offers", headers=EN).get_data(as_text=True)
    assert "Baker 2" in page


def test_the_case_timeline_tells_every_offer_event_as_the_offers_timeline_does(app):
    """The case view reads the offers and candidacies as columns of the timeline's one statement;
    its entries are those the offer pages' rows give (`offers.timeline.timeline`), in the same order:
    accepted, refused and reviewed with the SAS's receipt, expired, withdrawn, an application
    with the employer's answer, a consent withdrawn."""
    import datetime as dt

    from portal.models import (
        AnswerKind,
        Candidate,
        CandidateSource,
        Offer,
        OfferAnswer,
        OfferKind,
        OfferState,
        Outcome,
        Refusal,
        RefusalReason,
        ReviewState,
        SasReportState,
    )
    from portal.profiles.refusals import Consequence
    from portal.services import timeline, timeline_sources  # noqa: F401
    from portal.services.offers import case_timeline
    from portal.services.offers.timeline import timeline as offers_timeline
    from tests.offers_world import person

    at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    with app.test_request_context(headers=EN):
        person_id = person("38001010099")
        vacancy_ids = [vacancy(f"Job {number}") for number in range(4)]
        with db.write() as session:

            def offer(title: str, state: OfferState, day: int, **values) -> Offer:
                made = Offer(
                    person_id=person_id,
                    kind=OfferKind.VACANCY,
                    title=title,
                    state=state,
                    proposed_at=at + dt.timedelta(days=day),
                    reply_by=(at + dt.timedelta(days=day + 7)).date(),
                    **values,
                )
                session.add(made)
                session.flush()
                return made

            accepted = offer("Cook", OfferState.ACCEPTED, 0)
            session.add(
                OfferAnswer(
                    offer_id=accepted.id,
                    person_id=person_id,
                    kind=AnswerKind.ACCEPT,
                    answered_at=at + dt.timedelta(days=1),
                )
            )
            refused = offer("Driver", OfferState.REFUSED, 0)  # the same moment as the cook's
            session.add(
                OfferAnswer(
                    offer_id=refused.id,
                    person_id=person_id,
                    kind=AnswerKind.REFUSE,
                    reason=RefusalReason.DISTANCE,
                    answered_at=at + dt.timedelta(days=2),
                )
            )
            session.add(
                Refusal(
                    offer_id=refused.id,
                    person_id=person_id,
                    reason=RefusalReason.DISTANCE,
                    review_state=ReviewState.NOT_VALID,
                    reviewed_at=at + dt.timedelta(days=3),
                    consequence=next(iter(Consequence)),
                    sas_state=SasReportState.ACCEPTED,
                    sas_received_at=at + dt.timedelta(days=4),
                    sas_beneficiary_status="beneficiary",
                )
            )
            offer("Packer", OfferState.EXPIRED, 1, closed_at=at + dt.timedelta(days=9))
            offer("Loader", OfferState.WITHDRAWN, 2, closed_at=at + dt.timedelta(days=3))
            offer("Baker", OfferState.PROPOSED, 5)
            session.add(
                Candidate(
                    vacancy_id=vacancy_ids[0],
                    person_id=person_id,
                    source=CandidateSource.APPLICATION,
                    created_at=at + dt.timedelta(days=1),
                    outcome=Outcome.INVITED,
                    outcome_at=at + dt.timedelta(days=6),
                )
            )
            session.add(
                Candidate(
                    vacancy_id=vacancy_ids[1],
                    person_id=person_id,
                    source=CandidateSource.OFFER,
                    offer_id=accepted.id,
                    created_at=at + dt.timedelta(days=1),
                    consent_withdrawn_at=at + dt.timedelta(days=8),
                )
            )

        def entry(event):
            title, detail = case_timeline._title(event)
            link = None
            if event.offer is not None and event.offer.refusal is not None:
                link = ("backoffice.refusal_review", {"refusal_id": event.offer.refusal.id})
            return (event.at, title, detail, link)

        expected = [entry(event) for event in offers_timeline(person_id)]
        shown = [(e.at, e.title, e.detail, e.link) for e in timeline.entries(person_id, kinds=["offer"])]
    assert len(expected) == 14
    assert shown == expected


def test_a_persons_offers_page_reads_the_person_and_the_staff_member_with_the_offers(eid_app, client_as):
    """Without words the page is one read (offers, candidacies, what to offer, the person with
    their case and the signed-in staff member) and its audit event; the staff member read with it
    is taken as the session's row (nothing written to the staff table) and is the one who proposes
    on the page's POST; no such person is 404."""
    from portal.models import Offer, StaffMember
    from tests.forms import submit

    counsellor = client_as("counsellor")
    case_id = add_jobseeker(eid_app, ee_code(403), "Olev", "Tamm")
    with eid_app.app_context():
        person_id = db.session.scalar(select(JobseekerCase.person_id).where(JobseekerCase.id == case_id))
        offer_to(eid_app, person_id)
        vacancy_id = vacancy("Baker")
    path = f"/back-office/people/{person_id}/offers"
    assert counsellor.get(path, headers=EN).status_code == 200
    with counted(eid_app) as statements:
        page = counsellor.get(path, headers=EN)
    assert "Olev Tamm" in page.get_data(as_text=True)
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT") and "audit" not in s]
    assert len(reads) == 1, reads
    assert not [s for s in statements if "staff_member" in s and not s.lstrip().upper().startswith("SELECT")]
    assert counsellor.get("/back-office/people/999999/offers", headers=EN).status_code == 404

    sent = submit(counsellor, page, {"subject": f"vacancy:{vacancy_id}"}, action=path, headers=EN)
    assert sent.status_code == 303
    with eid_app.app_context():
        proposer = db.session.scalar(select(Offer.proposed_by_staff_id).where(Offer.vacancy_id == vacancy_id))
        staff = db.session.get(StaffMember, proposer)
        assert staff is not None and staff.office == "Tallinn"


def test_a_persons_offers_page_writes_its_limits_in_the_sql():
    """PostgreSQL keeps one plan for a prepared statement only when that plan does not look dearer
    than the ones made for the values; it plans a LIMIT bound as a parameter as though it kept a
    tenth of the rows, so the page's statement was planned again on every request. Its constant
    limits are written in the SQL; the person and the staff member stay parameters."""
    import re

    from sqlalchemy.dialects import postgresql

    from portal.web.backoffice.person_offers_read import _PERSON_PAGE

    compiled = _PERSON_PAGE.compile(dialect=postgresql.psycopg.dialect())
    assert re.findall(r"LIMIT (\S+)\)", compiled.string) == ["20", "20", "1"]
    assert {"person_id", "staff_person_id"} <= set(compiled.params)
