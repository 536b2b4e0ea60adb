"""The nightly tax check: every registered jobseeker is sent to the employment register's
`employment-checks` in batches of at most 1,000 codes, each with its own `checkId` and with `since`
= the registration date of everyone in it; whoever the register reports actively employed since
becomes a proposal to end the registration ("employed at Tartu Puit OÜ since 15 October"), handled
as the profile says (`proposals.propose_in`). Runs and batches: `runs`.

Batches run concurrently, at most `workers` at a time, each worker in its own app context and
database session; the registrations are read from the database as a stream while planning, and a
batch reads only its own people, so memory does not grow with the number of jobseekers.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db
from portal.integrations.xroad import CallContext, XRoadError
from portal.integrations.xroad.client import last_message_id
from portal.models import (
    EndReason,
    Person,
    ProposalSource,
    ReconciliationBatch,
    Registration,
    RegistrationState,
    RunKind,
    RunState,
)
from portal.profiles import CountryProfile, current_profile
from portal.services import decisions
from portal.services.lifecycle import proposals, runs
from portal.services.notifications import describe
from portal.services.xroad import registers

log = logging.getLogger(__name__)

PURPOSE = "nightly employment check of registered jobseekers"
DEFAULT_WORKERS = 8
RUN_TASK = "run_tax_check"  # `portal.jobs.lifecycle`, queued by name


@dataclass(frozen=True)
class RunResult:
    run_id: int
    state: RunState
    batches_run: int  # by this call (a resumed run counts only what it did)


def _registrations() -> Iterator[tuple[int, dt.date | None]]:
    """Registered jobseekers by registration date, streamed from the database."""
    result = db.session.execute(
        select(Registration.id, Registration.registered_on)
        .where(Registration.state == RegistrationState.REGISTERED)
        .order_by(Registration.registered_on, Registration.id)
        .execution_options(yield_per=5000)
    )
    for registration_id, registered_on in result:  # noqa: UP028 - rows unpacked into plain tuples
        yield registration_id, registered_on


def run(
    night: dt.date | None = None,
    *,
    workers: int = DEFAULT_WORKERS,
    staff_id: int | None = None,
    lease: dt.timedelta = runs.LEASE,
    stop: Callable[[int], bool] | None = None,
) -> RunResult:
    """Start (or resume) the night's run and work through its batches. `stop(batches_run)` is asked
    before each claim; a True ends this call there, as a killed process would (tests, the bench)."""
    profile = current_profile()
    night = night or profile.today()
    run_id, _created = runs.start(RunKind.TAX, night, staff_id=staff_id)
    runs.plan(run_id, runs.chunks(_registrations()))
    runs.retry_failed(run_id)
    batches_run = runs.execute(
        run_id,
        lambda batch_id, token: check_batch(batch_id, token, profile),
        workers=workers,
        lease=lease,
        stop=stop,
    )
    state = runs.close_if_done(run_id)
    log.info("Tax check %s: %s, %d batches run by this call", night, state.value, batches_run)
    return RunResult(run_id, state, batches_run)


def check_batch(batch_id: int, token: str, profile: CountryProfile) -> None:
    """Send one claimed batch and record what the register said."""
    batch = db.session.get(ReconciliationBatch, batch_id, populate_existing=True)
    assert batch is not None
    ids = list(batch.registration_ids)
    codes = dict(
        db.session.execute(
            select(Registration.id, Person.national_code)
            .join(Person, Person.id == Registration.person_id)
            .where(Registration.id.in_(ids))
        ).all()
    )
    check_id, since, number, run_id = batch.check_id, batch.since, batch.number, batch.run_id
    db.session.commit()  # nothing is held while the register answers
    asked = [codes[i] for i in ids if i in codes]
    by_code = {codes[i]: i for i in ids if i in codes}
    last_message_id.set(None)
    try:
        posted = registers().employment.check_employment(
            asked,
            since=since or profile.today(),
            check_id=uuid.UUID(check_id),
            context=CallContext(purpose=PURPOSE, issue=f"tax-check-{run_id}-{number}"),
        )
    except XRoadError as exc:
        log.warning("Tax check batch %s failed: %s", batch_id, describe(exc))
        runs.record_failed(
            batch_id,
            token,
            error=describe(exc),
            xroad_id=getattr(exc, "xroad_id", None) or last_message_id.get(),
        )
        return
    xroad_id = last_message_id.get()
    read_at = dt.datetime.now(dt.UTC).isoformat()
    employed = [result for result in posted.value.results if result.active_employment]
    made = 0
    outcome = {"employed": len(employed), "not_proposed": 0}
    try:
        with decisions.issuing() as issuing:
            for result in employed:
                registration = issuing.session.get(
                    Registration, by_code[result.personal_code], populate_existing=True, with_for_update=True
                )
                if registration is None:
                    continue
                effective_on = result.since or since or profile.today()
                proposal = proposals.propose_in(
                    issuing,
                    registration,
                    reason=EndReason.FOUND_WORK,
                    source=ProposalSource.TAX_CHECK,
                    effective_on=effective_on,
                    evidence={
                        "register": "employment",
                        "xroad_id": xroad_id,
                        "read_at": read_at,
                        "check_id": check_id,
                        "employer_name": result.employer_name,
                        "employer_code": result.employer_code,
                        "since": result.since.isoformat() if result.since else None,
                    },
                    profile=profile,
                    reconciliation_batch_id=batch_id,
                )
                if proposal is None or proposal.reconciliation_batch_id != batch_id:
                    outcome["not_proposed"] += 1
                else:
                    made += 1
            runs.record_done(
                issuing.session,
                batch_id,
                token,
                persons=len(asked),
                proposals=made,
                xroad_id=xroad_id,
                outcome=outcome,
            )
    except runs.ClaimLost:
        log.info("Tax check batch %s was taken over by another worker; its outcome is theirs", batch_id)
