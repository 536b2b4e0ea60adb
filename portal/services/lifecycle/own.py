"""The person ends their own registration: "I found a job" (with the first day and the employer), or
another reason (moving abroad, no longer wishing to be registered). The end is decided at once by a
rule on the person's own report; a proposal from the person is kept with it for the record."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, select

from portal.extensions import db
from portal.models import (
    AutomatedRule,
    Decision,
    EndReason,
    ProposalSource,
    ProposalState,
    Registration,
    RegistrationState,
    StatusProposal,
)
from portal.profiles import CountryProfile
from portal.services import decisions
from portal.services.decisions import Issuer
from portal.services.lifecycle import ending
from portal.services.lifecycle.ending import InvalidEndDate, NotActive

OWN_REASONS = (EndReason.FOUND_WORK, EndReason.EMIGRATED, EndReason.OWN_REQUEST)

__all__ = ["OWN_REASONS", "InvalidEndDate", "NotActive", "end_own", "latest_day", "registration_to_end"]


# Built once (the ending pages ask it on every request): the person's latest registration.
_LATEST = (
    select(Registration)
    .where(Registration.person_id == bindparam("person_id"))
    .order_by(Registration.id.desc())
    .limit(1)
)


def registration_to_end(person_id: int) -> Registration | None:
    """The person's latest registration when it is in force (the one they may end), else None. The
    registration's row alone: the pages that ask need neither its decisions nor the person's draft."""
    latest = db.session.scalar(_LATEST, {"person_id": person_id})
    return latest if latest is not None and latest.state is RegistrationState.REGISTERED else None


def latest_day(profile: CountryProfile) -> dt.date:
    """The latest first day of work (or end) a person may report."""
    return profile.today() + dt.timedelta(days=profile.lifecycle.report_days_ahead)


def _reasoning(reason: EndReason, on: dt.date, employer: str | None) -> str:
    if reason is EndReason.FOUND_WORK:
        at = f" at {employer}" if employer else ""
        return f"The person reported starting work{at} on {on:%-d %B %Y}. The registration ends on that day."
    if reason is EndReason.EMIGRATED:
        return f"The person reported moving abroad on {on:%-d %B %Y}. The registration ends on that day."
    return f"The person asked to end the registration on {on:%-d %B %Y}."


def end_own(
    person_id: int,
    registration_id: int,
    *,
    reason: EndReason,
    on: dt.date,
    employer: str | None,
    profile: CountryProfile,
) -> Decision:
    """End the person's own registration from `on` (a day before the registration began counts as its
    first day). Raises `LookupError` (not theirs), `NotActive`, `InvalidEndDate` (too far ahead)."""
    if reason not in OWN_REASONS:
        raise ValueError(reason)
    if on > latest_day(profile):
        raise InvalidEndDate(on.isoformat())
    with decisions.issuing() as batch:
        registration = batch.session.get(
            Registration, registration_id, populate_existing=True, with_for_update=True
        )
        if registration is None or registration.person_id != person_id:
            raise LookupError(registration_id)
        if registration.registered_on is not None:
            on = max(on, registration.registered_on)
        details = {"since": on.isoformat()}
        if reason is EndReason.FOUND_WORK and employer:
            details["employer_name"] = employer
        # An open proposal for the same reason (the tax check found the job) is confirmed by the end.
        already = batch.session.scalar(
            select(StatusProposal.id).where(
                StatusProposal.registration_id == registration.id,
                StatusProposal.reason == reason,
                StatusProposal.state == ProposalState.OPEN,
            )
        )
        if already is None:
            batch.session.add(
                StatusProposal(
                    registration_id=registration.id,
                    person_id=person_id,
                    reason=reason,
                    source=ProposalSource.PERSON,
                    effective_on=on,
                    evidence=details,
                )
            )
            batch.session.flush()
        return ending.end(
            batch,
            registration,
            reason=reason,
            effective_on=on,
            issuer=Issuer.rule(AutomatedRule.END_ON_OWN_REPORT),
            reasoning=_reasoning(reason, on, employer),
            profile=profile,
            facts={"end": {**details, "reported_by_person": True}},
        )
