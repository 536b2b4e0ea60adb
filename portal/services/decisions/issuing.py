"""Issuing decisions inside one write transaction, and what happens after its commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import (
    AutomatedRule,
    Certificate,
    Decision,
    DecisionKind,
    DecisionState,
    Registration,
    StaffMember,
)
from portal.services import inbox
from portal.services.decisions import delivery


class OwnCase(Exception):
    """Staff are citizens too: nobody decides their own case."""


class OwnDecision(Exception):
    """A decision is answered on appeal or review by someone other than who made it."""


@dataclass(frozen=True)
class Issuer:
    """Who decides: a staff member, or a rule when no person did."""

    staff: StaffMember | None = None
    automated_rule: AutomatedRule | None = None

    def __post_init__(self) -> None:
        if (self.staff is None) == (self.automated_rule is None):
            raise ValueError("a decision is issued by a staff member or by a rule, not both")

    @classmethod
    def person(cls, staff: StaffMember) -> Issuer:
        return cls(staff=staff)

    @classmethod
    def rule(cls, rule: AutomatedRule) -> Issuer:
        return cls(automated_rule=rule)


def ensure_not_own_case(staff: StaffMember | None, person_id: int) -> None:
    """Raise `OwnCase` when `staff` would decide about themselves."""
    if staff is not None and staff.person_id == person_id:
        raise OwnCase


@dataclass
class Issuing:
    """The decisions, certificates and inbox messages of one transaction, and what to do after it."""

    session: Session
    decision_ids: list[int] = field(default_factory=list)
    certificate_ids: list[int] = field(default_factory=list)
    message_ids: list[int] = field(default_factory=list)
    _after_commit: list[Callable[[], None]] = field(default_factory=list)

    def issue(
        self,
        *,
        registration: Registration,
        kind: DecisionKind,
        legal_basis: str,
        reasoning: str,
        issuer: Issuer,
        facts: dict[str, Any] | None = None,
        due_on: dt.date | None = None,
        responds_to: Decision | None = None,
        supersedes: Decision | None = None,
    ) -> Decision:
        """Issue a decision about the registration's person and put it in their inbox."""
        ensure_not_own_case(issuer.staff, registration.person_id)
        decision = Decision(
            registration=registration,
            person_id=registration.person_id,
            kind=kind,
            legal_basis=legal_basis,
            reasoning=reasoning,
            automated_rule=issuer.automated_rule,
            issued_by_staff_id=issuer.staff.id if issuer.staff else None,
            issuer_role=issuer.staff.role if issuer.staff else None,
            facts=facts or {},
            decision_due_on=due_on,
            responds_to_id=responds_to.id if responds_to else None,
            supersedes_id=supersedes.id if supersedes else None,
        )
        self.session.add(decision)
        self.session.flush()
        self.decision_ids.append(decision.id)
        self._message(registration.person_id, inbox.DECISION, decision_id=decision.id)
        return decision

    def answer(
        self,
        original: Decision,
        *,
        kind: DecisionKind,
        staff: StaffMember,
        upheld: bool,
        reasoning: str,
        due_on: dt.date | None,
    ) -> Decision:
        """A person's answer to a review request or an appeal: upholds the original or changes it."""
        if staff.id is not None and original.issued_by_staff_id == staff.id:
            raise OwnDecision
        outcome = self.issue(
            registration=original.registration,
            kind=kind,
            legal_basis=original.legal_basis,
            reasoning=reasoning,
            issuer=Issuer.person(staff),
            facts=dict(original.facts or {}),
            due_on=due_on,
            responds_to=original,
            supersedes=None if upheld else original,
        )
        original.state = DecisionState.UPHELD if upheld else DecisionState.CHANGED
        return outcome

    def supersede(
        self,
        original: Decision,
        *,
        kind: DecisionKind,
        issuer: Issuer,
        reasoning: str,
        legal_basis: str | None = None,
        facts: dict[str, Any] | None = None,
    ) -> Decision:
        """A correcting decision that replaces `original` (not an answer to a review or appeal)."""
        replacement = self.issue(
            registration=original.registration,
            kind=kind,
            legal_basis=legal_basis or original.legal_basis,
            reasoning=reasoning,
            issuer=issuer,
            facts=dict(original.facts or {}) if facts is None else facts,
            supersedes=original,
        )
        original.state = DecisionState.SUPERSEDED
        return replacement

    def add_certificate(self, certificate: Certificate) -> None:
        """A new certificate: sealed with the decisions and put in the person's inbox."""
        self.session.add(certificate)
        self.session.flush()
        self.certificate_ids.append(certificate.id)
        self._message(certificate.person_id, inbox.CERTIFICATE, certificate_id=certificate.id)

    def _message(
        self,
        person_id: int,
        kind: str,
        *,
        decision_id: int | None = None,
        certificate_id: int | None = None,
    ) -> None:
        # No notice of its own: `delivery` tells the person once the document is stored.
        message = inbox.deliver(
            self.session,
            person_id=person_id,
            kind=kind,
            decision_id=decision_id,
            certificate_id=certificate_id,
            notice=False,
        )
        if message.id not in self.message_ids:
            self.message_ids.append(message.id)

    def after_commit(self, task: Callable[[], None]) -> None:
        """Run `task` once the transaction is committed (never when it is rolled back)."""
        self._after_commit.append(task)

    def _before_commit(self) -> bool:
        if not (self.decision_ids or self.certificate_ids or self.message_ids):
            return False
        delivery.add(self.session, self.decision_ids, self.certificate_ids, self.message_ids)
        return True

    def _committed(self, delivering: bool) -> None:
        if delivering:
            delivery.kick()
        for task in self._after_commit:
            task()


@contextmanager
def issuing() -> Iterator[Issuing]:
    """A write transaction that issues decisions; with them it commits the outbox row that makes
    their documents and then tells the person. On an exception nothing is issued or scheduled."""
    with db.write() as session:
        batch = Issuing(session)
        yield batch
        delivering = batch._before_commit()
    batch._committed(delivering)
