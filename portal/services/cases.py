"""One jobseeker's case as the back office opens it: office scoping with break-glass, and the
confidential notes.

A counsellor opens the cases of their own office. Another office's case needs a reason ("break
the glass"): the reason is an audit event about the person (`case:break-glass`), which the
person sees among the uses of their data, and it opens that case for a limited time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import bindparam, select

from portal.extensions import db
from portal.models import AuditTag, CaseNote, JobseekerCase, Person, StaffMember
from portal.services import audit

BREAK_GLASS_MINUTES = 60
REASON_MAX = 500
NOTE_MAX = 4000


class OtherOffice(Exception):
    """The case belongs to another office; opening it needs a break-glass reason."""

    def __init__(self, case: JobseekerCase):
        super().__init__(case.office)
        self.case = case


# Built once: every back-office page reads the signed-in staff member, and building and keying the
# SELECT cost several times running it.
_STAFF_OF = select(StaffMember).where(StaffMember.person_id == bindparam("person_id"))


def staff_of(person_id: int) -> StaffMember | None:
    return db.session.scalar(_STAFF_OF, {"person_id": person_id})


def case_of(person_id: int) -> JobseekerCase | None:
    return db.session.scalar(select(JobseekerCase).where(JobseekerCase.person_id == person_id))


def in_office(case: JobseekerCase, staff: StaffMember) -> bool:
    return case.office == staff.office


def break_glass(case_id: int, *, staff: StaffMember, reason: str, request_id: str | None) -> dt.datetime:
    """Record why a counsellor opens another office's case; returns until when it stays open."""
    with db.write() as session:
        case = session.get(JobseekerCase, case_id)
        if case is None:
            raise LookupError(case_id)
        audit.record(
            session,
            AuditTag.CASE_BREAK_GLASS,
            actor_role=staff.role.value,
            purpose=reason,
            actor_person_id=staff.person_id,
            subject_person_id=case.person_id,
            request_id=request_id,
            # `break_glass_reason` is what the person's "who used my data" page shows.
            details={"actor_office": staff.office, "case_office": case.office, "break_glass_reason": reason},
        )
    return dt.datetime.now(dt.UTC) + dt.timedelta(minutes=BREAK_GLASS_MINUTES)


# --- confidential notes --------------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    id: int
    text: str
    author: str
    created_at: dt.datetime


def add_note(person_id: int, *, staff: StaffMember, text: str, request_id: str | None) -> int:
    with db.write() as session:
        note = CaseNote(person_id=person_id, author_person_id=staff.person_id, text=text)
        session.add(note)
        session.flush()
        audit.record(
            session,
            AuditTag.CASE_NOTE_ADD,
            actor_role=staff.role.value,
            purpose="confidential note added",
            actor_person_id=staff.person_id,
            subject_person_id=person_id,
            request_id=request_id,
            details={"note": note.id},
        )
        return note.id


def notes(person_id: int) -> list[Note]:
    """The case's notes, newest first (the caller records the read)."""
    rows = db.session.execute(
        select(CaseNote.id, CaseNote.text, CaseNote.created_at, Person.given_name, Person.family_name)
        .outerjoin(Person, Person.id == CaseNote.author_person_id)
        .where(CaseNote.person_id == person_id)
        .order_by(CaseNote.created_at.desc(), CaseNote.id.desc())
    )
    return [
        Note(row.id, row.text, f"{row.given_name or ''} {row.family_name or ''}".strip(), row.created_at)
        for row in rows
    ]
