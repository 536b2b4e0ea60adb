"""The timeline's sources for what the portal already records: registration, decisions, notices
in the inbox, the case's assignment and confidential notes (that one was added, never its text)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import bindparam, select

from portal import labels
from portal.catalog import gettext
from portal.extensions import db
from portal.models import CaseNote, Decision, InboxMessage, JobseekerCase, Person, Registration
from portal.models.registration import DecisionKind, RegistrationKind, RegistrationState
from portal.services.request_memo import shelf
from portal.services.timeline import PartRow, TimelineEntry, branch, part, source

# The sources' rows, read as one statement with the other parts (`timeline.part`): a case view
# runs them all, and each statement of its own cost more CPU than its rows. Columns, not
# entities: the entries need a few values of each row, and making, identifying and tracking an
# ORM object per row cost more than the statement.
_PERSON = bindparam("person_id")


class RegistrationRow(NamedTuple):
    """What the timeline and the case summary show of a registration."""

    id: int
    reference: str
    kind: RegistrationKind
    state: RegistrationState
    submitted_at: dt.datetime


@part(
    "registration",
    branch(
        Registration.person_id == _PERSON,
        at=Registration.submitted_at,
        id=Registration.id,
        s1=Registration.reference,
        s2=Registration.kind,
        s3=Registration.state,
    ),
)
def _registrations(person_id: int, rows: list[PartRow]):
    registrations = [
        RegistrationRow(row.id, row.s1, RegistrationKind(row.s2), RegistrationState(row.s3), row.at)
        for row in rows
    ]
    # The case summary shows the latest (reference, state, kind): the rows carry them.
    shelf("registrations_of")[person_id] = registrations
    for registration in registrations:
        yield TimelineEntry(
            at=registration.submitted_at,
            kind="registration",
            title=gettext("Registration %(reference)s submitted", reference=registration.reference),
            detail=str(labels.REGISTRATION_KINDS[registration.kind]),
            link=("backoffice.registration_case", {"registration_id": registration.id}),
        )


@part(
    "decision",
    branch(
        Decision.person_id == _PERSON,
        at=Decision.issued_at,
        at2=Decision.review_requested_at,
        id=Decision.id,
        s1=Decision.kind,
        s2=Decision.automated_rule,
    ),
)
def _decisions(person_id: int, rows: list[PartRow]):
    for decision in rows:
        yield TimelineEntry(
            at=decision.at,
            kind="decision",
            title=str(labels.DECISION_KINDS_FOR_STAFF[DecisionKind(decision.s1)]),
            detail=gettext("Automated decision") if decision.s2 else None,
        )
        if decision.at2 is not None:
            yield TimelineEntry(
                at=decision.at2,
                kind="decision",
                title=gettext("The person asked for a review of an automated decision"),
                link=("backoffice.review_case", {"decision_id": decision.id}),
            )


@part(
    "notice", branch(InboxMessage.person_id == _PERSON, at=InboxMessage.created_at, at2=InboxMessage.read_at)
)
def _notices(person_id: int, rows: list[PartRow]):
    if not rows:
        return
    # The same three texts for every message: translated once, not per message.
    title, read, not_read = (
        gettext("Message sent to the person's inbox"),
        gettext("Read"),
        gettext("Not read yet"),
    )
    for message in rows:
        yield TimelineEntry(message.at, "notice", title, read if message.at2 else not_read)


_CASE = select(JobseekerCase).where(JobseekerCase.person_id == _PERSON)


@source("case")
def _assignment(person_id: int):
    # A person has at most one case (unique): the case page's `load_case` already holds it.
    case = shelf("case_of_person").get(person_id)
    if case is None:
        case = db.session.scalar(_CASE, {"person_id": person_id})
    if case is not None:
        yield TimelineEntry(
            at=case.assigned_at,
            kind="case",
            title=gettext("Case assigned to the %(office)s office", office=case.office),
        )


@part(
    "note",
    branch(
        CaseNote.person_id == _PERSON,
        from_=CaseNote.__table__.outerjoin(Person.__table__, Person.id == CaseNote.author_person_id),
        at=CaseNote.created_at,
        s1=Person.given_name,
        s2=Person.family_name,
    ),
)
def _notes(person_id: int, rows: list[PartRow]):
    for row in rows:
        yield TimelineEntry(
            at=row.at,
            kind="note",
            title=gettext("Confidential note added"),
            actor=f"{row.s1 or ''} {row.s2 or ''}".strip() or None,
        )
