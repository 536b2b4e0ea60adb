"""The other nightly checks, on the same runs and batches as the tax check (`runs`):

- population: a registered jobseeker who has died, lives abroad (no residence here) or has reached
  the profile's pension age becomes a proposal to end the registration (`proposals.propose_in`:
  Kosovo ends it by a rule, Estonia asks a counsellor);
- social assistance (profiles with `lifecycle.report_beneficiaries`, Kosovo): the beneficiary status
  on each registration is refreshed from the register, and a category II (able to work) beneficiary
  is reported to the social assistance scheme as an active jobseeker, once per beneficiary status
  (a stored, idempotent notification).

The population register has no bulk service: each batch asks about its people one by one, and
batches run concurrently.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from sqlalchemy import select

from portal.extensions import db
from portal.integrations.xroad import CallContext, NotFound, XRoadError
from portal.integrations.xroad.client import last_message_id
from portal.integrations.xroad.population import LifeStatus
from portal.integrations.xroad.social_assistance import BeneficiaryStatus, Category, JobseekerStatus
from portal.models import (
    EndReason,
    NotificationKind,
    NotificationState,
    OutboundNotification,
    Person,
    ProposalSource,
    ReconciliationBatch,
    Registration,
    RegistrationState,
    RunKind,
    SignalKind,
)
from portal.models.register_snapshot import Section, Status, social_assistance
from portal.models.register_snapshot import population as population_values
from portal.profiles import CountryProfile, current_profile
from portal.services import decisions
from portal.services.lifecycle import proposals, runs, signals
from portal.services.lifecycle.tax_check import RunResult
from portal.services.notifications import describe, schedule_notifications
from portal.services.registration.answers import Answers
from portal.services.xroad import registers

log = logging.getLogger(__name__)

RUN_TASK = "run_register_checks"  # `portal.jobs.lifecycle`
BATCH_SIZE = 100  # one call per person: smaller batches spread the work over the workers
DEFAULT_WORKERS = 4
KINDS = (RunKind.POPULATION.value, RunKind.SOCIAL_ASSISTANCE.value, RunKind.PAY.value)


def _registrations():
    result = db.session.execute(
        select(Registration.id)
        .where(Registration.state == RegistrationState.REGISTERED)
        .order_by(Registration.id)
        .execution_options(yield_per=5000)
    )
    for (registration_id,) in result:
        yield registration_id, None


def run_all(*, staff_id: int | None = None) -> dict[str, RunResult | None]:
    """Every other nightly check, then the signals that need no run of their own."""
    results = {kind: run(kind, staff_id=staff_id) for kind in KINDS}
    signals.detect(current_profile().lifecycle.role_switch_threshold)
    return results


def run(
    kind: str | RunKind,
    night: dt.date | None = None,
    *,
    workers: int = DEFAULT_WORKERS,
    staff_id: int | None = None,
    lease: dt.timedelta = runs.LEASE,
) -> RunResult | None:
    """Start or resume the night's check of `kind`; None when the profile does not do it."""
    kind = RunKind(kind)
    profile = current_profile()
    if kind is RunKind.SOCIAL_ASSISTANCE and not profile.lifecycle.report_beneficiaries:
        return None
    process = {
        RunKind.POPULATION: check_population,
        RunKind.SOCIAL_ASSISTANCE: report_beneficiaries,
        RunKind.PAY: check_pay,
    }[kind]
    night = night or profile.today()
    run_id, _created = runs.start(kind, night, staff_id=staff_id)
    runs.plan(run_id, runs.chunks(_registrations(), BATCH_SIZE))
    runs.retry_failed(run_id)
    done = runs.execute(
        run_id, lambda batch_id, token: process(batch_id, token, profile), workers=workers, lease=lease
    )
    return RunResult(run_id, runs.close_if_done(run_id), done)


def _people(batch_id: int) -> list[tuple[int, str]]:
    batch = db.session.get(ReconciliationBatch, batch_id, populate_existing=True)
    assert batch is not None
    codes = dict(
        db.session.execute(
            select(Registration.id, Person.national_code)
            .join(Person, Person.id == Registration.person_id)
            .where(Registration.id.in_(batch.registration_ids))
        ).all()
    )
    people = [(rid, codes[rid]) for rid in batch.registration_ids if rid in codes]
    db.session.commit()  # nothing held while the registers answer
    return people


# --- population ---------------------------------------------------------------------------------


def _population_end(person: Any, profile: CountryProfile, today: dt.date) -> tuple[EndReason, dt.date] | None:
    """Why the population register's answer ends a registration, and from when."""
    if person.life_status is LifeStatus.DECEASED:
        return EndReason.DECEASED, person.date_of_death or today
    if person.residence is None:
        return EndReason.EMIGRATED, today
    born = person.date_of_birth
    try:
        pension_day = born.replace(year=born.year + profile.registration.pension_age)
    except ValueError:  # born on 29 February
        pension_day = dt.date(born.year + profile.registration.pension_age, 3, 1)
    if pension_day <= today:
        return EndReason.PENSION_AGE, pension_day
    return None


def check_population(batch_id: int, token: str, profile: CountryProfile) -> None:
    people = _people(batch_id)
    today = profile.today()
    found: list[tuple[int, EndReason, dt.date, str | None]] = []
    reread: list[tuple[int, Any, str | None]] = []
    errors = 0
    last_error: tuple[str, str | None] | None = None
    for registration_id, code in people:
        last_message_id.set(None)
        try:
            person = registers().population.person(
                code, context=CallContext(purpose="nightly population check", subject=code)
            )
        except NotFound:
            continue
        except XRoadError as exc:
            errors += 1
            last_error = (describe(exc), getattr(exc, "xroad_id", None) or last_message_id.get())
            continue
        if (end := _population_end(person, profile, today)) is not None:
            found.append((registration_id, end[0], end[1], last_message_id.get()))
        reread.append((registration_id, person, last_message_id.get()))
    if errors and errors == len(people) and last_error is not None:
        runs.record_failed(batch_id, token, error=last_error[0], xroad_id=last_error[1])
        return
    made = 0
    try:
        with decisions.issuing() as issuing:
            for registration_id, reason, on, xroad_id in found:
                registration = issuing.session.get(
                    Registration, registration_id, populate_existing=True, with_for_update=True
                )
                if registration is None:
                    continue
                proposal = proposals.propose_in(
                    issuing,
                    registration,
                    reason=reason,
                    source=ProposalSource.POPULATION_CHECK,
                    effective_on=on,
                    evidence={
                        "register": "population",
                        "xroad_id": xroad_id,
                        "read_at": dt.datetime.now(dt.UTC).isoformat(),
                        "since": on.isoformat(),
                    },
                    profile=profile,
                    reconciliation_batch_id=batch_id,
                )
                if proposal is not None and proposal.reconciliation_batch_id == batch_id:
                    made += 1
            for registration_id, person, xroad_id in reread:
                _contradicted(issuing.session, registration_id, person, xroad_id)
            runs.record_done(
                issuing.session,
                batch_id,
                token,
                persons=len(people),
                proposals=made,
                xroad_id=last_error[1] if last_error else None,
                outcome={"found": len(found), "errors": errors},
            )
    except runs.ClaimLost:
        log.info("Population batch %s was taken over by another worker", batch_id)


def _contradicted(session, registration_id: int, person: Any, xroad_id: str | None) -> None:
    """The person corrected their address at registration; the register, read again tonight, still
    says what it said then: a signal (the correction may be wrong, or the register slow)."""
    registration = session.get(Registration, registration_id)
    if registration is None:
        return
    correction = Answers.from_json(registration.answers).corrections.get("population.address")
    if correction is None or not correction.declared:
        return
    said_then = correction.register
    if said_then is None and registration.snapshot.population and registration.snapshot.population.values:
        said_then = registration.snapshot.population.values.address
    says_now = population_values(person).address
    if not says_now or says_now != said_then or says_now == correction.declared:
        return
    signals.raise_signal(
        session,
        SignalKind.CONTRADICTED_CORRECTION,
        person_id=registration.person_id,
        registration_id=registration.id,
        key=f"{registration.id}:population.address",
        evidence={
            "register": "population",
            "xroad_id": xroad_id,
            "read_at": dt.datetime.now(dt.UTC).isoformat(),
            "item": "population.address",
            "declared": correction.declared,
            "declared_at": correction.at,
            "register_value": says_now,
            "first_read_xroad_id": registration.snapshot.population.xroad_id
            if registration.snapshot.population
            else None,
        },
    )


# --- pay while registered (fraud signals) ------------------------------------------------------


def check_pay(batch_id: int, token: str, profile: CountryProfile) -> None:
    people = _people(batch_id)
    today = profile.today()
    raised = errors = 0
    last_error: tuple[str, str | None] | None = None
    for registration_id, _code in people:
        try:
            registration = db.session.get(Registration, registration_id)
            if registration is not None and signals.pay_while_registered(registration, today):
                raised += 1
        except NotFound:
            continue
        except XRoadError as exc:
            errors += 1
            last_error = (describe(exc), getattr(exc, "xroad_id", None) or last_message_id.get())
    if errors and errors == len(people) and last_error is not None:
        runs.record_failed(batch_id, token, error=last_error[0], xroad_id=last_error[1])
        return
    try:
        with db.write() as session:
            runs.record_done(
                session,
                batch_id,
                token,
                persons=len(people),
                proposals=0,
                xroad_id=last_error[1] if last_error else None,
                outcome={"signals": raised, "errors": errors},
            )
    except runs.ClaimLost:
        log.info("Pay batch %s was taken over by another worker", batch_id)


# --- social assistance (Kosovo) -----------------------------------------------------------------


def report_beneficiaries(batch_id: int, token: str, profile: CountryProfile) -> None:
    people = _people(batch_id)
    answers: dict[int, tuple[Any, str | None]] = {}
    errors = 0
    last_error: tuple[str, str | None] | None = None
    for registration_id, code in people:
        last_message_id.set(None)
        try:
            found = registers().social_assistance.beneficiary(
                code, context=CallContext(purpose="nightly social assistance check", subject=code)
            )
        except NotFound:
            answers[registration_id] = (None, last_message_id.get())
            continue
        except XRoadError as exc:
            errors += 1
            last_error = (describe(exc), getattr(exc, "xroad_id", None) or last_message_id.get())
            continue
        answers[registration_id] = (found, last_message_id.get())
    if errors and errors == len(people) and last_error is not None:
        runs.record_failed(batch_id, token, error=last_error[0], xroad_id=last_error[1])
        return
    reported: list[int] = []
    now = dt.datetime.now(dt.UTC)
    try:
        with db.write() as session:
            for registration_id, (found, xroad_id) in answers.items():
                registration = session.get(Registration, registration_id, populate_existing=True)
                if registration is None or registration.state is not RegistrationState.REGISTERED:
                    continue
                section = (
                    Section(status=Status.UNKNOWN, read_at=now, xroad_id=xroad_id)
                    if found is None
                    else Section(
                        status=Status.OK, read_at=now, xroad_id=xroad_id, values=social_assistance(found)
                    )
                )
                registration.snapshot = registration.snapshot.replace({"social_assistance": section})
                if (
                    found is not None
                    and found.status is BeneficiaryStatus.ACTIVE
                    and found.category is Category.SOME_ABLE_TO_WORK
                ):
                    row = _report(session, registration, found.since)
                    if row is not None:
                        reported.append(row.id)
            runs.record_done(
                session,
                batch_id,
                token,
                persons=len(people),
                proposals=0,
                xroad_id=last_error[1] if last_error else None,
                outcome={"reported": len(reported), "errors": errors},
            )
    except runs.ClaimLost:
        log.info("Social assistance batch %s was taken over by another worker", batch_id)
        return
    schedule_notifications(reported)


def _report(session, registration: Registration, beneficiary_since: dt.date) -> OutboundNotification | None:
    """Tell the scheme this category II beneficiary is an active jobseeker: once per beneficiary
    status (a new `since` is a new report), retried with one idempotency id until accepted."""
    assert registration.registered_on is not None
    payload = {
        "status": JobseekerStatus.REGISTERED.value,
        "since": registration.registered_on.isoformat(),
        "certificateNumber": None,
        "reason": None,
        "beneficiarySince": beneficiary_since.isoformat(),
    }
    for row in registration.notifications:
        if row.kind is NotificationKind.SOCIAL_ASSISTANCE_STATUS and row.payload == payload:
            return None
    row = OutboundNotification(
        notification_id=str(uuid.uuid4()),
        registration=registration,
        kind=NotificationKind.SOCIAL_ASSISTANCE_STATUS,
        payload=payload,
        state=NotificationState.PENDING,
        attempts=0,
    )
    session.add(row)
    session.flush()
    return row
