"""What a person's own page shows about their registration.

Read as the shown columns of one statement, not as objects: the latest registration, the decision
in force, the latest certificate and the notifications joined to the person's row, with whether a
draft exists and the unread messages of the page's navigation beside them. The home used to load
the registration with its three collections as objects and the draft in a second statement; the
ORM's loading cost more CPU than the statements, and every statement costs PostgreSQL a round trip.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import bindparam, exists, or_, select

from portal.models import (
    AutomatedRule,
    Certificate,
    Decision,
    DecisionKind,
    DecisionState,
    Meeting,
    NotificationKind,
    NotificationState,
    OutboundNotification,
    Person,
    Registration,
    RegistrationDraft,
    RegistrationKind,
    RegistrationState,
)
from portal.models.meeting import OPEN_STATES
from portal.models.registration import ACTIVE_STATES
from portal.services import inbox
from portal.services.core_rows import read_kept


class RegistrationRow(NamedTuple):
    id: int
    reference: str
    kind: RegistrationKind
    state: RegistrationState
    decision_due_on: dt.date | None
    deregistered_on: dt.date | None

    @property
    def is_active(self) -> bool:
        return self.state.value in ACTIVE_STATES


class DecisionRow(NamedTuple):
    id: int
    kind: DecisionKind
    issued_at: dt.datetime
    automated_rule: AutomatedRule | None


class CertificateRow(NamedTuple):
    id: int
    number: str
    valid_until: dt.date
    verification_code: str


class NotificationRow(NamedTuple):
    kind: NotificationKind
    state: NotificationState


class Overview(NamedTuple):
    draft: bool  # a registration draft is saved
    registration: RegistrationRow | None  # the latest one, active or not
    decision: DecisionRow | None  # the decision in force: an answer that changed it replaces it
    certificate: CertificateRow | None  # the latest one
    notifications: tuple[NotificationRow, ...]
    # A meeting booked or asked to be moved (still to come or not): without one the home shows
    # no "next meetings" and reads none (a statement, a round trip on PostgreSQL).
    open_meetings: bool


_PERSON = bindparam("person_id")
_latest_registration = (
    select(Registration.id)
    .where(Registration.person_id == Person.id)
    .order_by(Registration.id.desc())
    .limit(1)
    .correlate(Person)
    .scalar_subquery()
)
# The last of the registration's decisions (by id) still in force, as `reversed(decisions)` found it.
_decision_in_force = (
    select(Decision.id)
    .where(
        Decision.registration_id == Registration.id,
        Decision.state != DecisionState.CHANGED,
        Decision.state != DecisionState.SUPERSEDED,
    )
    .order_by(Decision.id.desc())
    .limit(1)
    .correlate(Registration)
    .scalar_subquery()
)
_latest_certificate = (
    select(Certificate.id)
    .where(Certificate.registration_id == Registration.id)
    .order_by(Certificate.id.desc())
    .limit(1)
    .correlate(Registration)
    .scalar_subquery()
)
# Built once: building and keying it cost more than running it. One row per notification (a
# registration has a handful), at least one row: the person's own. The SELECT and its order apart:
# the home reads it with the recommended cards' rows in one statement (`cards.read_with_shown_cards`).
_SELECT = (
    select(
        exists().where(RegistrationDraft.person_id == Person.id).correlate(Person).label("draft"),
        inbox.unread_count_of(Person.id).label("unread"),
        # Each state compared, not `in_`: an IN of constants is an anonymous expanding parameter,
        # which `driver_statements` renders on every run (and the cards' IN with it).
        exists()
        .where(Meeting.person_id == Person.id, or_(*(Meeting.state == state for state in OPEN_STATES)))
        .correlate(Person)
        .label("open_meetings"),
        Registration.id,
        Registration.reference,
        Registration.kind,
        Registration.state,
        Registration.decision_due_on,
        Registration.deregistered_on,
        Decision.id,
        Decision.kind,
        Decision.issued_at,
        Decision.automated_rule,
        Certificate.id,
        Certificate.number,
        Certificate.valid_until,
        Certificate.verification_code,
        OutboundNotification.kind,
        OutboundNotification.state,
    )
    .select_from(Person)
    .outerjoin(Registration, Registration.id == _latest_registration)
    .outerjoin(Decision, Decision.id == _decision_in_force)
    .outerjoin(Certificate, Certificate.id == _latest_certificate)
    .outerjoin(OutboundNotification, OutboundNotification.registration_id == Registration.id)
    .where(Person.id == _PERSON)
)
OVERVIEW_PART = (_SELECT, (OutboundNotification.id,))
_OVERVIEW = _SELECT.order_by(*OVERVIEW_PART[1])


def overview(person_id: int, rows: Sequence[Sequence[Any]] | None = None) -> Overview:
    """The person's overview; the unread count of the page's navigation is kept for it
    (`inbox.unread_count`), read in the same statement. `rows`: `OVERVIEW_PART`'s rows with the
    person's `person_id`, in its order, when read already (else read here)."""
    if rows is None:
        # On the driver's cursor, rows by position: no execution context, result metadata or Rows.
        rows = read_kept(_OVERVIEW, {"person_id": person_id})[1]
    if not rows:
        return Overview(False, None, None, None, (), False)
    first = rows[0]
    inbox.keep_unread_count(person_id, first[1])
    registration = RegistrationRow(*first[3:9]) if first[3] is not None else None
    return Overview(
        draft=bool(first[0]),
        registration=registration,
        decision=DecisionRow(*first[9:13]) if first[9] is not None else None,
        certificate=CertificateRow(*first[13:17]) if first[13] is not None else None,
        notifications=tuple(NotificationRow(row[17], row[18]) for row in rows if row[17] is not None),
        open_meetings=bool(first[2]),
    )
