"""A person's own decision as one row: the columns its page shows, read in one statement.

The page read the decision as an ORM object with its registration joined (every column of both,
each object identified, tracked and populated; on PostgreSQL a column object made for each of the
~40 columns of the statement's description): about a quarter of the page's CPU. It only shows them,
so it reads the columns it uses on the driver's cursor (`core_rows.read_kept`) under the same
names, with the registration's kind as `decision.registration.kind`, and the same scope: the
signed-in person's own decision, else none (404, audited by `load_scoped`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import aliased

from portal.models import (
    Appeal,
    AppealState,
    AutomatedRule,
    Decision,
    DecisionKind,
    DecisionState,
    Registration,
    RegistrationKind,
    StaffRole,
)
from portal.services import inbox
from portal.services.core_rows import read_kept


class RegistrationKindRow(NamedTuple):
    kind: RegistrationKind


class DecisionRow(NamedTuple):
    """What the decision's page, its texts (`decision_texts`) and the appeal rules (`appeals`)
    read of a decision, by the model's names."""

    id: int
    person_id: int
    kind: DecisionKind
    legal_basis: str
    reasoning: str
    automated_rule: AutomatedRule | None
    issuer_role: StaffRole | None
    issued_at: dt.datetime
    facts: dict[str, Any]
    review_requested_at: dt.datetime | None
    state: DecisionState
    appealable: bool
    supersedes_id: int | None
    responds_to_id: int | None
    registration: RegistrationKindRow


_ANSWER = aliased(Decision, name="answer")
_COLUMNS = len(DecisionRow._fields) - 1  # the decision's own, then the registration's kind
# Built once: the decision (scoped to the person, as `load_owned` reads it) with its registration's
# kind, whether an appeal of it is pending and whether any decision answers it (each read by a
# statement of its own only when there is one: seldom), and the navigation's unread count.
_DECISION_PAGE = (
    select(
        *(getattr(Decision, name) for name in DecisionRow._fields[:_COLUMNS]),
        Registration.kind,
        exists().where(Appeal.decision_id == Decision.id, Appeal.state == AppealState.PENDING),
        exists().where(_ANSWER.responds_to_id == Decision.id).correlate(Decision),
        inbox.unread_count_of(Decision.person_id),
    )
    .join(Registration, Registration.id == Decision.registration_id)
    .where(Decision.id == bindparam("decision_id"), Decision.person_id == bindparam("person_id"))
)


def decision_page_row(decision_id: int, person_id: int) -> tuple[DecisionRow | None, bool, bool, int]:
    """The person's decision (None: not theirs, or none), whether an appeal of it is pending,
    whether a decision answers it, and the person's unread messages."""
    rows = read_kept(_DECISION_PAGE, {"decision_id": decision_id, "person_id": person_id})[1]
    if not rows:
        return None, False, False, 0
    row = rows[0]
    found = DecisionRow(*row[:_COLUMNS], RegistrationKindRow(row[_COLUMNS]))
    pending, answered, unread = row[_COLUMNS + 1 :]
    return found, bool(pending), bool(answered), unread
