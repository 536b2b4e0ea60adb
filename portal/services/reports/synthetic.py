"""A synthetic year for the reports benchmark: JOBSEEKERS people with a registration, a decision, an
inbox message and a case each, and audit events (staff views and listings) up to EVENTS events in
all (decisions + audit events), with a few appeals. `flask reports generate`.

Only for benchmark and development databases. Multi-row INSERTs with explicit ids; national codes
start with 8 and are not valid codes, so no register knows them and they collide with nobody. The
audit events are chained (prev_hash, row_hash) like real ones, so `flask audit verify` still holds.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, func, insert, select, text

from portal import audit_chain
from portal.extensions import db
from portal.models import (
    Appeal,
    AuditEvent,
    Decision,
    InboxMessage,
    Person,
    Registration,
    StaffMember,
)
from portal.models.caseload import JobseekerCase
from portal.profiles import CountryProfile
from portal.services import audit

BATCH = 5000
DAYS = 365
STAFF = 50


@dataclass(frozen=True)
class Generated:
    jobseekers: int
    decisions: int
    audit_events: int
    appeals: int


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(table: Table, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    for batch in _batches(rows):
        db.session.execute(insert(table), batch)
        count += len(batch)
    return count


def _next_id(table: Table) -> int:
    return (db.session.scalar(select(func.max(table.c.id))) or 0) + 1


def generate(profile: CountryProfile, jobseekers: int, events: int, *, seed: int = 17) -> Generated:
    rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible by seed
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    municipalities = [code for codes in profile.regions.values() for code in codes] or ["0784"]
    digits = 11 if profile.code == "EE" else 10
    first = max(_next_id(Person.__table__), _next_id(Registration.__table__), _next_id(Decision.__table__))
    first_staff = first + jobseekers
    people = []
    for i in range(jobseekers):
        submitted = now - dt.timedelta(days=rng.uniform(0, DAYS))
        automatic = rng.random() < 0.75
        delay = dt.timedelta(seconds=5) if automatic else dt.timedelta(days=rng.uniform(0.5, 18))
        people.append(
            (first + i, submitted, min(submitted + delay, now), automatic, rng.choice(municipalities))
        )

    def person_rows() -> Iterator[dict[str, Any]]:
        for n in range(jobseekers + STAFF):
            yield {
                "id": first + n,
                "country": profile.code,
                "national_code": "8" + str(first + n).zfill(digits - 1),
                "given_name": "Synthetic",
                "family_name": f"Person {first + n}",
                "names_from_register": False,
                "created_at": now,
                "updated_at": now,
            }

    _insert(Person.__table__, person_rows())
    offices = profile.offices.names or (profile.offices.default_office or "Tallinn",)
    _insert(
        StaffMember.__table__,
        (
            {
                "person_id": first_staff + n,
                "role": "counsellor",
                "office": offices[n % len(offices)],
                "created_at": now,
            }
            for n in range(STAFF)
        ),
    )
    _insert(
        Registration.__table__,
        (
            {
                "id": pid,
                "reference": f"SYN-{pid}",
                "person_id": pid,
                "kind": "unemployed",
                "state": "registered",
                "submitted_at": submitted,
                "decision_due_on": (submitted + dt.timedelta(days=profile.registration.decision_days)).date(),
                "registered_on": issued.date(),
                "consent_at": submitted,
                "consent_version": "synthetic",
                "register_data": {
                    "sections": {"population": {"status": "ok", "values": {"municipality_code": m}}}
                },
                "municipality": m,
                "answers": {},
                "review_reasons": [],
            }
            for pid, submitted, issued, _automatic, m in people
        ),
    )
    decisions = _insert(
        Decision.__table__,
        (
            {
                "id": pid,
                "registration_id": pid,
                "person_id": pid,
                "kind": "registration" if rng.random() < 0.9 else "registration_rejected",
                "legal_basis": profile.registration.legal_basis,
                "reasoning": "synthetic",
                "automated_rule": "registration-from-register-data" if automatic else None,
                "issued_at": issued,
                "facts": {},
                "state": "issued",
                "verification_code": f"SYN{pid:017d}",
                "decision_due_on": (submitted + dt.timedelta(days=profile.registration.decision_days)).date(),
            }
            for pid, submitted, issued, automatic, _m in people
        ),
    )
    _insert(
        InboxMessage.__table__,
        (
            {
                "person_id": pid,
                "kind": "decision",
                "decision_id": pid,
                "created_at": issued,
                "read_at": issued + dt.timedelta(hours=rng.uniform(0.1, 48)) if rng.random() < 0.96 else None,
            }
            for pid, _submitted, issued, _automatic, _m in people
        ),
    )
    _insert(
        JobseekerCase.__table__,
        (
            {
                "person_id": pid,
                "office": profile.offices.office_for(m).name or offices[0],
                "opened_on": issued.date(),
                "family_key": f"person {pid}",
                "given_key": "synthetic",
                "risk_level": rng.choice(("low", "medium", "high", None)),
                "plan_status": rng.choice(("none", "draft", "agreed")),
                "assigned_at": issued,
                "created_at": issued,
                "updated_at": issued,
            }
            for pid, _submitted, issued, _automatic, m in people
        ),
    )
    appeals = _insert(
        Appeal.__table__,
        (
            {
                "decision_id": pid,
                "person_id": pid,
                "reason": "synthetic",
                "filed_at": issued + dt.timedelta(days=2),
                "due_on": (issued + dt.timedelta(days=32)).date(),
                "state": "pending",
            }
            for pid, _submitted, issued, _automatic, _m in people
            if rng.random() < 0.02 and issued + dt.timedelta(days=2) < now
        ),
    )
    audit_events = _audit_events(profile, rng, people, first_staff, max(0, events - decisions), now)
    if db.session.get_bind().dialect.name == "postgresql":
        for table in (
            "person",
            "registration",
            "decision",
            "inbox_message",
            "jobseeker_case",
            "appeal",
            "audit_event",
            "staff_member",
        ):
            db.session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
            )
    db.session.commit()
    return Generated(jobseekers, decisions, audit_events, appeals)


def _audit_events(profile, rng, people, first_staff, count, now) -> int:
    """Staff views and queue listings about the people, in time order, chained like real events."""
    key = audit.current_key()
    prev = (
        db.session.scalar(select(AuditEvent.row_hash).order_by(AuditEvent.id.desc()).limit(1))
        or audit_chain.GENESIS
    )
    first = _next_id(AuditEvent.__table__)
    codes = {pid: "8" + str(pid).zfill((11 if profile.code == "EE" else 10) - 1) for pid, *_ in people}
    staff_codes = [
        "8" + str(first_staff + n).zfill((11 if profile.code == "EE" else 10) - 1) for n in range(STAFF)
    ]
    moments = sorted(now - dt.timedelta(days=rng.uniform(0, DAYS)) for _ in range(count))

    def rows() -> Iterator[dict[str, Any]]:
        nonlocal prev
        for n, moment in enumerate(moments):
            pid = people[rng.randrange(len(people))][0]
            staff = rng.randrange(STAFF)
            listing = rng.random() < 0.6
            row = {
                "id": first + n,
                "occurred_at": moment,
                "tag": "person:list" if listing else "person:view",
                "actor_person_id": first_staff + staff,
                "actor_role": "counsellor",
                "subject_person_id": pid,
                "purpose": "registration queue listed" if listing else "registration case viewed",
                "request_id": None,
                "details": {"data_categories": ["name", "registration"]},
                "actor_ref": audit_chain.pseudonym(key, profile.code, staff_codes[staff]),
                "subject_ref": audit_chain.pseudonym(key, profile.code, codes[pid]),
                "prev_hash": prev,
            }
            canonical = audit_chain.canonical(
                occurred_at=moment,
                tag=row["tag"],
                actor_role="counsellor",
                actor_ref=row["actor_ref"],
                subject_ref=row["subject_ref"],
                purpose=row["purpose"],
                request_id=None,
                details=row["details"],
            )
            row["row_hash"] = prev = audit_chain.chain_hash(prev, canonical)
            yield row

    return _insert(AuditEvent.__table__, rows())
