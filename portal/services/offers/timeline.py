"""One timeline of a person's offers: proposals, answers, reviews and consequences, SAS receipts,
applications and employers' outcomes, newest first. One statement whatever its length (`rows.person_statement`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from portal.extensions import db
from portal.models import OfferState, SasReportState, TimelineKind
from portal.services.offers import rows


@dataclass(frozen=True)
class Event:
    at: dt.datetime
    kind: TimelineKind
    title: str
    offer: Any = None  # an `OfferRow`, or what `case_timeline` reads of one
    candidate: Any = None  # a `CandidacyRow`, or what `case_timeline` reads of one


# Built once: the offers alone (the refusal review), and with the candidacies (the offer lists).
_OFFERS_OF = rows.branch_statement(rows.OFFERS)
_PERSON_ROWS = rows.person_statement()


def read(statement: Any, values: dict[str, Any]) -> Any:
    """`statement`'s rows on the session's connection: rows of columns need none of the ORM's
    execution, but its autoflush, so that changes not yet flushed are read as before."""
    session = db.session()
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement, values)


def offers_of(person_id: int) -> list[rows.OfferRow]:
    """The person's offers with their answers and refusals, newest first: one statement (an offer
    has at most one answer and one refusal, so the outer joins add no rows)."""
    return [rows.offer_of(row) for row in read(_OFFERS_OF, {"person_id": person_id})]


def offers_and_candidacies(
    person_id: int,
) -> tuple[list[rows.OfferRow], list[tuple[rows.CandidacyRow, str]]]:
    """`offers_of` and `candidacies_of` in one statement."""
    offers, candidacies = rows.split(read(_PERSON_ROWS, {"person_id": person_id}), 2)
    return [rows.offer_of(row) for row in offers], [rows.candidacy_of(row) for row in candidacies]


def candidacies_of(person_id: int) -> list[tuple[rows.CandidacyRow, str]]:
    """The person's applications and accepted offers with their vacancy's title, newest first."""
    return offers_and_candidacies(person_id)[1]


def timeline(
    person_id: int, offers: list[Any] | None = None, candidacies: list[Any] | None = None
) -> list[Event]:
    """The events of the person's offers and candidacies (each as `offers_of` and `candidacies_of`
    give them, read here unless given)."""
    if offers is None or candidacies is None:
        read_offers, read_candidacies = offers_and_candidacies(person_id)
        offers = read_offers if offers is None else offers
        candidacies = read_candidacies if candidacies is None else candidacies
    events: list[Event] = []
    for offer in offers:
        events.append(Event(offer.proposed_at, TimelineKind.PROPOSED, offer.title, offer=offer))
        if offer.answer is not None:
            kind = TimelineKind.ACCEPTED if offer.state is OfferState.ACCEPTED else TimelineKind.REFUSED
            events.append(Event(offer.answer.answered_at, kind, offer.title, offer=offer))
        if offer.state in (OfferState.EXPIRED, OfferState.WITHDRAWN) and offer.closed_at is not None:
            events.append(Event(offer.closed_at, TimelineKind(offer.state.value), offer.title, offer=offer))
        refusal = offer.refusal
        if refusal is not None and refusal.reviewed_at is not None:
            events.append(Event(refusal.reviewed_at, TimelineKind.REVIEWED, offer.title, offer=offer))
            if refusal.sas_state in (SasReportState.ACCEPTED, SasReportState.NOT_BENEFICIARY):
                at = refusal.sas_received_at or refusal.reviewed_at
                events.append(Event(at, TimelineKind.SAS, offer.title, offer=offer))
    for candidate, title in candidacies:
        if candidate.offer_id is None:
            events.append(Event(candidate.created_at, TimelineKind.APPLIED, title, candidate=candidate))
        if candidate.outcome is not None and candidate.outcome_at is not None:
            events.append(Event(candidate.outcome_at, TimelineKind.OUTCOME, title, candidate=candidate))
        if candidate.consent_withdrawn_at is not None:
            events.append(
                Event(candidate.consent_withdrawn_at, TimelineKind.CONSENT, title, candidate=candidate)
            )
    return sorted(events, key=lambda event: event.at, reverse=True)
