"""A counsellor proposes, withdraws; the periodic jobs remind and expire (docs/offers.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import AuditTag, Offer, OfferKind, OfferState, Refusal, RefusalReason, StaffMember
from portal.models.base import utcnow
from portal.profiles import CountryProfile
from portal.services import audit, inbox
from portal.services.decisions import ensure_not_own_case

OFFER_MESSAGE = "offer"
REMINDER_MESSAGE = "offer_reminder"
WITHDRAWN_MESSAGE = "offer_withdrawn"


class NotOpen(Exception):
    """The offer is no longer open (answered, expired or withdrawn)."""

    def __init__(self, state: OfferState) -> None:
        super().__init__(state.value)
        self.state = state


@dataclass(frozen=True)
class Subject:
    """What is offered: a vacancy, a training or a measure, with the words it is offered under."""

    kind: OfferKind
    id: int
    title: str
    employer_name: str | None = None

    def columns(self) -> dict[str, int | None]:
        return {
            "vacancy_id": self.id if self.kind is OfferKind.VACANCY else None,
            "training_id": self.id if self.kind is OfferKind.TRAINING else None,
            "measure_id": self.id if self.kind is OfferKind.MEASURE else None,
        }


def default_reply_by(profile: CountryProfile, today: dt.date | None = None) -> dt.date:
    return profile.add_working_days(today or profile.today(), profile.refusals.reply_working_days)


def propose(
    person_ids: Sequence[int],
    subject: Subject,
    *,
    staff: StaffMember,
    profile: CountryProfile,
    reply_by: dt.date | None = None,
    note: str | None = None,
    request_id: str | None = None,
) -> list[Offer]:
    """Offer `subject` to each person (one transaction for all): an offer, an inbox message and its
    notice (no personal data), and an audit event each. A person who already has an open offer of
    the same subject is skipped (a repeated submit proposes nothing twice). Raises `OwnCase` when
    the counsellor is among the persons, and ValueError for a deadline in the past."""
    today = profile.today()
    deadline = reply_by or default_reply_by(profile, today)
    if deadline < today:
        raise ValueError("The reply deadline is in the past")
    for person_id in person_ids:
        ensure_not_own_case(staff, person_id)
    made: list[Offer] = []
    with db.write() as session:
        already = _open_for(session, person_ids, subject)
        for person_id in dict.fromkeys(person_ids):
            if person_id in already:
                continue
            offer = Offer(
                person_id=person_id,
                proposed_by_staff_id=staff.id,
                kind=subject.kind,
                title=subject.title,
                employer_name=subject.employer_name,
                note=note or None,
                state=OfferState.PROPOSED,
                reply_by=deadline,
                **subject.columns(),
            )
            session.add(offer)
            session.flush()
            inbox.deliver(session, person_id=person_id, kind=OFFER_MESSAGE, offer_id=offer.id)
            audit.record(
                session,
                AuditTag.OFFER_PROPOSE,
                actor_role=staff.role.value,
                purpose="offer proposed",
                actor_person_id=staff.person_id,
                subject_person_id=person_id,
                request_id=request_id,
                details={"offer": offer.id, "kind": subject.kind.value, "subject": subject.id},
            )
            made.append(offer)
    if made:
        inbox.notify_after_commit([offer.id for offer in made])
    return made


def _open_for(session: Session, person_ids: Iterable[int], subject: Subject) -> set[int]:
    column = {
        OfferKind.VACANCY: Offer.vacancy_id,
        OfferKind.TRAINING: Offer.training_id,
        OfferKind.MEASURE: Offer.measure_id,
    }[subject.kind]
    return set(
        session.scalars(
            select(Offer.person_id).where(
                Offer.person_id.in_(list(person_ids)),
                column == subject.id,
                Offer.state == OfferState.PROPOSED,
            )
        )
    )


def withdraw(
    offer_id: int, *, reason: str, staff: StaffMember | None = None, request_id: str | None = None
) -> Offer:
    """Withdraw one open offer (the counsellor's own act). Raises `NotOpen` when it was answered,
    expired or withdrawn meanwhile (read under the row lock in the same transaction)."""
    with db.write() as session:
        offer = _locked(session, offer_id)
        if offer is None:
            raise LookupError(offer_id)
        if offer.state is not OfferState.PROPOSED:
            raise NotOpen(offer.state)
        _withdraw(session, offer, reason, staff, request_id)
    inbox.notify_after_commit([offer.id])
    return offer


def withdraw_for_vacancy(vacancy_id: int, *, reason: str, request_id: str | None = None) -> list[int]:
    """The vacancy closed or was filled: every open offer of it is withdrawn (by the system).
    Returns the ids withdrawn."""
    with db.write() as session:
        withdrawn = withdraw_open_offers(session, vacancy_id, reason=reason, request_id=request_id)
    if withdrawn:
        inbox.notify_after_commit(withdrawn)
    return withdrawn


def withdraw_open_offers(
    session: Session, vacancy_id: int, *, reason: str, request_id: str | None = None
) -> list[int]:
    """Inside the caller's transaction (the vacancy's closing): its open offers are withdrawn and
    each person is told; the outbox sends the notices after the commit."""
    offers = list(
        session.scalars(
            select(Offer)
            .where(Offer.vacancy_id == vacancy_id, Offer.state == OfferState.PROPOSED)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    )
    for offer in offers:
        _withdraw(session, offer, reason, None, request_id)
    return [offer.id for offer in offers]


def _withdraw(
    session: Session, offer: Offer, reason: str, staff: StaffMember | None, request_id: str | None
) -> None:
    offer.state = OfferState.WITHDRAWN
    offer.closed_at = utcnow()
    offer.withdrawn_reason = reason[:40]
    inbox.deliver(session, person_id=offer.person_id, kind=WITHDRAWN_MESSAGE, offer_id=offer.id)
    audit.record(
        session,
        AuditTag.OFFER_WITHDRAW,
        actor_role=staff.role.value if staff else "system",
        purpose="offer withdrawn",
        actor_person_id=staff.person_id if staff else None,
        subject_person_id=offer.person_id,
        request_id=request_id,
        details={"offer": offer.id, "reason": offer.withdrawn_reason},
    )


def _locked(session: Session, offer_id: int) -> Offer | None:
    return session.get(Offer, offer_id, populate_existing=True, with_for_update=True)


# --- the periodic jobs ------------------------------------------------------------------------


def expire_due(profile: CountryProfile, today: dt.date | None = None) -> list[int]:
    """Offers whose reply day has passed without an answer become `expired`, each with a refusal
    (reason "not answered") in the counsellor's queue: it counts only once a counsellor confirms.
    One transaction per offer, re-reading its state under the lock (an answer may have won)."""
    today = today or profile.today()
    due = list(
        db.session.scalars(
            select(Offer.id)
            .where(Offer.state == OfferState.PROPOSED, Offer.reply_by < today)
            .order_by(Offer.id)
        )
    )
    expired = []
    for offer_id in due:
        with db.write() as session:
            offer = _locked(session, offer_id)
            if offer is None or offer.state is not OfferState.PROPOSED or offer.reply_by >= today:
                continue
            offer.state = OfferState.EXPIRED
            offer.closed_at = utcnow()
            session.add(Refusal(offer_id=offer.id, person_id=offer.person_id, reason=RefusalReason.EXPIRED))
            audit.record(
                session,
                AuditTag.OFFER_EXPIRE,
                actor_role="system",
                purpose="offer not answered by its deadline",
                subject_person_id=offer.person_id,
                details={"offer": offer.id},
            )
            expired.append(offer.id)
    return expired


def remind_due(profile: CountryProfile, today: dt.date | None = None) -> list[int]:
    """The day before the reply deadline: an inbox message and its notice (once per offer)."""
    today = today or profile.today()
    tomorrow = today + dt.timedelta(days=1)
    reminded = []
    with db.write() as session:
        offers = list(
            session.scalars(
                select(Offer)
                .where(
                    Offer.state == OfferState.PROPOSED,
                    Offer.reply_by == tomorrow,
                    Offer.reminded_at.is_(None),
                )
                .order_by(Offer.id)
                .with_for_update(skip_locked=True)
            )
        )
        for offer in offers:
            offer.reminded_at = utcnow()
            inbox.deliver(session, person_id=offer.person_id, kind=REMINDER_MESSAGE, offer_id=offer.id)
            reminded.append(offer.id)
    if reminded:
        inbox.notify_after_commit(reminded)
    return reminded
