"""Audit events as data: every login, role switch and (later) every use of personal data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, inspect, select, text
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key
from sqlalchemy.pool import PoolProxiedConnection

from portal import audit_chain
from portal.extensions import db
from portal.models import AuditEvent, AuditTag, Person
from portal.models.audit import DataCategory
from portal.models.base import utcnow
from portal.services.audit_append import (
    CHAIN_END,
    CHAIN_LOCK_KEY,
    PreparedEvent,
    append_chained,
    appender,
    insert_form,
)
from portal.settings import settings


def record(
    session: Session,
    tag: AuditTag,
    *,
    actor_role: str,
    purpose: str,
    actor_person_id: int | None = None,
    subject_person_id: int | None = None,
    request_id: str | None = None,
    details: dict[str, Any] | None = None,
    pseudonym_key: bytes | None = None,
) -> AuditEvent:
    """Add an event to the caller's transaction (the caller commits), chained to the event
    before it. Appends are serialised: on PostgreSQL by a transaction-scoped advisory lock held
    until the commit, on SQLite by the writer lock `db.write()` takes (BEGIN IMMEDIATE).

    `pseudonym_key` is for callers without an app context (worker threads); see `current_key`."""
    key = pseudonym_key or current_key()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
    event = AuditEvent(
        occurred_at=utcnow(),
        tag=tag,
        actor_role=actor_role,
        purpose=purpose,
        actor_person_id=actor_person_id,
        subject_person_id=subject_person_id,
        request_id=request_id,
        details=details or {},
        actor_ref=_pseudonym_of(session, actor_person_id, key),
        subject_ref=_pseudonym_of(session, subject_person_id, key),
    )
    # Autoflush writes this transaction's earlier events first, so the newest row is found.
    event.prev_hash = session.scalar(CHAIN_END) or audit_chain.GENESIS
    event.row_hash = audit_chain.chain_hash(event.prev_hash, canonical_form(event))
    session.add(event)
    session.flush()
    return event


def canonical_form(event: AuditEvent) -> str:
    return audit_chain.canonical(
        occurred_at=event.occurred_at,
        tag=str(event.tag),
        actor_role=event.actor_role,
        actor_ref=event.actor_ref,
        subject_ref=event.subject_ref,
        purpose=event.purpose,
        request_id=event.request_id,
        details=event.details,
    )


def current_key() -> bytes:
    """The app's pseudonym key, derived from its secret key (the same across workers)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    key = app.extensions.get("audit_pseudonym_key")
    if key is None:
        key = app.extensions["audit_pseudonym_key"] = audit_chain.pseudonym_key(settings().secret_key)
    return key


def _pseudonym_of(session: Session, person_id: int | None, key: bytes) -> str | None:
    if person_id is None:
        return None
    person = session.get(Person, person_id)
    if person is None:
        return None
    return audit_chain.pseudonym(key, person.country, person.national_code)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None  # id of the first event whose link or hash does not match
    problem: str | None


def verify_chain(session: Session, batch: int = 1000) -> ChainReport:
    """Walk the trail in id order; report the first event that was changed, or whose predecessor
    was deleted (its prev_hash no longer names the row before it)."""
    expected_prev = audit_chain.GENESIS
    checked = 0
    last_id = 0
    while True:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        ).all()
        if not events:
            return ChainReport(checked, None, None)
        for event in events:
            if event.prev_hash != expected_prev:
                return ChainReport(checked, event.id, "the event before it was removed or changed")
            if event.row_hash != audit_chain.chain_hash(event.prev_hash, canonical_form(event)):
                return ChainReport(checked, event.id, "its content was changed")
            expected_prev = event.row_hash
            checked += 1
            last_id = event.id
        session.expunge_all()


def record_access_refused(
    *,
    actor_person_id: int | None,
    actor_role: str,
    record_kind: str,
    record_id: int,
    request_id: str | None,
) -> None:
    """Someone asked for a record that is missing or not theirs (they were told "not found").
    Repeated refusals are how id enumeration shows up in the audit trail."""
    with db.write() as session:
        record(
            session,
            AuditTag.ACCESS_REFUSED,
            actor_role=actor_role,
            purpose="record not found or not the user's",
            actor_person_id=actor_person_id,
            request_id=request_id,
            details={"record": record_kind, "id": record_id},
        )


def record_staff_use(
    tag: AuditTag,
    *,
    actor_person_id: int | None,
    actor_role: str,
    subject_person_ids: Iterable[int | None],
    purpose: str,
    categories: Sequence[DataCategory],
    request_id: str | None,
    details: dict[str, Any] | None = None,
    codes: Mapping[int, tuple[str, str]] | None = None,
) -> None:
    """A staff page showed these people's data: one event per person (each sees it among the
    events about them), naming the categories of data shown. Committed before this returns, in a
    transaction of its own. `codes`: (country, national code) of people the page has read already
    (a list's rows), so their pseudonyms need no statement.

    Everything that does not depend on the chain's end (the pseudonyms, each event's canonical
    form) is prepared first, without a lock; the chain's short final step (lock, read the end,
    hash, one INSERT, commit) is shared with the other threads of this process that append at the
    same moment (`ChainAppender`), so 25 rows of one list and the rows of seven other requests
    take the chain's lock once between them."""
    subjects = [person_id for person_id in dict.fromkeys(subject_person_ids) if person_id is not None]
    if not subjects:
        return
    session = db.session()
    # The people the page already loaded, or whose codes it gave.
    known = {
        **_loaded_people(session, {actor_person_id, *subjects} - {None} - (codes or {}).keys()),
        **(codes or {}),
    }
    rows = _prepared_rows(
        session,
        tag,
        actor_role=actor_role,
        purpose=purpose,
        actor_person_id=actor_person_id,
        subject_person_ids=subjects,
        request_id=request_id,
        details={**(details or {}), "data_categories": [str(category) for category in categories]},
        known=known,
    )
    connection = None
    if session.in_transaction():
        connection = _unwritten_connection(session)
        if connection is None:
            # What the request did so far, as `db.write()` would before the events; on SQLite
            # this also ends the read snapshot before the writers' queue.
            session.commit()
    appender().append(rows, connection)


def _unwritten_connection(session: Session) -> PoolProxiedConnection | None:
    """PostgreSQL: the pooled connection of the request's session when the request has written
    nothing, so that the events' CALL goes on it (`audit_append.append_alone`). The request's reads
    ran in autocommit (the engine sends BEGIN only before a statement that needs one) and nothing
    waits in the session to be flushed, so the commit `record_staff_use` would make before the
    events changes nothing on the server; without it, and without a second connection from the
    pool, the client saves the commit's machinery, a checkout and a checkin. Anything else (SQLite,
    a BEGIN sent, objects changed): None, and the request's work is committed first."""
    if session.get_bind().dialect.name != "postgresql" or not session._is_clean():
        return None
    pooled = session.connection().connection
    driver = pooled.driver_connection
    if driver is None or driver.info.transaction_status != _IDLE:
        return None
    return pooled


def record_many(
    session: Session,
    tag: AuditTag,
    *,
    actor_role: str,
    purpose: str,
    actor_person_id: int | None,
    subject_person_ids: Sequence[int],
    request_id: str | None,
    details: dict[str, Any],
) -> None:
    """One event per subject, like `record` each, chained one after another in the caller's
    transaction — in a fixed number of statements however many subjects a list shows: one read
    of the people, one lock, one read of the chain's end, one multi-row INSERT (Core: no ORM
    objects are made for the rows)."""
    session.flush()  # this transaction's earlier events first: the chain continues after them
    rows = _prepared_rows(
        session,
        tag,
        actor_role=actor_role,
        purpose=purpose,
        actor_person_id=actor_person_id,
        subject_person_ids=subject_person_ids,
        request_id=request_id,
        details=details,
    )
    append_chained(session.connection(), rows)


def _loaded_people(session: Session, person_ids: set[int]) -> dict[int, tuple[str, str]]:
    """(country, national code) of the people the session holds loaded and unchanged: a staff page
    has usually loaded its subject and the signed-in actor, so their pseudonyms need no statement."""
    codes = {}
    for person_id in person_ids:
        person = session.identity_map.get(identity_key(Person, person_id))
        if person is None:
            continue
        loaded = person.__dict__
        if "country" in loaded and "national_code" in loaded and not inspect(person).modified:
            codes[person_id] = (loaded["country"], loaded["national_code"])
    return codes


def _prepared_rows(
    session: Session,
    tag: AuditTag,
    *,
    actor_role: str,
    purpose: str,
    actor_person_id: int | None,
    subject_person_ids: Sequence[int],
    request_id: str | None,
    details: dict[str, Any],
    known: dict[int, tuple[str, str]] | None = None,
) -> list[PreparedEvent]:
    key = current_key()
    form = insert_form(session.get_bind().dialect)
    codes = dict(known or {})
    named = {actor_person_id, *subject_person_ids} - {None}
    wanted = named - codes.keys()
    if wanted:
        found = session.execute(_PEOPLE_CODES, {"ids": list(wanted)}).all()
        codes.update((row.id, (row.country, row.national_code)) for row in found)
    # Pseudonyms of the people the events name only: `known` may hold more (the signed-in person's
    # codes are given on every page, a list's rows' codes whether or not the person is a subject).
    refs = {
        person_id: audit_chain.pseudonym(key, *codes[person_id]) for person_id in named if person_id in codes
    }
    actor_ref = refs.get(actor_person_id) if actor_person_id is not None else None
    # What every event of the list shares is made once: its part of the canonical form and the
    # driver's form of its columns (the details' JSON above all); per event only the moment, the
    # subject and its pseudonym.
    canonical = audit_chain.CanonicalForm(
        tag=str(tag),
        actor_role=actor_role,
        actor_ref=actor_ref,
        purpose=purpose,
        request_id=request_id,
        details=details,
    )
    shared: dict[str, Any] = {
        "tag": tag,
        "actor_role": actor_role,
        "purpose": purpose,
        "actor_person_id": actor_person_id,
        "request_id": request_id,
        "details": details,
        "actor_ref": actor_ref,
    }
    layout = _row_layout(form)
    template: list[Any] = [None] * layout.width
    for position, name, processor in layout.shared:
        value = shared[name]
        template[position] = processor(value) if processor is not None else value
    moment_at, process_moment = layout.occurred_at
    rows = []
    for subject in subject_person_ids:
        occurred_at = utcnow()
        subject_ref = refs.get(subject)
        params = template.copy()
        params[moment_at] = process_moment(occurred_at) if process_moment is not None else occurred_at
        params[layout.subject_person_id] = subject
        params[layout.subject_ref] = subject_ref
        rows.append(PreparedEvent(tuple(params), canonical.of(occurred_at, subject_ref)))
    return rows


_IDLE = 0  # psycopg's `pq.TransactionStatus.IDLE`: no transaction open on the server


@dataclass(frozen=True)
class _RowLayout:
    """An event's columns as the driver takes them (`insert_form`'s order, `prev_hash` and
    `row_hash` left out), worked out once per dialect: where each goes, with its processor or
    None. The columns every event of one call shares are converted once a call, into a template
    that each event copies and completes with its moment, subject and subject's pseudonym."""

    width: int
    shared: tuple[tuple[int, str, Any], ...]  # (position, column, processor)
    occurred_at: tuple[int, Any]  # (position, processor)
    subject_person_id: int
    subject_ref: int


_LAYOUTS: dict[int, tuple[Any, _RowLayout]] = {}


def _row_layout(form: Any) -> _RowLayout:
    kept = _LAYOUTS.get(id(form))
    if kept is not None and kept[0] is form:
        return kept[1]
    columns = form.columns[:-2]
    position = {name: index for index, name in enumerate(columns)}
    varying = ("occurred_at", "subject_person_id", "subject_ref")
    layout = _RowLayout(
        width=len(columns),
        shared=tuple(
            (index, name, processor)
            for index, (name, processor) in enumerate(zip(columns, form.processors[:-2], strict=True))
            if name not in varying
        ),
        occurred_at=(position["occurred_at"], form.processors[position["occurred_at"]]),
        subject_person_id=position["subject_person_id"],
        subject_ref=position["subject_ref"],
    )
    _LAYOUTS[id(form)] = (form, layout)
    return layout


# Built once (the ids an expanding parameter): building and keying a SELECT costs more than running it.
_PEOPLE_CODES = select(Person.id, Person.country, Person.national_code).where(
    Person.id.in_(bindparam("ids", expanding=True))
)
