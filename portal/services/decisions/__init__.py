"""One service issues every decision: registrations and refusals, answers to reviews and appeals,
corrections, and the deregistrations, sanctions and reconciliation proposals to come.

    with decisions.issuing() as batch:          # one write transaction
        decision = batch.issue(registration=..., kind=..., issuer=Issuer.rule(...), ...)
        batch.answer(original, kind=..., staff=..., upheld=False, reasoning=...)
    # committed: the sealed documents are made in the background, then the person is told

What it owns, once:
- the rule that nobody decides their own case (`OwnCase`), and that an appeal is answered by
  someone other than who decided (`OwnDecision`), checked for every decision a person issues;
- the decision's links and states: an answer `responds_to` the original and, when it changes the
  outcome, `supersedes` it (the original becomes CHANGED, else UPHELD); a correction supersedes
  (SUPERSEDED);
- the inbox message of every decision and certificate, in the same transaction;
- one transactional-outbox row per batch, committed with it, whose handler renders and seals the
  canonical document of every decision and certificate issued, stores it, and only then tells the
  person (`portal.services.decisions.delivery`).
"""

from portal.services.decisions.issuing import (
    Issuer,
    Issuing,
    OwnCase,
    OwnDecision,
    ensure_not_own_case,
    issuing,
)

__all__ = ["Issuer", "Issuing", "OwnCase", "OwnDecision", "ensure_not_own_case", "issuing"]
