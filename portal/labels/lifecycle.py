"""Labels of what follows registration (issue 16): how it ends, the proposals to end it, the
nightly checks' runs and batches, and the signals they raise.

One module of `portal.labels` (which re-exports it), kept apart by domain so that each stays short.
"""

from __future__ import annotations

from portal.catalog import lazy_gettext as _l
from portal.models import (
    BatchState,
    EndReason,
    ProposalSource,
    ProposalState,
    RunKind,
    RunState,
    SignalKind,
    SignalState,
)

END_REASONS = {
    EndReason.FOUND_WORK: _l("Found work"),
    EndReason.OWN_REQUEST: _l("At the person's own request"),
    EndReason.DECEASED: _l("Deceased"),
    EndReason.EMIGRATED: _l("Moved abroad"),
    EndReason.PENSION_AGE: _l("Reached pension age"),
    EndReason.SANCTION: _l("Sanction: end of registration"),
    EndReason.NO_CONTACT: _l("No contact"),
}
PROPOSAL_SOURCES = {
    ProposalSource.PERSON: _l("The person"),
    ProposalSource.EMPLOYER: _l("Employer: hired"),
    ProposalSource.TAX_CHECK: _l("Nightly tax check"),
    ProposalSource.POPULATION_CHECK: _l("Nightly population check"),
    ProposalSource.COUNSELLOR: _l("Counsellor"),
}
PROPOSAL_STATES = {
    ProposalState.OPEN: _l("Open"),
    ProposalState.CONFIRMED: _l("Confirmed: registration ended"),
    ProposalState.REJECTED: _l("Rejected"),
}
RUN_KINDS = {
    RunKind.TAX: _l("Tax and employment check"),
    RunKind.POPULATION: _l("Population check"),
    RunKind.SOCIAL_ASSISTANCE: _l("Social assistance report"),
    RunKind.PAY: _l("Pay while registered"),
}
RUN_STATES = {
    RunState.PLANNING: _l("Planning"),
    RunState.RUNNING: _l("Running"),
    RunState.FINISHED: _l("Finished"),
    RunState.FINISHED_WITH_ERRORS: _l("Finished with errors"),
}
BATCH_STATES = {
    BatchState.PENDING: _l("Waiting"),
    BatchState.RUNNING: _l("Running"),
    BatchState.DONE: _l("Done"),
    BatchState.FAILED: _l("Failed"),
}
SIGNAL_KINDS = {
    SignalKind.WORKED_WHILE_REGISTERED: _l("Pay declared while registered as unemployed"),
    SignalKind.SHARED_CONTACT: _l("Same contact details or bank account as unrelated persons"),
    SignalKind.CONTRADICTED_CORRECTION: _l("Correction contradicted by a register"),
    SignalKind.RESIDENCE_ABROAD: _l("Registered from a residence abroad"),
    SignalKind.ROLE_SWITCHES: _l("Many switches to companies no longer represented"),
}
SIGNAL_STATES = {
    SignalState.OPEN: _l("Open"),
    SignalState.EXPLAINED: _l("Explained"),
    SignalState.REFERRED: _l("Referred"),
}
