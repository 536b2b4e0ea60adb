"""The timeline's sources for what the portal already records: registration, decisions, notices
in the inbox, the case's assignment and confidential notes (that one was added, never its text)."""

from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import bindparam, select

from portal import labels
from portal.extensions import db
from portal.models import CaseNote, Decision, InboxMessage, JobseekerCase, Person, Registration
from portal.services.request_memo import shelf
from portal.services.timeline import TimelineEntry, source

# The sources' statements, built once (a case view runs them all; building each per request cost
# more CPU than running it on a person's few rows).
_PERSON = bindparam("person_id")
# Columns, not entities: the entries need a few values of each row, and making, identifying and
# tracking an ORM object per row cost more than the statement.
_REGISTRATIONS = select(
    Registration.id,
    Registration.reference,
    Registration.kind,
    Registration.state,
    Registration.submitted_at,
).where(Registration.person_id == _PERSON)
_DECISIONS = select(
    Decision.id, Decision.kind, Decision.issued_at, Decision.automated_rule, Decision.review_requested_at
).where(Decision.person_id == _PERSON)
_NOTICES = select(InboxMessage.created_at, InboxMessage.read_at).where(InboxMessage.person_id == _PERSON)
_CASE = select(JobseekerCase).where(JobseekerCase.person_id == _PERSON)
_NOTES = (
    select(CaseNote.created_at, Person.given_name, Person.family_name)
    .outerjoin(Person, Person.id == CaseNote.author_person_id)
    .where(CaseNote.person_id == _PERSON)
)


@source("registration")
def _registrations(person_id: int):
    registrations = db.session.execute(_REGISTRATIONS, {"person_id": person_id}).all()
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


@source("decision")
def _decisions(person_id: int):
    for decision in db.session.execute(_DECISIONS, {"person_id": person_id}):
        yield TimelineEntry(
            at=decision.issued_at,
            kind="decision",
            title=str(labels.DECISION_KINDS_FOR_STAFF[decision.kind]),
            detail=gettext("Automated decision") if decision.automated_rule else None,
        )
        if decision.review_requested_at is not None:
            yield TimelineEntry(
                at=decision.review_requested_at,
                kind="decision",
                title=gettext("The person asked for a review of an automated decision"),
                link=("backoffice.review_case", {"decision_id": decision.id}),
            )


@source("notice")
def _notices(person_id: int):
    for message in db.session.execute(_NOTICES, {"person_id": person_id}):
        yield TimelineEntry(
            at=message.created_at,
            kind="notice",
            title=gettext("Message sent to the person's inbox"),
            detail=gettext("Read") if message.read_at else gettext("Not read yet"),
        )


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


@source("note")
def _notes(person_id: int):
    rows = db.session.execute(_NOTES, {"person_id": person_id})
    for row in rows:
        yield TimelineEntry(
            at=row.created_at,
            kind="note",
            title=gettext("Confidential note added"),
            actor=f"{row.given_name or ''} {row.family_name or ''}".strip() or None,
        )
