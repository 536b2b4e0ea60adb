"""The case view's timeline (`services/timeline.py`) gets the offers' events: proposals, answers,
reviews with their consequences, SAS receipts, applications and employers' outcomes."""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import bindparam

from portal import labels
from portal.catalog import gettext
from portal.models import (
    Candidate,
    Offer,
    OfferAnswer,
    OfferState,
    Outcome,
    Refusal,
    RefusalReason,
    ReviewState,
    SasReportState,
    TimelineKind,
    Vacancy,
)
from portal.profiles.refusals import Consequence
from portal.services.offers.timeline import Event, timeline
from portal.services.timeline import TimelineEntry, branch, part


def _title(event: Event) -> tuple[str, str | None]:
    offer, candidate = event.offer, event.candidate
    if event.kind is TimelineKind.PROPOSED:
        return gettext("Offered: %(title)s", title=event.title), None
    if event.kind is TimelineKind.ACCEPTED:
        return gettext("Accepted: %(title)s", title=event.title), None
    if event.kind is TimelineKind.REFUSED:
        reason = offer.answer.reason if offer and offer.answer else None
        return gettext("Refused: %(title)s", title=event.title), str(
            labels.REFUSAL_REASONS[reason]
        ) if reason else None
    if event.kind is TimelineKind.EXPIRED:
        return gettext("Not answered in time: %(title)s", title=event.title), None
    if event.kind is TimelineKind.WITHDRAWN:
        return gettext("Withdrawn: %(title)s", title=event.title), None
    if event.kind is TimelineKind.REVIEWED and offer and offer.refusal:
        refusal = offer.refusal
        detail = f"{labels.REVIEW_STATES[refusal.review_state]}; {labels.CONSEQUENCES[refusal.consequence]}"
        return gettext("Refusal reviewed: %(title)s", title=event.title), detail
    if event.kind is TimelineKind.SAS and offer and offer.refusal:
        status = offer.refusal.sas_beneficiary_status
        detail = labels.label(labels.SOCIAL_ASSISTANCE_STATUSES, status) if status else None
        return str(labels.SAS_REPORT_STATES[offer.refusal.sas_state]), detail
    if event.kind is TimelineKind.APPLIED:
        return gettext("Applied: %(title)s", title=event.title), None
    if event.kind is TimelineKind.OUTCOME and candidate and candidate.outcome:
        return gettext(
            "Employer's answer: %(outcome)s", outcome=labels.OUTCOMES[candidate.outcome]
        ), event.title
    return gettext("Left the shortlist: %(title)s", title=event.title), None


# The offers with their answers and refusals, and the candidacies with their vacancy's title, as
# two branches of the timeline's one statement (`timeline.part`): only the columns the events
# read, where the ORM's offers with two eager loads and candidates cost more than the rest of the
# timeline. `_events` gives them to `offers.timeline.timeline` as it takes the offer pages' rows.
_PERSON = bindparam("person_id")
_OFFERS = branch(
    Offer.person_id == _PERSON,
    from_=Offer.__table__.outerjoin(OfferAnswer.__table__, OfferAnswer.offer_id == Offer.id).outerjoin(
        Refusal.__table__, Refusal.offer_id == Offer.id
    ),
    at=Offer.proposed_at,
    at2=OfferAnswer.answered_at,
    at3=Offer.closed_at,
    at4=Refusal.reviewed_at,
    at5=Refusal.sas_received_at,
    id=Offer.id,
    id2=OfferAnswer.id,
    id3=Refusal.id,
    s1=Offer.title,
    s2=Offer.state,
    s3=OfferAnswer.reason,
    s4=Refusal.review_state,
    s5=Refusal.consequence,
    s6=Refusal.sas_state,
    s7=Refusal.sas_beneficiary_status,
)
_CANDIDACIES = branch(
    Candidate.person_id == _PERSON,
    from_=Candidate.__table__.join(Vacancy.__table__, Vacancy.id == Candidate.vacancy_id),
    at=Candidate.created_at,
    at2=Candidate.outcome_at,
    at3=Candidate.consent_withdrawn_at,
    id=Candidate.id,
    id2=Candidate.offer_id,
    s1=Vacancy.title,
    s2=Candidate.outcome,
)


def _enum(kind, value):
    return kind(value) if value is not None else None


def _offer(row) -> SimpleNamespace:
    """What `timeline` and `_title` read of an offer, from its branch's row."""
    answer = (
        SimpleNamespace(answered_at=row.at2, reason=_enum(RefusalReason, row.s3))
        if row.id2 is not None
        else None
    )
    refusal = (
        SimpleNamespace(
            id=row.id3,
            reviewed_at=row.at4,
            sas_received_at=row.at5,
            review_state=ReviewState(row.s4),
            consequence=_enum(Consequence, row.s5),
            sas_state=_enum(SasReportState, row.s6),
            sas_beneficiary_status=row.s7,
        )
        if row.id3 is not None
        else None
    )
    return SimpleNamespace(
        id=row.id,
        title=row.s1,
        state=OfferState(row.s2),
        proposed_at=row.at,
        closed_at=row.at3,
        answer=answer,
        refusal=refusal,
    )


def _candidacy(row) -> tuple[SimpleNamespace, str]:
    candidate = SimpleNamespace(
        id=row.id,
        offer_id=row.id2,
        created_at=row.at,
        outcome=_enum(Outcome, row.s2),
        outcome_at=row.at2,
        consent_withdrawn_at=row.at3,
    )
    return candidate, row.s1


def _newest_first(rows):
    """In the order of `offers_of` and `candidacies_of`: newest first, then the higher id."""
    return sorted(rows, key=lambda row: (row.at, row.id), reverse=True)


@part("offer", _OFFERS, _CANDIDACIES)
def _offers(person_id: int, offers, candidacies):
    events = timeline(
        person_id,
        [_offer(row) for row in _newest_first(offers)],
        [_candidacy(row) for row in _newest_first(candidacies)],
    )
    for event in events:
        title, detail = _title(event)
        link = None
        if event.offer is not None and event.offer.refusal is not None:
            link = ("backoffice.refusal_review", {"refusal_id": event.offer.refusal.id})
        yield TimelineEntry(at=event.at, kind="offer", title=title, detail=detail, link=link)
