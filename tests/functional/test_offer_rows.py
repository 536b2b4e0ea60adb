"""The offer pages read a person's offers and candidacies as rows of the shown columns, in one
statement with what else the page reads (`services/offers/rows.py`): the rows carry what the ORM
objects did, the refusal queue and the list to propose a vacancy to read their page with its count,
and the jobseeker's pages read the navigation's unread count with their own rows."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import (
    AnswerKind,
    Candidate,
    CandidateSource,
    InboxMessage,
    NotSelectedReason,
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
from portal.services.offers import rows
from portal.services.offers.timeline import offers_and_candidacies, offers_of
from portal.services.paging import Listing, paginate, paginate_counted
from tests.functional.test_list_pages import counted
from tests.offers_world import person, vacancy

EN = {"Accept-Language": "en"}
AT = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def _world(person_id: int) -> None:
    """Offers in every state, with and without answers and refusals, and candidacies."""
    vacancy_ids = [vacancy(f"Job {number}") for number in range(3)]
    with db.write() as session:

        def offer(title: str, state: OfferState, day: int, **values) -> Offer:
            made = Offer(
                person_id=person_id,
                kind=OfferKind.VACANCY,
                title=title,
                state=state,
                proposed_at=AT + dt.timedelta(days=day),
                reply_by=(AT + dt.timedelta(days=day + 7)).date(),
                **values,
            )
            session.add(made)
            session.flush()
            return made

        accepted = offer("Cook", OfferState.ACCEPTED, 0, vacancy_id=vacancy_ids[1], employer_name="Kokad OÜ")
        session.add(
            OfferAnswer(
                offer_id=accepted.id,
                person_id=person_id,
                kind=AnswerKind.ACCEPT,
                answered_at=AT + dt.timedelta(days=1),
            )
        )
        refused = offer("Driver", OfferState.REFUSED, 0)  # the same moment as the cook's
        session.add(
            OfferAnswer(
                offer_id=refused.id,
                person_id=person_id,
                kind=AnswerKind.REFUSE,
                reason=RefusalReason.DISTANCE,
                answered_at=AT + dt.timedelta(days=2),
            )
        )
        session.add(
            Refusal(
                offer_id=refused.id,
                person_id=person_id,
                reason=RefusalReason.DISTANCE,
                review_state=ReviewState.NOT_VALID,
                reviewed_at=AT + dt.timedelta(days=3),
                consequence=next(iter(Consequence)),
                sas_state=SasReportState.ACCEPTED,
                sas_received_at=AT + dt.timedelta(days=4),
                sas_beneficiary_status="beneficiary",
            )
        )
        offer("Packer", OfferState.EXPIRED, 1, closed_at=AT + dt.timedelta(days=9))
        offer("Baker", OfferState.PROPOSED, 5)
        session.add(
            Candidate(
                vacancy_id=vacancy_ids[0],
                person_id=person_id,
                source=CandidateSource.APPLICATION,
                created_at=AT + dt.timedelta(days=1),
                outcome=Outcome.NOT_SELECTED,
                outcome_at=AT + dt.timedelta(days=6),
                not_selected_reason=next(iter(NotSelectedReason)),
            )
        )
        session.add(
            Candidate(
                vacancy_id=vacancy_ids[1],
                person_id=person_id,
                source=CandidateSource.OFFER,
                offer_id=accepted.id,
                created_at=AT + dt.timedelta(days=1),
                outcome=Outcome.HIRED,
                start_date=dt.date(2026, 12, 1),
                consent_withdrawn_at=AT + dt.timedelta(days=8),
            )
        )


def _fields(found, names) -> tuple:
    return tuple(getattr(found, name) for name in names)


def test_the_rows_carry_what_the_orm_objects_give_in_their_order(app):
    with app.test_request_context(headers=EN):
        person_id = person("38001010099")
        _world(person_id)
        with counted(app) as statements:
            offers, candidacies = offers_and_candidacies(person_id)
        assert len(statements) == 1
        assert offers == offers_of(person_id)
        objects = db.session.scalars(
            select(Offer)
            .where(Offer.person_id == person_id)
            .options(joinedload(Offer.answer), joinedload(Offer.refusal))
            .order_by(Offer.proposed_at.desc(), Offer.id.desc())
        ).all()
        plain = [name for name in rows.OfferRow._fields if name not in ("answer", "refusal")]
        assert [_fields(row, plain) for row in offers] == [_fields(offer, plain) for offer in objects]
        assert [_fields(row.answer, rows.AnswerRow._fields) if row.answer else None for row in offers] == [
            _fields(offer.answer, rows.AnswerRow._fields) if offer.answer else None for offer in objects
        ]
        assert [_fields(row.refusal, rows.RefusalRow._fields) if row.refusal else None for row in offers] == [
            _fields(offer.refusal, rows.RefusalRow._fields) if offer.refusal else None for offer in objects
        ]
        assert {type(row.state) for row in offers} == {OfferState}
        candidates = db.session.scalars(
            select(Candidate)
            .where(Candidate.person_id == person_id)
            .order_by(Candidate.created_at.desc(), Candidate.id.desc())
        ).all()
        assert [(_fields(row, rows.CandidacyRow._fields), title) for row, title in candidacies] == [
            (_fields(candidate, rows.CandidacyRow._fields), f"Job {number}")
            for candidate, number in zip(candidates, (1, 0), strict=True)
        ]


def test_the_person_s_offers_page_is_one_statement_besides_the_person_and_the_audit(eid_app, client_as):
    from sqlalchemy import select as select_

    from portal.models import JobseekerCase
    from tests.functional.caseload_helpers import add_jobseeker, ee_code

    counsellor = client_as("counsellor")
    case_id = add_jobseeker(eid_app, ee_code(404), "Anu", "Saar")
    with eid_app.app_context():
        person_id = db.session.scalar(select_(JobseekerCase.person_id).where(JobseekerCase.id == case_id))
        _world(person_id)
    path = f"/back-office/people/{person_id}/offers"
    assert counsellor.get(path, headers=EN).status_code == 200
    with counted(eid_app) as statements:
        page = counsellor.get(path, headers=EN).get_data(as_text=True)
    reading_offers = [s for s in statements if "FROM offer" in s]
    assert len(reading_offers) == 1 and "FROM candidate" in reading_offers[0]
    assert "FROM training" in reading_offers[0]  # what to offer, in the same statement
    assert "Driver" in page and "Refusal reviewed: Driver" in page and "Job 0" in page
    assert counsellor.get("/back-office/people/999999/offers", headers=EN).status_code == 404


def test_the_jobseeker_s_offer_pages_count_the_unread_messages_with_their_rows(eid_app, client_as):
    from portal.models import Person
    from tests.eid import JAAN
    from tests.offers_world import offer_to, registered

    with eid_app.app_context():
        registered(JAAN)
    jobseeker = client_as("jobseeker")
    with eid_app.app_context():
        person_id = db.session.scalar(select(Person.id).where(Person.national_code == JAAN))
        offer_id = offer_to(eid_app, person_id).id
        other = person("38001010088")
        with db.write() as session:
            session.execute(
                InboxMessage.__table__.update().where(InboxMessage.person_id == person_id).values(read_at=AT)
            )
            for owner in (person_id, person_id, other):
                session.add(InboxMessage(person_id=owner, kind="offer"))
    for path in ("/jobseeker/offers", f"/jobseeker/offers/{offer_id}"):
        assert jobseeker.get(path, headers=EN).status_code == 200
        with counted(eid_app) as statements:
            page = jobseeker.get(path, headers=EN).get_data(as_text=True)
        assert not any(s.lstrip().startswith("SELECT count") for s in statements), path
        assert "Inbox (2" in page, path
    # The offer page: the offer with its answer and refusal, the candidacy and the count.
    assert len(statements) == 1


def test_a_counted_page_is_the_page_paginate_gives(app):
    with app.app_context():
        person_id = person("38001010099")
        _world(person_id)
        listing = Listing(select(Offer.id, Offer.title).order_by(Offer.id))
        empty = Listing(select(Offer.id, Offer.title).where(Offer.title == "none").order_by(Offer.id))
        for chosen, number, size in (
            (listing, 1, 3),
            (listing, 2, 3),
            (listing, 9, 3),
            (empty, 1, 3),
            (empty, 4, 3),
        ):
            counted_page = paginate_counted(chosen, number, size)
            plain = paginate(chosen, number, size, scalars=False)
            assert [tuple(row[:2]) for row in counted_page.items] == [tuple(row) for row in plain.items]
            assert (counted_page.total, counted_page.number, counted_page.size) == (
                plain.total,
                plain.number,
                plain.size,
            )


def test_the_list_to_propose_a_vacancy_to_reads_the_vacancy_with_its_page(eid_app, client_as):
    """One statement for the page, its count and the vacancy; a vacancy not published is not found
    whether the list has rows or not, and a page past the end shows the last page."""
    from portal.models import Registration, VacancyState
    from portal.services import list_order
    from tests.offers_world import registered

    counsellor = client_as("counsellor")
    with eid_app.app_context():
        published, draft = vacancy("Cook"), vacancy("Draft", state=VacancyState.DRAFT)
    # No registered jobseeker yet: the list is empty and the vacancy read apart.
    assert counsellor.get(f"/back-office/vacancies/{published}/propose", headers=EN).status_code == 200
    assert counsellor.get(f"/back-office/vacancies/{draft}/propose", headers=EN).status_code == 404
    with eid_app.app_context():
        registered("37001010011")
        with db.write() as session:
            for registration in session.scalars(select(Registration)):
                list_order.enter(session, registration, eid_app.extensions["profile"])
    path = f"/back-office/vacancies/{published}/propose"
    assert counsellor.get(path, headers=EN).status_code == 200
    with counted(eid_app) as statements:
        page = counsellor.get(path, headers=EN).get_data(as_text=True)
    assert "Offer Cook to jobseekers" in page and page.count('name="persons" type="checkbox"') == 1
    assert sum(1 for s in statements if "FROM list_standing" in s) == 1
    assert not any(s.lstrip().startswith("SELECT vacancy.") for s in statements)
    assert counsellor.get(f"/back-office/vacancies/{draft}/propose", headers=EN).status_code == 404
    assert counsellor.get("/back-office/vacancies/999999/propose", headers=EN).status_code == 404
    past = counsellor.get(f"{path}?page=7", headers=EN).get_data(as_text=True)
    assert past.count('name="persons" type="checkbox"') == 1 and "Offer Cook to jobseekers" in past


def test_the_review_page_is_one_statement_besides_the_audit(eid_app, client_as):
    """The refusal, the person's name, the register answers and every offer of the person read
    together; the page says what the ORM objects said (the finding of a reviewed refusal)."""
    from portal.models import JobseekerCase
    from tests.functional.caseload_helpers import add_jobseeker, ee_code

    counsellor = client_as("counsellor")
    case_id = add_jobseeker(eid_app, ee_code(405), "Tiit", "Kuusk")
    with eid_app.app_context():
        person_id = db.session.scalar(select(JobseekerCase.person_id).where(JobseekerCase.id == case_id))
        _world(person_id)
        refusal_id = db.session.scalar(select(Refusal.id).where(Refusal.person_id == person_id))
    path = f"/back-office/refusals/{refusal_id}"
    assert counsellor.get(path, headers=EN).status_code == 200
    with counted(eid_app) as statements:
        page = counsellor.get(path, headers=EN).get_data(as_text=True)
    # Besides the audit's (its chain's row and, on PostgreSQL, `audit_append_one`'s call).
    audit = ("audit_event", "pg_advisory", "audit_append_one")
    assert len([s for s in statements if not any(name in s for name in audit)]) == 1
    assert "Refusal by Tiit Kuusk" in page and "Driver" in page and "Cook" in page
    assert "Finding" in page and "beneficiary" in page.lower()
    assert counsellor.get("/back-office/refusals/999999", headers=EN).status_code == 404
