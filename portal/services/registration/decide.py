"""Decisions on registrations, issued through `portal.services.decisions`: registering (by the rule
or a counsellor), refusing, and what a changed answer to a review or an appeal does to the
registration.
"""

from __future__ import annotations

import datetime as dt
import enum
import secrets
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import (
    AuditTag,
    AutomatedRule,
    Certificate,
    Decision,
    DecisionKind,
    DecisionState,
    OutboundNotification,
    Registration,
    RegistrationKind,
    RegistrationState,
    StaffMember,
)
from portal.models.registration import CODE_ALPHABET
from portal.profiles import CountryProfile
from portal.services import audit, case_assignment, decisions, list_order
from portal.services.decisions import Issuer, Issuing
from portal.services.paging import Listing, Page, paginate


class AlreadyDecided(Exception):
    pass


class ChangeEffect(enum.StrEnum):
    """What changing a decision on a registration does to it (on review or appeal)."""

    REGISTER = "register"  # a refusal changed: the person is registered
    AS_UNEMPLOYED = "as_unemployed"  # registered as a jobseeker while employed: now as unemployed
    AS_JOBSEEKER = "as_jobseeker"  # registered as unemployed: now as a jobseeker while employed
    REINSTATE = "reinstate"  # the registration's end changed: it runs again


def _code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def automatic_reasoning(kind: RegistrationKind) -> str:
    what = "unemployed" if kind is RegistrationKind.UNEMPLOYED else "a jobseeker"
    return (
        f"The person is registered as {what}. The population register shows a living resident of "
        "working age; the tax register shows no active employment"
        + ("" if kind is RegistrationKind.UNEMPLOYED else " ended (the person is employed or under notice)")
        + ". Every condition was met by register data, so the decision was made automatically; "
        "the person may ask for a review by a counsellor."
    )


def register(
    batch: Issuing,
    registration: Registration,
    profile: CountryProfile,
    today: dt.date,
    *,
    issuer: Issuer,
    reasoning: str,
) -> Decision:
    """The registration decision, and the registration it makes."""
    decision = batch.issue(
        registration=registration,
        kind=DecisionKind.REGISTRATION,
        legal_basis=profile.registration.legal_basis,
        reasoning=reasoning,
        issuer=issuer,
        facts=facts(registration),
        due_on=registration.decision_due_on,
    )
    _enter(batch, registration, profile, today)
    return decision


def _enter(batch: Issuing, registration: Registration, profile: CountryProfile, today: dt.date) -> None:
    """Registered from today: the certificate for the unemployed, and the notifications to other
    institutions (sent after the commit)."""
    registration.state = RegistrationState.REGISTERED
    registration.registered_on = today
    list_order.enter(batch.session, registration, profile)  # the order of proposal for vacancies
    if registration.kind is RegistrationKind.UNEMPLOYED:
        _certify(batch, registration, profile, today)
    _notify_institutions(batch, registration)


def _certify(batch: Issuing, registration: Registration, profile: CountryProfile, today: dt.date) -> None:
    batch.add_certificate(
        Certificate(
            number=f"{profile.code}-{today:%Y}-{_code(8)}",
            verification_code=_code(16),
            registration=registration,
            person_id=registration.person_id,
            issued_on=today,
            valid_until=today + dt.timedelta(days=profile.registration.certificate_days),
        )
    )


def _notify_institutions(
    batch: Issuing, registration: Registration, also: Sequence[OutboundNotification] = ()
):
    from portal.services.notifications import enqueue_registration_notifications, schedule_notifications

    rows = [*also, *enqueue_registration_notifications(batch.session, registration)]
    ids = [row.id for row in rows]
    batch.after_commit(lambda: schedule_notifications(ids))


def refuse(
    batch: Issuing, registration: Registration, profile: CountryProfile, *, staff: StaffMember, reasoning: str
):
    registration.state = RegistrationState.REJECTED
    case_assignment.close_case(batch.session, registration.person_id, profile.today())
    return batch.issue(
        registration=registration,
        kind=DecisionKind.REGISTRATION_REJECTED,
        legal_basis=profile.registration.legal_basis,
        reasoning=reasoning,
        issuer=Issuer.person(staff),
        facts=facts(registration),
        due_on=registration.decision_due_on,
    )


# --- changed on review or appeal --------------------------------------------------------------


def change_effect(registration: Registration) -> ChangeEffect | None:
    """What changing the decision in force would do: register a refused person, or register the
    registered person as the other kind, or restore an ended registration (its end changed)."""
    if registration.state is RegistrationState.DEREGISTERED:
        return ChangeEffect.REINSTATE
    if registration.state is RegistrationState.REJECTED:
        return ChangeEffect.REGISTER
    if registration.state is RegistrationState.REGISTERED:
        if registration.kind is RegistrationKind.JOBSEEKER:
            return ChangeEffect.AS_UNEMPLOYED
        return ChangeEffect.AS_JOBSEEKER
    return None


class RegistrationConflict(Exception):
    """The person has another active registration, so a refusal cannot turn into a registration."""


def apply_change(batch: Issuing, registration: Registration, profile: CountryProfile, today: dt.date):
    """Make the registration what the changed decision says (`change_effect`)."""
    effect = change_effect(registration)
    if effect in (ChangeEffect.REGISTER, ChangeEffect.REINSTATE):
        other = batch.session.scalar(
            select(Registration).where(
                Registration.person_id == registration.person_id,
                Registration.id != registration.id,
                Registration.state.in_((RegistrationState.PENDING, RegistrationState.REGISTERED)),
            )
        )
        if other is not None:
            raise RegistrationConflict(other.reference)
    if effect is ChangeEffect.REGISTER:
        _enter(batch, registration, profile, today)
    elif effect is ChangeEffect.AS_UNEMPLOYED:
        registration.kind = RegistrationKind.UNEMPLOYED
        _certify(batch, registration, profile, today)
        _notify_institutions(batch, registration)
    elif effect is ChangeEffect.AS_JOBSEEKER:
        registration.kind = RegistrationKind.JOBSEEKER
        for certificate in registration.certificates:
            if certificate.revoked_on is None:
                certificate.revoked_on = today
        from portal.services.notifications import enqueue_coverage_end

        _notify_institutions(
            batch, registration, also=enqueue_coverage_end(batch.session, registration, today)
        )
    elif effect is ChangeEffect.REINSTATE:
        _reinstate(batch, registration, profile, today)
    return effect


def _reinstate(batch: Issuing, registration: Registration, profile: CountryProfile, today: dt.date) -> None:
    """A changed review or appeal of a registration's end: it runs again as if it had not ended, with
    a new certificate for the unemployed, and both institutions are told."""
    from portal.services.notifications import enqueue_reinstatement, schedule_notifications

    registration.state = RegistrationState.REGISTERED
    registration.deregistered_on = None
    registration.end_reason = None
    if registration.kind is RegistrationKind.UNEMPLOYED:
        _certify(batch, registration, profile, today)
    ids = [row.id for row in enqueue_reinstatement(batch.session, registration, today)]
    batch.after_commit(lambda: schedule_notifications(ids))
    audit.record(
        batch.session,
        AuditTag.REGISTRATION_REINSTATE,
        actor_role="system",
        purpose=f"registration {registration.reference} restored after review or appeal",
        subject_person_id=registration.person_id,
    )


# --- the facts behind a decision --------------------------------------------------------------


def facts(registration: Registration) -> dict[str, object]:
    """The register answers behind the decision, each with the X-Road message that brought it, so
    the person (and a court) can see which data were used and find the calls in the query log."""
    return {
        name: {
            "status": section.status.value,
            "read_at": section.read_at.isoformat() if section.read_at else None,
            "xroad_id": section.xroad_id,
        }
        for name, section in registration.snapshot.sections().items()
    }


# --- counsellor decisions -------------------------------------------------------------------


PENDING = Registration.state == RegistrationState.PENDING


# Built once: the queue's statements do not change between requests (docs/performance.md).
_PENDING_LISTING = Listing(
    select(Registration)
    .where(PENDING)
    .options(joinedload(Registration.person))
    .order_by(Registration.decision_due_on, Registration.submitted_at, Registration.id),
    count=select(func.count()).select_from(Registration).where(PENDING),
)


def pending_page(number: int = 1) -> Page:
    """Registrations waiting for a counsellor, the nearest deadline first, one page at a time
    (each with its person, loaded in the same query)."""
    return paginate(_PENDING_LISTING, number)


PENDING_COUNT = _PENDING_LISTING.count


def pending_count() -> int:
    return db.session.scalar(PENDING_COUNT) or 0


def decide(
    registration_id: int, *, approve: bool, reason: str, staff: StaffMember, profile: CountryProfile
) -> Registration:
    """A counsellor's decision on a pending registration, with the reason the person will read.
    Raises `decisions.OwnCase` for the counsellor's own registration, `AlreadyDecided`."""
    today = profile.today()
    with decisions.issuing() as batch:
        # What is stored now, locked: not the copy the page loaded before another counsellor decided.
        registration = batch.session.get(
            Registration, registration_id, populate_existing=True, with_for_update=True
        )
        if registration is None:
            raise LookupError(registration_id)
        decisions.ensure_not_own_case(staff, registration.person_id)
        if registration.state is not RegistrationState.PENDING:
            raise AlreadyDecided
        if approve:
            register(batch, registration, profile, today, issuer=Issuer.person(staff), reasoning=reason)
        else:
            refuse(batch, registration, profile, staff=staff, reasoning=reason)
        audit.record(
            batch.session,
            AuditTag.REGISTRATION_DECIDE,
            actor_role=staff.role.value,
            purpose=f"registration {registration.reference} {'approved' if approve else 'rejected'}",
            actor_person_id=staff.person_id,
            subject_person_id=registration.person_id,
        )
    return registration


def register_automatically(
    batch: Issuing, registration: Registration, profile: CountryProfile, today: dt.date
):
    """Every condition met by register data: the rule registers the person."""
    return register(
        batch,
        registration,
        profile,
        today,
        issuer=Issuer.rule(AutomatedRule.REGISTRATION_FROM_REGISTER_DATA),
        reasoning=automatic_reasoning(registration.kind),
    )


# --- review requests --------------------------------------------------------------------------


def request_review(decision_id: int, person_id: int, reason: str) -> Decision:
    """The person asks a counsellor to look at an automated decision (once)."""
    with db.write() as session:
        decision = session.get(Decision, decision_id, populate_existing=True, with_for_update=True)
        if decision is None or decision.person_id != person_id:
            raise LookupError(decision_id)
        # Once only, and not after an appeal took the decision over.
        if decision.review_requested_at is None and decision.state is DecisionState.ISSUED:
            decision.review_requested_at = dt.datetime.now(dt.UTC)
            decision.review_reason = reason
            audit.record(
                session,
                AuditTag.DECISION_REVIEW_REQUEST,
                actor_role="jobseeker",
                purpose="review of an automated decision requested",
                actor_person_id=person_id,
                subject_person_id=person_id,
            )
    return decision


REVIEW_REQUESTED = Decision.review_requested_at.is_not(None)


def review_requests() -> list[Decision]:
    return list(
        db.session.scalars(
            select(Decision).where(REVIEW_REQUESTED).order_by(Decision.review_requested_at, Decision.id)
        )
    )


_REVIEW_LISTING = Listing(
    select(Decision)
    .where(REVIEW_REQUESTED)
    .options(joinedload(Decision.registration).joinedload(Registration.person))
    .order_by(Decision.review_requested_at, Decision.id),
    count=select(func.count()).select_from(Decision).where(REVIEW_REQUESTED),
)


def review_request_page(number: int = 1) -> Page:
    """Decisions people asked to review, oldest request first, with registration and person."""
    return paginate(_REVIEW_LISTING, number)


# Both lists' counts in one statement: on PostgreSQL each statement costs a round trip (~0.15 ms
# of the server's CPU), and a list without rows then costs nothing more.
_QUEUE_COUNTS = select(_PENDING_LISTING.count.scalar_subquery(), _REVIEW_LISTING.count.scalar_subquery())


def queue_pages(pending_number: int = 1, review_number: int = 1) -> tuple[Page, Page]:
    """`pending_page(pending_number)` and `review_request_page(review_number)`, their counts read
    together: one statement, and one more for each list that has rows."""
    pending_total, review_total = db.session.execute(_QUEUE_COUNTS).one()
    return (
        paginate(_PENDING_LISTING, pending_number, total=pending_total or 0),
        paginate(_REVIEW_LISTING, review_number, total=review_total or 0),
    )
