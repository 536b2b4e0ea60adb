"""Going public: the sole right asked of the business register at that moment, and the way into
the check (the counsellors' queue, or published at once for a verified company where the profile
allows it, with the check afterwards)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.integrations.xroad.errors import XRoadError
from portal.models.vacancy import ActorRole, EmployerCompany, Vacancy, VacancyState
from portal.profiles import current_profile
from portal.services import representation
from portal.services.vacancies import messages, rules
from portal.services.vacancies.base import (
    Actor,
    NotAllowed,
    RegisterUnavailable,
    change_state,
    record_change,
)


def confirm_sole_right(actor: Actor) -> None:
    """Ask the business register now whether the person may act for the company alone; the
    session's answer from the role switch may be hours old, and board memberships end."""
    if actor.role != ActorRole.EMPLOYER:
        return
    if not actor.acting_alone:
        raise NotAllowed("the session holds no sole right")
    try:
        company = representation.may_represent(
            actor.national_code or "", actor.employer_code or "", on_behalf_of=actor.subject
        )
    except XRoadError as error:
        raise RegisterUnavailable(str(error)) from error
    if company is None or not company.acts_alone:
        raise NotAllowed("the register gives no sole right")


def _publishes_directly(session: Session, vacancy: Vacancy) -> bool:
    if not current_profile().vacancies.direct_publishing:
        return False
    return bool(
        session.scalar(
            select(EmployerCompany.verified).where(EmployerCompany.registry_code == vacancy.employer_code)
        )
    )


def send_to_check(session: Session, vacancy: Vacancy, actor: Actor, *, reason: str | None = None) -> None:
    """Into the counsellors' queue; or, for a verified company where the profile allows it,
    published at once and checked afterwards."""
    vacancy.check_flags = rules.check_flags(session, vacancy, current_profile())
    direct = _publishes_directly(session, vacancy)
    target = VacancyState.PUBLISHED if direct else VacancyState.SUBMITTED
    if vacancy.state == target:
        vacancy.needs_check = True
        record_change(session, vacancy, vacancy.state, actor, reason=reason)
        return
    change_state(session, vacancy, target, actor, reason=reason)
    if direct:
        vacancy.needs_check = True
        messages.add(session, vacancy, "vacancy_published")
