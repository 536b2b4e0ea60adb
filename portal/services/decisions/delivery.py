"""After a decision is issued: its canonical document is sealed and stored, then the person is told.

The order is the point. The document is rendered from the record as it is at issue, so its words
never depend on what happens later (a new name, a later answer), and the notice that something new
is waiting goes out only once the document is there to read. Both ride on one transactional-outbox
row (topic `decisions.issued`) written in the transaction that issued the decisions: a process that
dies after the commit, or while sealing, loses nothing; the outbox tries again, and each step is
idempotent (a stored document is kept, a message already told about is skipped).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from portal.services import documents, inbox, outbox
from portal.settings import settings

TOPIC = "decisions.issued"


def add(
    session: Session, decision_ids: list[int], certificate_ids: list[int], message_ids: list[int]
) -> None:
    """Inside the issuing transaction: the outbox row that makes the documents, then tells."""
    outbox.add(
        session,
        topic=TOPIC,
        payload={"decisions": decision_ids, "certificates": certificate_ids, "messages": message_ids},
    )


def kick() -> None:
    """After the commit: do it now rather than at the outbox's next periodic run."""
    outbox.kick()


@outbox.handler(TOPIC)
def deliver(payloads: list[dict[str, Any]]) -> None:
    """Seal and store the canonical documents, then tell the person (raises to be retried)."""
    for payload in payloads:
        if settings().documents_at_issue:
            for decision_id in payload["decisions"]:
                documents.canonical_decision_document(decision_id)
            for certificate_id in payload["certificates"]:
                documents.canonical_certificate_document(certificate_id)
        inbox.send_notices([{"message_id": message_id} for message_id in payload["messages"]])
