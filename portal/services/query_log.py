"""The X-Road query log: one row per message the PES sends or answers, never the data itself."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select, text, update
from sqlalchemy.orm import Session

from portal.database import independent_write
from portal.database_roles import PSEUDONYMISE_FUNCTION
from portal.integrations.xroad.client import QueryRecord
from portal.integrations.xroad.errors import IdentityMismatch
from portal.models import AuditTag, Person, QueryDirection, XRoadQuery
from portal.services import audit


class DatabaseQueryLog:
    """Writes each outgoing call in its own transaction, so the log survives a failed business
    transaction and works from the worker threads of a concurrent prefill."""

    def __init__(self, engine: Engine, client_id: str, pseudonym_key: bytes) -> None:
        self.engine = engine
        self.client_id = client_id
        self.pseudonym_key = pseudonym_key  # audit events are written from worker threads

    def record(self, entry: QueryRecord) -> None:
        with independent_write(self.engine) as session:
            session.add(
                XRoadQuery(
                    occurred_at=entry.occurred_at,
                    direction=QueryDirection.OUTGOING,
                    xroad_id=entry.xroad_id,
                    client=self.client_id,
                    service=entry.service,
                    operation=entry.operation,
                    subject_code=entry.context.subject,
                    on_behalf_of=entry.context.on_behalf_of,
                    purpose=entry.context.purpose,
                    issue=entry.context.issue,
                    outcome=entry.outcome,
                    error_type=entry.error_type,
                    http_status=entry.http_status,
                    duration_ms=entry.duration_ms,
                    attempt=entry.attempt,
                )
            )
            if entry.outcome == IdentityMismatch.outcome:
                # A security event: a register answered about someone other than the person asked
                # about. The answer was discarded; the X-Road message id lets the provider find it.
                audit.record(
                    session,
                    AuditTag.REGISTER_IDENTITY_MISMATCH,
                    actor_role="system",
                    purpose=entry.context.purpose[:500],
                    subject_person_id=session.scalar(
                        select(Person.id).where(Person.national_code == entry.context.subject)
                    )
                    if entry.context.subject
                    else None,
                    details={
                        "xroad_id": entry.xroad_id,
                        "service": entry.service,
                        "operation": entry.operation,
                        "discarded": True,
                    },
                    pseudonym_key=self.pseudonym_key,
                )


def record_incoming(
    engine: Engine,
    *,
    xroad_id: str,
    client: str,
    service: str,
    operation: str,
    subject_code: str | None,
    on_behalf_of: str | None,
    issue: str | None,
    outcome: str,
    http_status: int,
    duration_ms: int,
    occurred_at: dt.datetime,
) -> None:
    """Another institution asked the PES: who asked about whom, and what they were told."""
    with independent_write(engine) as session:
        session.add(
            XRoadQuery(
                occurred_at=occurred_at,
                direction=QueryDirection.INCOMING,
                xroad_id=xroad_id,
                client=client,
                service=service,
                operation=operation,
                subject_code=subject_code,
                on_behalf_of=on_behalf_of,
                purpose=f"request from {client}"[:200],
                issue=issue,
                outcome=outcome,
                http_status=http_status,
                duration_ms=duration_ms,
            )
        )


def pseudonymise(session: Session, *, code: str, subject: str, pseudonym: str) -> int:
    """Replace an anonymised person's personal code in the query log: as the subject of a call
    (`subject_code`) and as the user a call was made for (`on_behalf_of`, country-prefixed).

    The log is append-only for the application role on PostgreSQL: there the owner's function from
    migration 0027 makes this one change (and refuses unless `pseudonym` is an anonymised person's
    code). Call it after the person's own code was replaced and flushed. Returns the rows changed."""
    if session.get_bind().dialect.name == "postgresql":
        return int(
            session.scalar(
                text(f"SELECT {PSEUDONYMISE_FUNCTION}(:code, :subject, :pseudonym)"),
                {"code": code, "subject": subject, "pseudonym": pseudonym},
            )
            or 0
        )
    changed = 0
    for column, value in ((XRoadQuery.subject_code, code), (XRoadQuery.on_behalf_of, subject)):
        changed += session.execute(
            update(XRoadQuery)
            .where(column == value)
            .values({column.key: pseudonym})
            .execution_options(synchronize_session=False)
        ).rowcount
    return changed
