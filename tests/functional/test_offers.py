"""Offers through their states: propose, accept, refuse, expire, withdraw, remind; one answer only."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    AnswerKind,
    AuditEvent,
    AuditTag,
    Candidate,
    CandidateSource,
    InboxMessage,
    Offer,
    OfferAnswer,
    OfferState,
    OutboxMessage,
    Refusal,
    RefusalReason,
    ReviewState,
)
from portal.services.offers import AlreadyAnswered, ConsentMissing, NotOpen, answering, proposing
from tests.offers_world import EE_UNEMPLOYED, counsellor, offer_to, registered, vacancy, vacancy_subject


@pytest.fixture
def world(make_app):
    app = make_app()
    with app.app_context():
        yield app


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_propose_to_several_people_at_once_with_the_profile_default_deadline(world):
    staff = counsellor(world)
    people = [registered(code) for code in ("37001010001", "37001010002", "37001010003")]
    profile = world.extensions["profile"]
    subject = vacancy_subject()
    made = proposing.propose(people, subject, staff=staff, profile=profile, note="Near your home")
    assert [offer.person_id for offer in made] == people
    expected = profile.add_working_days(profile.today(), profile.refusals.reply_working_days)
    assert {offer.reply_by for offer in made} == {expected}
    assert {offer.state for offer in made} == {OfferState.PROPOSED}
    # Each person: an inbox message pointing at the offer, and its notice in the outbox (ids only).
    for offer in made:
        message = db.session.scalar(select(InboxMessage).where(InboxMessage.offer_id == offer.id))
        assert message.person_id == offer.person_id and message.kind == "offer"
    notices = db.session.scalars(
        select(OutboxMessage.payload).where(OutboxMessage.topic == "inbox.notice")
    ).all()
    assert all(set(payload) == {"message_id"} for payload in notices) and len(notices) == 3
    assert count(AuditEvent, AuditEvent.tag == AuditTag.OFFER_PROPOSE) == 3
    # Proposing the same vacancy again while the offers are open proposes nothing twice.
    assert proposing.propose(people, subject, staff=staff, profile=profile) == []


def test_a_counsellor_cannot_offer_to_themselves_and_no_deadline_in_the_past(world):
    from portal.services.decisions import OwnCase

    staff = counsellor(world)
    profile = world.extensions["profile"]
    with pytest.raises(OwnCase):
        proposing.propose([staff.person_id], vacancy_subject(), staff=staff, profile=profile)
    with pytest.raises(ValueError, match="past"):
        proposing.propose(
            [registered(EE_UNEMPLOYED)],
            vacancy_subject(),
            staff=staff,
            profile=profile,
            reply_by=profile.today() - dt.timedelta(days=1),
        )
    assert count(Offer) == 0


def test_accept_shares_only_consented_fields_and_joins_the_shortlist(world):
    person_id = registered(EE_UNEMPLOYED)
    offer = offer_to(world, person_id)
    answer = answering.accept(
        offer.id, person_id, ["name", "occupations", "personal-code", "social-assistance", "health", "income"]
    )
    assert answer.kind is AnswerKind.ACCEPT
    assert answer.consented_fields == ["name", "occupations"]  # the rest can never be consented
    assert db.session.get(Offer, offer.id).state is OfferState.ACCEPTED
    candidate = db.session.scalar(select(Candidate).where(Candidate.person_id == person_id))
    assert (candidate.vacancy_id, candidate.source, candidate.consented_fields) == (
        offer.vacancy_id,
        CandidateSource.OFFER,
        ["name", "occupations"],
    )


def test_accept_without_any_consented_field_is_refused(world):
    person_id = registered(EE_UNEMPLOYED)
    offer = offer_to(world, person_id)
    with pytest.raises(ConsentMissing):
        answering.accept(offer.id, person_id, ["personal-code"])
    assert db.session.get(Offer, offer.id).state is OfferState.PROPOSED


def test_refuse_puts_the_refusal_in_the_queue_and_nothing_else(world):
    person_id = registered(EE_UNEMPLOYED)
    offer = offer_to(world, person_id)
    answering.refuse(offer.id, person_id, RefusalReason.DISTANCE, "Two hours by bus")
    assert db.session.get(Offer, offer.id).state is OfferState.REFUSED
    refusal = db.session.scalar(select(Refusal).where(Refusal.offer_id == offer.id))
    assert refusal.review_state is ReviewState.PENDING
    assert (refusal.reason, refusal.reason_text) == (RefusalReason.DISTANCE, "Two hours by bus")
    assert refusal.consequence is None and refusal.sas_state is None  # never automatic
    assert count(OutboxMessage, OutboxMessage.topic == "offers.job-refusal") == 0


def test_refuse_other_needs_text_and_expired_is_not_a_persons_reason(world):
    person_id = registered(EE_UNEMPLOYED)
    offer = offer_to(world, person_id)
    with pytest.raises(ValueError):
        answering.refuse(offer.id, person_id, RefusalReason.OTHER, "  ")
    with pytest.raises(ValueError):
        answering.refuse(offer.id, person_id, RefusalReason.EXPIRED)
    assert count(OfferAnswer) == 0


def test_a_second_answer_is_already_recorded_with_the_first_time(world):
    person_id = registered(EE_UNEMPLOYED)
    offer = offer_to(world, person_id)
    first = answering.refuse(offer.id, person_id, RefusalReason.NONE)
    for attempt in (
        lambda: answering.refuse(offer.id, person_id, RefusalReason.NONE),  # a replayed POST
        lambda: answering.accept(offer.id, person_id, ["name"]),  # the other tab
    ):
        with pytest.raises(AlreadyAnswered) as raised:
            attempt()
        assert raised.value.kind is AnswerKind.REFUSE
        assert raised.value.answered_at == first.answered_at
    assert count(OfferAnswer) == 1 and count(Refusal) == 1


def test_another_persons_offer_is_not_found(world):
    owner = registered(EE_UNEMPLOYED)
    other = registered("37001010009")
    offer = offer_to(world, owner)
    with pytest.raises(LookupError):
        answering.accept(offer.id, other, ["name"])
    assert db.session.get(Offer, offer.id).state is OfferState.PROPOSED


def test_answering_a_withdrawn_offer_is_refused_with_its_state(world):
    person_id = registered(EE_UNEMPLOYED)
    offer = offer_to(world, person_id)
    proposing.withdraw(offer.id, reason="counsellor", staff=counsellor(world))
    with pytest.raises(NotOpen) as raised:
        answering.accept(offer.id, person_id, ["name"])
    assert raised.value.state is OfferState.WITHDRAWN
    assert count(OfferAnswer) == 0
    kinds = db.session.scalars(select(InboxMessage.kind).where(InboxMessage.offer_id == offer.id)).all()
    assert sorted(kinds) == ["offer", "offer_withdrawn"]


def test_a_closed_vacancy_withdraws_every_open_offer_of_it_only(world):
    staff = counsellor(world)
    profile = world.extensions["profile"]
    first, second = registered("37001010001"), registered("37001010002")
    closing = vacancy()
    open_offers = proposing.propose([first, second], vacancy_subject(closing), staff=staff, profile=profile)
    answering.accept(open_offers[0].id, first, ["name"])
    other_vacancy = offer_to(world, second)
    assert proposing.withdraw_for_vacancy(closing, reason="vacancy-closed") == [open_offers[1].id]
    assert db.session.get(Offer, open_offers[0].id).state is OfferState.ACCEPTED  # answered stays
    assert db.session.get(Offer, other_vacancy.id).state is OfferState.PROPOSED


def test_an_unanswered_offer_expires_into_the_counsellors_queue(world):
    person_id = registered(EE_UNEMPLOYED)
    profile = world.extensions["profile"]
    offer = offer_to(world, person_id, reply_by=profile.today())
    assert proposing.expire_due(profile, profile.today()) == []  # the last day is still open
    assert proposing.expire_due(profile, profile.today() + dt.timedelta(days=1)) == [offer.id]
    assert db.session.get(Offer, offer.id).state is OfferState.EXPIRED
    refusal = db.session.scalar(select(Refusal).where(Refusal.offer_id == offer.id))
    assert (refusal.reason, refusal.review_state) == (RefusalReason.EXPIRED, ReviewState.PENDING)
    assert proposing.expire_due(profile, profile.today() + dt.timedelta(days=2)) == []  # once only
    with pytest.raises(NotOpen) as raised:
        answering.refuse(offer.id, person_id, RefusalReason.NONE)
    assert raised.value.state is OfferState.EXPIRED


def test_past_the_deadline_an_answer_is_refused_even_before_the_expiry_job_ran(world):
    person_id = registered(EE_UNEMPLOYED)
    profile = world.extensions["profile"]
    offer = offer_to(world, person_id, reply_by=profile.today())
    with pytest.raises(NotOpen) as raised:
        answering.accept(offer.id, person_id, ["name"], today=profile.today() + dt.timedelta(days=1))
    assert raised.value.state is OfferState.EXPIRED


def test_the_reminder_goes_the_day_before_the_deadline_once(world):
    person_id = registered(EE_UNEMPLOYED)
    profile = world.extensions["profile"]
    today = profile.today()
    offer = offer_to(world, person_id, reply_by=today + dt.timedelta(days=2))
    assert proposing.remind_due(profile, today) == []
    assert proposing.remind_due(profile, today + dt.timedelta(days=1)) == [offer.id]
    assert proposing.remind_due(profile, today + dt.timedelta(days=1)) == []
    assert count(InboxMessage, InboxMessage.kind == "offer_reminder") == 1


def test_apply_joins_the_shortlist_once(world):
    person_id = registered(EE_UNEMPLOYED)
    vacancy_id = vacancy()
    first = answering.apply(vacancy_id, person_id, ["name", "contact"])
    again = answering.apply(vacancy_id, person_id, ["name"])
    assert first.id == again.id and first.source is CandidateSource.APPLICATION
    assert count(Candidate) == 1
    assert count(AuditEvent, AuditEvent.tag == AuditTag.VACANCY_APPLY) == 1


def test_racing_answers_record_exactly_one(make_app):
    """Two threads (two tabs) answer the same offer at once: one wins, the other is told."""
    app = make_app()
    with app.app_context():
        person_id = registered(EE_UNEMPLOYED)
        offer_id = offer_to(app, person_id).id
    results: list[object] = []
    barrier = threading.Barrier(2)

    def answer(kind: str) -> None:
        with app.app_context():
            barrier.wait()
            try:
                if kind == "accept":
                    results.append(answering.accept(offer_id, person_id, ["name"]).kind)
                else:
                    results.append(answering.refuse(offer_id, person_id, RefusalReason.NONE).kind)
            except AlreadyAnswered as exc:
                results.append(exc)

    threads = [threading.Thread(target=answer, args=(kind,)) for kind in ("accept", "refuse")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        assert count(OfferAnswer, OfferAnswer.offer_id == offer_id) == 1
        winner = db.session.scalar(select(OfferAnswer).where(OfferAnswer.offer_id == offer_id))
        told = [result for result in results if isinstance(result, AlreadyAnswered)]
        assert len(told) == 1 and told[0].answered_at == winner.answered_at
        expected_state = OfferState.ACCEPTED if winner.kind is AnswerKind.ACCEPT else OfferState.REFUSED
        assert db.session.get(Offer, offer_id).state is expected_state
        assert count(Refusal) == (1 if winner.kind is AnswerKind.REFUSE else 0)


def test_an_answer_racing_the_expiry_job_leaves_one_outcome(make_app):
    app = make_app()
    with app.app_context():
        profile = app.extensions["profile"]
        person_id = registered(EE_UNEMPLOYED)
        offer_id = offer_to(app, person_id, reply_by=profile.today()).id
    later = profile.today() + dt.timedelta(days=1)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def expire() -> None:
        with app.app_context():
            barrier.wait()
            outcomes.append(proposing.expire_due(profile, later))

    def answer() -> None:
        with app.app_context():
            barrier.wait()
            try:
                outcomes.append(answering.accept(offer_id, person_id, ["name"]))
            except NotOpen as exc:
                outcomes.append(exc)

    threads = [threading.Thread(target=expire), threading.Thread(target=answer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        state = db.session.get(Offer, offer_id).state
        assert state in (OfferState.ACCEPTED, OfferState.EXPIRED)
        assert count(OfferAnswer) == (1 if state is OfferState.ACCEPTED else 0)
        assert count(Refusal) == (1 if state is OfferState.EXPIRED else 0)


def test_closing_a_vacancy_withdraws_its_open_offers_and_hides_its_shortlist(world):
    from portal.models import Vacancy, VacancyState
    from portal.services.offers import shortlist
    from portal.services.vacancies.base import SYSTEM, change_state

    person_id = registered(EE_UNEMPLOYED)
    other = registered("37001010002")
    accepted = offer_to(world, person_id)
    answering.accept(accepted.id, person_id, ["name"])
    waiting = offer_to(world, other, vacancy_id=accepted.vacancy_id)
    vacancy_row = db.session.get(Vacancy, accepted.vacancy_id)
    assert shortlist.shortlist(vacancy_row).total == 1
    with db.write() as session:
        change_state(session, session.get(Vacancy, accepted.vacancy_id), VacancyState.CLOSED, SYSTEM)
    assert db.session.get(Offer, waiting.id, populate_existing=True).state is OfferState.WITHDRAWN
    assert db.session.get(Offer, accepted.id).state is OfferState.ACCEPTED
    vacancy_row = db.session.get(Vacancy, accepted.vacancy_id, populate_existing=True)
    assert shortlist.shortlist(vacancy_row).items == []
