"""One timeline of a person's offers: proposals, answers, reviews and consequences, SAS receipts,
applications and employers' outcomes, newest first. Two statements whatever its length."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Candidate, Offer, OfferState, SasReportState, TimelineKind, Vacancy


@dataclass(frozen=True)
class Event:
    at: dt.datetime
    kind: TimelineKind
    title: str
    offer: Offer | None = None
    candidate: Candidate | None = None


# Built once: making the statement with its two eager loads cost more CPU than running it.
_OFFERS_OF = (
    select(Offer)
    .where(Offer.person_id == bindparam("person_id"))
    .options(joinedload(Offer.answer), joinedload(Offer.refusal))
    .order_by(Offer.proposed_at.desc(), Offer.id.desc())
)


def offers_of(person_id: int) -> list[Offer]:
    """The person's offers with their answers and refusals, newest first: one statement (an offer
    has at most one answer and one refusal, so the outer joins add no rows)."""
    return list(db.session.scalars(_OFFERS_OF, {"person_id": person_id}))


# Of each vacancy only its title (the whole row is about thirty columns and its JSON); built once.
_CANDIDACIES = (
    select(Candidate, Vacancy.title)
    .join(Vacancy, Vacancy.id == Candidate.vacancy_id)
    .where(Candidate.person_id == bindparam("person_id"))
    .order_by(Candidate.created_at.desc(), Candidate.id.desc())
)


def candidacies_of(person_id: int) -> list[tuple[Candidate, str]]:
    """The person's applications and accepted offers with their vacancy's title, newest first."""
    return [
        (candidate, title) for candidate, title in db.session.execute(_CANDIDACIES, {"person_id": person_id})
    ]


def timeline(
    person_id: int, offers: list[Offer] | None = None, candidacies: list[tuple[Candidate, str]] | None = None
) -> list[Event]:
    """The events of the person's offers and candidacies (each as `offers_of` and `candidacies_of`
    give them, read here unless given)."""
    offers = offers_of(person_id) if offers is None else offers
    candidacies = candidacies_of(person_id) if candidacies is None else candidacies
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
