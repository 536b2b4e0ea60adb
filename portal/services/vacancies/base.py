"""What every vacancy use case shares: who acts, what they send, what can go wrong, and the one
place that changes a vacancy's state (and writes the history row and the audit event with it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from portal.models import AuditTag
from portal.models.base import utcnow
from portal.models.vacancy import (
    ActorRole,
    ApplyMethod,
    ContractType,
    RemoteWork,
    Vacancy,
    VacancyState,
    VacancyStateChange,
    VacancyWorkingTime,
)
from portal.services import audit
from portal.services.offers import proposing as offer_proposing

S = VacancyState
# Every transition the services make; anything else is a bug or a stale form (`WrongState`).
TRANSITIONS = frozenset(
    {
        (S.DRAFT, S.SUBMITTED),  # the employer asks for publication
        (S.DRAFT, S.PUBLISHED),  # direct publishing, or a counsellor's own registration
        (S.SUBMITTED, S.PUBLISHED),  # the counsellor's check passed
        (S.SUBMITTED, S.DRAFT),  # returned to the employer with a reason
        (S.PUBLISHED, S.DRAFT),  # returned after the check that follows direct publishing
        (S.PUBLISHED, S.SUBMITTED),  # a material edit goes back to the check
        (S.DRAFT, S.CLOSED),
        (S.SUBMITTED, S.CLOSED),
        (S.PUBLISHED, S.CLOSED),
    }
)


@dataclass(frozen=True)
class Actor:
    """Who acts: a company representative (as their login session says), a counsellor, the system."""

    person_id: int | None
    role: ActorRole
    employer_code: str | None = None  # the company an employer acts for
    acting_alone: bool = False  # what the session's last register check said (re-checked to publish)
    national_code: str | None = None
    subject: str | None = None  # country-prefixed code for X-Road-UserId

    @property
    def is_staff(self) -> bool:
        return self.role == ActorRole.COUNSELLOR


SYSTEM = Actor(person_id=None, role=ActorRole.SYSTEM)


@dataclass(frozen=True)
class VacancyInput:
    """A vacancy as the form sends it, already validated (`portal.services.vacancies.rules`)."""

    title: str
    occupation_code: str
    description: str
    municipality_codes: tuple[str, ...]
    remote: RemoteWork
    working_time: VacancyWorkingTime
    contract: ContractType
    contract_end: dt.date | None
    wage_min: int
    wage_max: int
    education_level: int | None
    languages: tuple[tuple[str, str], ...]  # (ISO 639-1 code, CEFR level)
    driving_licence: str | None
    experience_years: int
    positions: int
    start_date: dt.date | None
    deadline: dt.date
    apply_method: ApplyMethod
    apply_address: str | None
    contact_name: str | None
    contact_email: str | None
    contact_phone: str | None


class VacancyError(Exception):
    """A use case refused; the message is for logs, views show their own translated text."""


class NotFound(VacancyError):
    pass


class WrongState(VacancyError):
    """The vacancy is no longer in a state that allows this (another tab, another person)."""


class NotAllowed(VacancyError):
    """The register does not give this person the sole right to act for the company."""


class RegisterUnavailable(VacancyError):
    """The business register could not be asked; nothing was changed."""


class VacancyConflict(VacancyError):
    """Someone saved the vacancy since the form was loaded."""


class InvalidVacancy(VacancyError):
    """The data break a rule; `errors` maps field names to messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(sorted(errors)))
        self.errors = errors


def change_state(
    session: Session,
    vacancy: Vacancy,
    to_state: VacancyState,
    actor: Actor,
    *,
    reason: str | None = None,
    now: dt.datetime | None = None,
) -> VacancyStateChange:
    """Move `vacancy` to `to_state`, recording who, in which role, when, from what, and why."""
    from_state = vacancy.state
    if (from_state, to_state) not in TRANSITIONS:
        raise WrongState(f"vacancy {vacancy.id}: {from_state} -> {to_state}")
    now = now or utcnow()
    vacancy.state = to_state
    if to_state == S.PUBLISHED and vacancy.published_at is None:
        vacancy.published_at = now
    if to_state == S.CLOSED:
        vacancy.closed_at = now
        # Its open offers are withdrawn in the same transaction (docs/offers.md); its shortlist is
        # no longer shown from now on (services/offers/shortlist.visible).
        offer_proposing.withdraw_open_offers(session, vacancy.id, reason="vacancy-closed")
    if to_state != S.PUBLISHED:
        vacancy.needs_check = False
    return record_change(session, vacancy, from_state, actor, reason=reason, now=now)


def record_change(
    session: Session,
    vacancy: Vacancy,
    from_state: VacancyState | None,
    actor: Actor,
    *,
    reason: str | None = None,
    now: dt.datetime | None = None,
) -> VacancyStateChange:
    """The history row (also for changes that keep the state: a check done, an edit) and an audit
    event naming the vacancy and the company."""
    row = VacancyStateChange(
        vacancy_id=vacancy.id,
        actor_person_id=actor.person_id,
        actor_role=actor.role,
        at=now or utcnow(),
        from_state=from_state,
        to_state=vacancy.state,
        reason=reason,
    )
    session.add(row)
    audit.record(
        session,
        AuditTag.VACANCY_CHANGE,
        actor_role=actor.role.value,
        purpose="vacancy state change",
        actor_person_id=actor.person_id,
        details={
            "vacancy": vacancy.id,
            "company": vacancy.employer_code,
            "from": from_state.value if from_state else None,
            "to": vacancy.state.value,
        },
    )
    return row
