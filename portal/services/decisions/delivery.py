"""After a decision is issued: its canonical document is sealed and stored, then the person is told.

The order is the point. The document is rendered from the record as it is at issue, so its words
never depend on what happens later (a staff member's new role, a later answer, a changed address),
and the notice that something new is waiting goes out only once the document is there to read.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import current_app

from portal.services import documents, inbox


def schedule(decision_ids: Sequence[int], certificate_ids: Sequence[int], message_ids: Sequence[int]) -> None:
    """Hand a committed batch to the background queue (in immediate mode: do it now)."""
    if not (decision_ids or certificate_ids or message_ids):
        return
    from portal.jobs.decisions import deliver_issued

    deliver_issued(list(decision_ids), list(certificate_ids), list(message_ids))


def deliver(decision_ids: Sequence[int], certificate_ids: Sequence[int], message_ids: Sequence[int]) -> None:
    """Seal and store the canonical documents, then tell the person. Safe to run again: a stored
    document is kept as it is, and a message already told about is skipped."""
    if current_app.config["PORTAL"]["DOCUMENTS_AT_ISSUE"]:
        for decision_id in decision_ids:
            documents.canonical_decision_document(decision_id)
        for certificate_id in certificate_ids:
            documents.canonical_certificate_document(certificate_id)
    tell(message_ids)


def tell(message_ids: Sequence[int]) -> None:
    """The one place a decision's notice leaves: to the transactional outbox once there is one."""
    inbox.notify_after_commit(message_ids)
