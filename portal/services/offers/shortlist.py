"""Shortlists: what an employer sees of the people who accepted an offer of their vacancy or applied,
their outcomes, and the person's own view of their applications (docs/offers.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import (
    AuditTag,
    Candidate,
    ConsentField,
    JobseekerProfile,
    NotSelectedReason,
    OccupationSource,
    Outcome,
    Person,
    Registration,
    RegistrationState,
    StatusEndProposal,
    Vacancy,
    VacancyState,
)
from portal.models.base import utcnow
from portal.models.lifecycle import EndReason, ProposalSource
from portal.profiles import current_profile
from portal.services import audit, decisions, inbox
from portal.services.lifecycle import proposals as lifecycle_proposals
from portal.services.lifecycle.ending import offer_reference
from portal.services.paging import DEFAULT_SIZE, Listing, Page, paginate
from portal.services.vacancies import queries

OUTCOME_MESSAGE = "application_outcome"
EMPLOYED = "EMPLOYED"  # the SAS contract's deregistration reason


class NotVisible(LookupError):
    """The candidate is not on this employer's open shortlist (withdrawn, closed, or another's)."""


@dataclass(frozen=True)
class ShownCandidate:
    """One candidate as the employer sees them: only what the person agreed to show."""

    id: int
    source: str
    joined_at: dt.datetime
    fields: tuple[str, ...]
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    occupations: tuple[str, ...] = ()
    education_level: int | None = None
    languages: tuple[tuple[str, str], ...] = ()
    experience: tuple[str, ...] = ()  # occupations the employment register knows them in
    outcome: Outcome | None = None
    outcome_at: dt.datetime | None = None
    start_date: dt.date | None = None
    not_selected_reason: NotSelectedReason | None = None
    extra: dict[str, str] = field(default_factory=dict)


def visible(vacancy: Vacancy) -> bool:
    """Closing a vacancy removes its shortlist at once."""
    return vacancy.state is VacancyState.PUBLISHED


# A vacancy's shortlist, built once (its vacancy bound at execution, `:vacancy_id`), with its count.
_CANDIDATES = Listing(
    select(Candidate, Person)
    .join(Person, Person.id == Candidate.person_id)
    .where(Candidate.vacancy_id == bindparam("vacancy_id"), Candidate.consent_withdrawn_at.is_(None))
    .order_by(Candidate.created_at, Candidate.id)
)
# The vacancy with its shortlist's count and the company's unread messages (the employer
# navigation's count), in one statement where they were three: the shortlist page's.
_VACANCY_WITH_COUNTS = select(
    Vacancy, _CANDIDATES.count.scalar_subquery().label("candidates"), queries.UNREAD.label("unread")
).where(Vacancy.id == bindparam("vacancy_id"))


def vacancy_with_counts(vacancy_id: int, employer_code: str) -> tuple[Vacancy | None, int, int]:
    """The vacancy (None when there is none), how many candidates its shortlist has (`shortlist`'s
    `total`) and how many unread messages the company `employer_code` has, in one statement."""
    found = db.session.execute(
        _VACANCY_WITH_COUNTS, {"vacancy_id": vacancy_id, "employer_code": employer_code}
    ).one_or_none()
    if found is None:
        return None, 0, 0
    return found[0], int(found[1] or 0), int(found[2] or 0)


def shortlist(vacancy: Vacancy, number: int = 1, total: int | None = None) -> Page[ShownCandidate]:
    """The vacancy's candidates who still consent, oldest first, paginated in SQL; four
    statements whatever the number of rows (count, candidates with persons, their records); one, the
    count, when nobody is on it, and none when the page read the count already (`total`, from
    `vacancy_with_counts`)."""
    if not visible(vacancy):
        return Page(items=[], total=0, number=1, size=DEFAULT_SIZE)
    found = paginate(_CANDIDATES, number, scalars=False, params={"vacancy_id": vacancy.id}, total=total)
    rows = found.items
    if not rows:
        return Page(items=[], total=found.total, number=found.number, size=found.size)
    records = {
        record.person_id: record
        for record in db.session.scalars(
            select(JobseekerProfile)
            .where(JobseekerProfile.person_id.in_([candidate.person_id for candidate, _ in rows]))
            .options(selectinload(JobseekerProfile.occupations), selectinload(JobseekerProfile.languages))
        )
    }
    shown = [_shown(candidate, person, records.get(candidate.person_id)) for candidate, person in rows]
    return Page(items=shown, total=found.total, number=found.number, size=found.size)


def _shown(candidate: Candidate, person: Person, record: JobseekerProfile | None) -> ShownCandidate:
    shared = set(candidate.consented_fields)
    values: dict = {}
    if ConsentField.NAME in shared:
        values["name"] = person.full_name
    if record is not None:
        if ConsentField.CONTACT in shared:
            values["email"], values["phone"] = record.email, record.phone
        if ConsentField.OCCUPATIONS in shared:
            values["occupations"] = tuple(row.isco_code for row in record.occupations)
        if ConsentField.EDUCATION in shared:
            values["education_level"] = record.education_level
        if ConsentField.LANGUAGES in shared:
            values["languages"] = tuple((row.code, row.level or "") for row in record.languages)
        if ConsentField.EXPERIENCE in shared:
            values["experience"] = tuple(
                row.isco_code for row in record.occupations if row.source is OccupationSource.TAX_REGISTER
            )
    return ShownCandidate(
        id=candidate.id,
        source=candidate.source.value,
        joined_at=candidate.consented_at,
        fields=tuple(candidate.consented_fields),
        outcome=candidate.outcome,
        outcome_at=candidate.outcome_at,
        start_date=candidate.start_date,
        not_selected_reason=candidate.not_selected_reason,
        **values,
    )


def record_shortlist_view(vacancy: Vacancy, shown: list[ShownCandidate], actor_person_id: int) -> None:
    """The employer saw these people's shared data: one event per person, in its own transaction."""
    if not shown:
        return
    ids = {candidate.id for candidate in shown}
    people = db.session.scalars(select(Candidate.person_id).where(Candidate.id.in_(ids))).all()
    with db.write() as session:
        for person_id in people:
            audit.record(
                session,
                AuditTag.SHORTLIST_VIEW,
                actor_role="employer",
                purpose="shortlist of a vacancy",
                actor_person_id=actor_person_id,
                subject_person_id=person_id,
                details={"vacancy": vacancy.id},
            )


def _propose_end(batch: decisions.Issuing, proposal: StatusEndProposal, vacancy: Vacancy) -> None:
    """The employer's "hired" becomes a proposal in the status lifecycle's queue (issue 16): a
    counsellor confirms it, and its outcome is copied back to `proposal`."""
    registration = batch.session.scalar(
        select(Registration)
        .where(
            Registration.person_id == proposal.person_id, Registration.state == RegistrationState.REGISTERED
        )
        .order_by(Registration.registered_on.desc(), Registration.id.desc())
        .limit(1)
        .with_for_update()
    )
    if registration is None:  # not registered (any more): nothing to end
        return
    lifecycle_proposals.propose_in(
        batch,
        registration,
        reason=EndReason.FOUND_WORK,
        source=ProposalSource.EMPLOYER,
        effective_on=proposal.start_date,
        evidence={
            "vacancy_id": vacancy.id,
            "candidate_id": proposal.candidate_id,
            "since": proposal.start_date.isoformat(),
        },
        profile=current_profile(),
        source_reference=offer_reference(proposal.id),
    )


def record_outcome(
    candidate_id: int,
    vacancy: Vacancy,
    *,
    outcome: Outcome,
    start_date: dt.date | None,
    reason: NotSelectedReason | None,
    actor_person_id: int,
    request_id: str | None = None,
) -> Candidate:
    """The employer's outcome for one of their candidates. "Hired" stores a proposal to end the
    person's jobseeker status, which a counsellor confirms (the status lifecycle carries it out)."""
    if outcome is Outcome.HIRED and start_date is None:
        raise ValueError("hired needs a start date")
    if outcome is Outcome.NOT_SELECTED and reason is None:
        raise ValueError("not selected needs a reason")
    with decisions.issuing() as batch:  # a proposal may be decided at once (the profile's rule)
        session = batch.session
        candidate = session.get(Candidate, candidate_id, populate_existing=True, with_for_update=True)
        if (
            candidate is None
            or candidate.vacancy_id != vacancy.id
            or candidate.consent_withdrawn_at is not None
            or not visible(vacancy)
        ):
            raise NotVisible(candidate_id)
        candidate.outcome = outcome
        candidate.outcome_at = utcnow()
        candidate.start_date = start_date if outcome is Outcome.HIRED else None
        candidate.not_selected_reason = reason if outcome is Outcome.NOT_SELECTED else None
        if outcome is Outcome.HIRED:
            proposal = session.scalar(
                select(StatusEndProposal).where(StatusEndProposal.candidate_id == candidate.id)
            )
            if proposal is None:
                proposal = StatusEndProposal(
                    person_id=candidate.person_id,
                    candidate_id=candidate.id,
                    reason=EMPLOYED,
                    start_date=start_date,
                )
                session.add(proposal)
                session.flush()
            else:
                proposal.start_date = start_date
            _propose_end(batch, proposal, vacancy)
        inbox.deliver(
            session, person_id=candidate.person_id, kind=OUTCOME_MESSAGE, offer_id=candidate.offer_id
        )
        audit.record(
            session,
            AuditTag.CANDIDATE_OUTCOME,
            actor_role="employer",
            purpose="outcome of an application",
            actor_person_id=actor_person_id,
            subject_person_id=candidate.person_id,
            request_id=request_id,
            details={"candidate": candidate.id, "vacancy": vacancy.id, "outcome": outcome.value},
        )
    inbox.notify_after_commit([candidate.id])
    return candidate


def withdraw_consent(candidate_id: int, person_id: int, *, request_id: str | None = None) -> Candidate:
    """The person takes back their consent: they leave the shortlist at once."""
    with db.write() as session:
        candidate = session.scalar(
            select(Candidate)
            .where(Candidate.id == candidate_id, Candidate.person_id == person_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        if candidate is None:
            raise LookupError(candidate_id)
        if candidate.consent_withdrawn_at is None:
            candidate.consent_withdrawn_at = utcnow()
            audit.record(
                session,
                AuditTag.CONSENT_WITHDRAW,
                actor_role="jobseeker",
                purpose="consent to show the record withdrawn",
                actor_person_id=person_id,
                subject_person_id=person_id,
                request_id=request_id,
                details={"candidate": candidate.id, "vacancy": candidate.vacancy_id},
            )
    return candidate
