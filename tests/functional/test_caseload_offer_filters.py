"""The caseload's "offers waiting for an answer" and "refusals to confirm" filters, on hand-made
offers and refusals: each keeps exactly the people it names, in the list, its count and the
figures beside the filters."""

from __future__ import annotations

import datetime as dt

from portal.extensions import db
from portal.models import (
    JobseekerCase,
    Offer,
    OfferKind,
    OfferState,
    Refusal,
    RefusalReason,
    ReviewState,
)
from portal.services import caseload
from tests.functional.caseload_helpers import add_jobseeker, ee_code, text_of
from tests.functional.test_backoffice_registrations import today


def _offer(person_id: int, state: OfferState, reply_by: dt.date) -> int:
    offer = Offer(
        person_id=person_id, kind=OfferKind.VACANCY, title="Forklift driver", state=state, reply_by=reply_by
    )
    db.session.add(offer)
    db.session.flush()
    return offer.id


def _refusal(person_id: int, offer_state: OfferState, review: ReviewState, day: dt.date) -> None:
    offer_id = _offer(person_id, offer_state, day - dt.timedelta(days=1))
    reason = RefusalReason.EXPIRED if offer_state is OfferState.EXPIRED else RefusalReason.DISTANCE
    db.session.add(Refusal(offer_id=offer_id, person_id=person_id, reason=reason, review_state=review))


def _people(app) -> dict[str, int]:
    """One person per situation; returns the case id of each."""
    names = [
        "waiting",  # an open offer, reply day ahead
        "due_today",  # an open offer whose reply day is today: still answerable
        "past_reply_day",  # open in the table, but the reply day has passed (expiry job not yet run)
        "accepted",  # answered: nothing waits
        "withdrawn",
        "refused_pending",  # refused, the counsellor has not decided yet
        "expired_pending",  # not answered in time: a refusal to confirm too
        "refused_reviewed",  # decided (valid reason): nothing to confirm
        "both",  # an open offer and a refusal to confirm
        "nothing",
    ]
    cases = {name: add_jobseeker(app, ee_code(n), "Kalle", f"Kask-{name}") for n, name in enumerate(names)}
    day = today(app)
    with app.app_context():
        person = {name: db.session.get(JobseekerCase, case_id).person_id for name, case_id in cases.items()}
        _offer(person["waiting"], OfferState.PROPOSED, day + dt.timedelta(days=3))
        _offer(person["due_today"], OfferState.PROPOSED, day)
        _offer(person["past_reply_day"], OfferState.PROPOSED, day - dt.timedelta(days=1))
        _offer(person["accepted"], OfferState.ACCEPTED, day + dt.timedelta(days=3))
        _offer(person["withdrawn"], OfferState.WITHDRAWN, day + dt.timedelta(days=3))
        _refusal(person["refused_pending"], OfferState.REFUSED, ReviewState.PENDING, day)
        _refusal(person["expired_pending"], OfferState.EXPIRED, ReviewState.PENDING, day)
        _refusal(person["refused_reviewed"], OfferState.REFUSED, ReviewState.VALID, day)
        _offer(person["both"], OfferState.PROPOSED, day + dt.timedelta(days=5))
        _refusal(person["both"], OfferState.REFUSED, ReviewState.PENDING, day)
        db.session.commit()
    return cases


def _found(app, flag_keys: set[str], cases: dict[str, int]) -> set[str]:
    names = {case_id: name for name, case_id in cases.items()}
    with app.test_request_context():
        result = caseload.caseload(
            caseload.CaseloadQuery(
                office="Tallinn",
                counsellor_id=None,
                today=today(app),
                flags=frozenset(flag_keys),
                per_page=100,
            )
        )
    return {names[row.case_id] for row in result.rows}


def test_each_offer_filter_keeps_exactly_its_people(eid_app, client_as):
    client = client_as("counsellor")  # registers the views, and so the offers feature's filters
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    cases = _people(eid_app)

    assert _found(eid_app, {"offers_waiting"}, cases) == {"waiting", "due_today", "both"}
    assert _found(eid_app, {"refusals_to_confirm"}, cases) == {"refused_pending", "expired_pending", "both"}
    assert _found(eid_app, {"offers_waiting", "refusals_to_confirm"}, cases) == {"both"}

    page = text_of(client.get("/back-office/caseload?scope=office"))
    assert "Offers waiting for an answer (3)" in page and "Refusals to confirm (3)" in page
    waiting = text_of(client.get("/back-office/caseload?scope=office&flag=offers_waiting"))
    assert "3 cases match" in waiting
    assert all(f"Kask-{name}" in waiting for name in ("waiting", "due_today", "both"))
    assert "Kask-past_reply_day" not in waiting and "Kask-nothing" not in waiting
    refusals = text_of(client.get("/back-office/caseload/export?scope=office&flag=refusals_to_confirm"))
    assert {name for name in cases if f"Kask-{name}," in refusals} == {
        "refused_pending",
        "expired_pending",
        "both",
    }


def test_the_filters_come_in_order_between_the_built_in_ones(eid_app, client_as):
    client_as("counsellor")
    ours = ["overdue", "offers_waiting", "refusals_to_confirm", "social_assistance", "long_term"]
    assert [flag.key for flag in caseload.flags() if flag.key in ours] == ours
