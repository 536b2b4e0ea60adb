"""After registration (issue 16): how a registration ends, proposals to end one, the nightly
register checks and fraud signals.

Entry points for other services:

- `ending.end_registration(registration_id, reason=..., effective_on=..., issuer=..., reasoning=...,
  profile=...)` ends a registration now with a decision (a sanction's end of registration, a
  counsellor's "no contact"); `ending.end(batch, registration, ...)` does the same inside a
  `decisions.issuing()` batch the caller already holds.
- `proposals.propose(registration_id, reason=..., source=..., effective_on=..., evidence=...,
  profile=...)` records a proposal (an employer's "hired"); the profile decides whether it ends the
  registration at once by a rule (Kosovo, register sources) or waits in the counsellors' queue.
"""
