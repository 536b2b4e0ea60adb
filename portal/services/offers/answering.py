"""The jobseeker answers an offer: accept (with consent), refuse (with a reason), or applies to a
vacancy. Exactly one answer per offer, whatever the clicks, tabs or replays (docs/offers.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import (
    AnswerKind,
    AuditTag,
    Candidate,
    CandidateSource,
    ConsentField,
    Offer,
    OfferAnswer,
    OfferState,
    Refusal,
    RefusalReason,
    Registration,
    ReviewState,
)
from portal.models.base import utcnow
from portal.models.register_snapshot import RegisterSnapshot
from portal.profiles import CountryProfile
from portal.services import audit
from portal.services.offers.proposing import NotOpen
from portal.services.paging import written_limit
from portal.services.refusal_rules import History, Preview, preview

# What a person may pick as their reason (EXPIRED is the system's, never the person's).
PERSON_REASONS = tuple(reason for reason in RefusalReason if reason is not RefusalReason.EXPIRED)


class AlreadyAnswered(Exception):
    """The offer has its answer already; `answered_at` is when the first one was recorded."""

    def __init__(self, kind: AnswerKind, answered_at: dt.datetime) -> None:
        super().__init__(kind.value)
        self.kind = kind
        self.answered_at = answered_at


class ConsentMissing(ValueError):
    """Accepting or applying needs at least one field the person agrees to show."""


def consent_fields(fields: Iterable[str]) -> list[str]:
    """Only the fields a person may share, in a stable order; anything else is dropped (the
    personal code, social assistance, health or income can never be named)."""
    chosen = set(fields)
    return [field.value for field in ConsentField if field.value in chosen]


def accept(
    offer_id: int,
    person_id: int,
    fields: Iterable[str],
    *,
    today: dt.date | None = None,
    request_id: str | None = None,
) -> OfferAnswer:
    """Accept: a candidate on the vacancy's shortlist showing only `fields`. Raises `NotOpen`,
    `AlreadyAnswered`, `ConsentMissing`, LookupError (not the person's offer)."""
    shared = consent_fields(fields)
    if not shared:
        raise ConsentMissing

    def write(session: Session, offer: Offer) -> OfferAnswer:
        answer = OfferAnswer(
            offer_id=offer.id, person_id=person_id, kind=AnswerKind.ACCEPT, consented_fields=shared
        )
        session.add(answer)
        offer.state = OfferState.ACCEPTED
        if offer.vacancy_id is not None:
            _join_shortlist(session, offer.vacancy_id, person_id, shared, CandidateSource.OFFER, offer.id)
        return answer

    return _answer(offer_id, person_id, write, "offer accepted", today, request_id)


def refuse(
    offer_id: int,
    person_id: int,
    reason: RefusalReason,
    text: str | None = None,
    *,
    today: dt.date | None = None,
    request_id: str | None = None,
) -> OfferAnswer:
    """Refuse with a coded reason: the refusal goes to the counsellor's review queue; nothing
    follows until a counsellor confirms. Raises as `accept` does, and ValueError for a reason a
    person may not give or "other" without text."""
    if reason not in PERSON_REASONS:
        raise ValueError(reason)
    text = (text or "").strip() or None
    if reason is RefusalReason.OTHER and not text:
        raise ValueError("other needs text")

    def write(session: Session, offer: Offer) -> OfferAnswer:
        answer = OfferAnswer(
            offer_id=offer.id, person_id=person_id, kind=AnswerKind.REFUSE, reason=reason, reason_text=text
        )
        session.add(answer)
        offer.state = OfferState.REFUSED
        session.add(Refusal(offer_id=offer.id, person_id=person_id, reason=reason, reason_text=text))
        return answer

    return _answer(offer_id, person_id, write, "offer refused", today, request_id)


def _answer(
    offer_id: int,
    person_id: int,
    write: Callable[[Session, Offer], OfferAnswer],
    purpose: str,
    today: dt.date | None,
    request_id: str | None,
) -> OfferAnswer:
    """Read the offer's state under its row lock and write the answer in the same transaction; the
    unique `offer_answer.offer_id` stops a second answer even where the lock does not."""
    try:
        with db.write() as session:
            offer = session.scalar(
                select(Offer)
                .where(Offer.id == offer_id, Offer.person_id == person_id)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
            if offer is None:
                raise LookupError(offer_id)
            earlier = _existing_answer(session, offer_id)
            if earlier is not None:
                raise AlreadyAnswered(earlier.kind, earlier.answered_at)
            if offer.state is not OfferState.PROPOSED:
                raise NotOpen(offer.state)
            if today is not None and offer.reply_by < today:
                raise NotOpen(OfferState.EXPIRED)  # the expiry job has not run yet; the deadline has
            answer = write(session, offer)
            session.flush()  # the unique constraint speaks here, inside the transaction
            audit.record(
                session,
                AuditTag.OFFER_ANSWER,
                actor_role="jobseeker",
                purpose=purpose,
                actor_person_id=person_id,
                subject_person_id=person_id,
                request_id=request_id,
                details={"offer": offer.id, "answer": answer.kind.value},
            )
    except IntegrityError:
        earlier = _existing_answer(db.session, offer_id)
        if earlier is None:
            raise
        raise AlreadyAnswered(earlier.kind, earlier.answered_at) from None
    return answer


def _existing_answer(session: Session, offer_id: int) -> OfferAnswer | None:
    return session.scalar(
        select(OfferAnswer).where(OfferAnswer.offer_id == offer_id).execution_options(populate_existing=True)
    )


def _join_shortlist(
    session: Session,
    vacancy_id: int,
    person_id: int,
    shared: list[str],
    source: CandidateSource,
    offer_id: int | None,
) -> Candidate:
    candidate = session.scalar(
        select(Candidate).where(Candidate.vacancy_id == vacancy_id, Candidate.person_id == person_id)
    )
    if candidate is None:
        candidate = Candidate(
            vacancy_id=vacancy_id,
            person_id=person_id,
            source=source,
            offer_id=offer_id,
            consented_fields=shared,
        )
        session.add(candidate)
    else:  # applied before and now accepts the offer too (or the other way round): one row
        candidate.consented_fields = shared
        candidate.consented_at = utcnow()
        candidate.consent_withdrawn_at = None
        candidate.offer_id = candidate.offer_id or offer_id
    session.flush()
    return candidate


def apply(
    vacancy_id: int, person_id: int, fields: Iterable[str], *, request_id: str | None = None
) -> Candidate:
    """Apply to a vacancy that takes applications through the portal (the caller checks that it
    does and is published): an applicant on the shortlist with the consented fields. Applying
    again returns the same candidate (a replayed POST adds nobody twice)."""
    shared = consent_fields(fields)
    if not shared:
        raise ConsentMissing
    try:
        with db.write() as session:
            existing = session.scalar(
                select(Candidate).where(Candidate.vacancy_id == vacancy_id, Candidate.person_id == person_id)
            )
            if existing is not None and existing.consent_withdrawn_at is None:
                return existing
            candidate = _join_shortlist(
                session, vacancy_id, person_id, shared, CandidateSource.APPLICATION, None
            )
            audit.record(
                session,
                AuditTag.VACANCY_APPLY,
                actor_role="jobseeker",
                purpose="applied to a vacancy",
                actor_person_id=person_id,
                subject_person_id=person_id,
                request_id=request_id,
                details={"vacancy": vacancy_id, "candidate": candidate.id},
            )
    except IntegrityError:  # two tabs applied at once: the other one's row stands
        found = db.session.scalar(
            select(Candidate).where(Candidate.vacancy_id == vacancy_id, Candidate.person_id == person_id)
        )
        if found is None:
            raise
        return found
    return candidate


# --- the person's own history, for the preview and the review -------------------------------


def breach_dates(
    person_id: int, profile: CountryProfile, *, session: Session | None = None
) -> tuple[dt.date, ...]:
    """The days of the person's confirmed breaches (refusals found without valid reason)."""
    reviewed = (session or db.session).scalars(
        select(Refusal.reviewed_at).where(
            Refusal.person_id == person_id, Refusal.review_state == ReviewState.NOT_VALID
        )
    )
    return tuple(day for moment in reviewed if (day := profile.local_date(moment)) is not None)


def latest_register_data(person_id: Any) -> Select:
    """The register answers of the person's latest registration (`person_id` a value or a column:
    as a scalar subquery, a page reads them in a statement it runs anyway)."""
    return (
        select(Registration.register_data)
        .where(Registration.person_id == person_id)
        .order_by(Registration.submitted_at.desc(), Registration.id.desc())
        .limit(written_limit(1))
    )


# Built once: the refusal review reads it on every view.
_LATEST_REGISTER_DATA = latest_register_data(bindparam("person_id"))


def is_beneficiary(person_id: int, *, session: Session | None = None) -> bool:
    """Whether the registers knew the person as a social-assistance beneficiary (receiving or
    suspended) at their latest registration: only beneficiaries are reported to the SAS."""
    # Only the register answers, and of them only the social-assistance section is decoded.
    return beneficiary_in((session or db.session).scalar(_LATEST_REGISTER_DATA, {"person_id": person_id}))


def beneficiary_in(register_data: dict[str, Any] | None) -> bool:
    """`is_beneficiary` from the latest registration's register answers, already read."""
    if register_data is None:
        return False
    section = RegisterSnapshot.section_from_json(register_data, "social_assistance")
    if section is None or not section.ok or section.values is None:
        return False
    return section.values.receiving or section.values.suspended


def latest_social_assistance(person_id: Any) -> Select:
    """`latest_register_data`'s social-assistance section alone, taken out of the JSON by the
    database: all `beneficiary_in_section` reads. The whole answers are ~2 KB (the population,
    education and employment registers' values) that a page reading only this would receive and
    parse for nothing."""
    return latest_register_data(person_id).with_only_columns(
        Registration.register_data[("sections", "social_assistance")]
    )


def beneficiary_in_section(section: dict[str, Any] | None) -> bool:
    """`beneficiary_in` from the social-assistance section alone (`latest_social_assistance`)."""
    return beneficiary_in({"sections": {"social_assistance": section}})


def breach_dates_of(offers: Iterable[Offer], profile: CountryProfile) -> tuple[dt.date, ...]:
    """`breach_dates` from the person's offers with their refusals already loaded (`offers_of`):
    a refusal is the answer to one of the person's own offers, so these are all of them."""
    return tuple(
        day
        for offer in offers
        if (refusal := offer.refusal) is not None
        and refusal.review_state is ReviewState.NOT_VALID
        and (day := profile.local_date(refusal.reviewed_at)) is not None
    )


def history_of(person_id: int, profile: CountryProfile, *, session: Session | None = None) -> History:
    return History(
        breach_dates=breach_dates(person_id, profile, session=session),
        beneficiary=is_beneficiary(person_id, session=session),
    )


def refusal_preview(person_id: int, profile: CountryProfile) -> Preview:
    """What the person reads before confirming a refusal, from their own history."""
    return preview(profile.refusals, history_of(person_id, profile), profile.today())
